"""Commands of the hold-application workflow: each step checks who may take it, changes
the application under a row lock, records the step and publishes what others need."""

from __future__ import annotations

from cme_platform.auth import Principal, Role
from cme_platform.errors import Forbidden, NotFound
from cme_projects.domain.access import require_role, require_scope
from cme_projects.domain.hold_application import HoldApplication, Plan
from cme_projects.domain.project import Project
from cme_projects.domain.rules import rule_set
from cme_projects.service_layer import events
from cme_projects.service_layer.unit_of_work import ProjectsUnitOfWork


async def apply_to_hold(uow: ProjectsUnitOfWork, principal: Principal, project_id: str, plan: Plan) -> HoldApplication:
    """The owner drafts an application to hold a session of one of their projects (资料上传)."""
    require_role(principal, Role.PROJECT_OWNER, "申请举办")
    async with uow:
        project = await _project(uow, project_id)
        # A project imported from a published list records no owner: the applicant owns the application.
        if project.owner_id is not None:
            require_scope(principal, owner_id=project.owner_id, unit_id=project.unit_id,
                          jurisdiction=project.jurisdiction, what="项目")
        if not principal.unit_id:
            raise Forbidden("access.no_unit", "立项用户账号未关联单位，不能申请举办")
        if project.remote_filing:
            raise Forbidden("hold_application.remote_filing", "异地备案项目在主办地申请举办，本省不受理举办申请")
        rule_set(project.jurisdiction)
        app = HoldApplication.draft(project_id=project.id, jurisdiction=project.jurisdiction,
                                    owner_id=principal.account_id, unit_id=principal.unit_id, plan=plan,
                                    actor_role=principal.role.value, at=uow.clock.now())
        await uow.applications.add(app)
        await uow.commit()
    return app


async def revise(uow: ProjectsUnitOfWork, principal: Principal, application_id: str, plan: Plan) -> HoldApplication:
    """The owner changes a draft or a returned application."""
    require_role(principal, Role.PROJECT_OWNER, "修改举办申请")
    async with uow:
        app = await _application(uow, principal, application_id)
        changed = app.revise(plan, actor_id=principal.account_id, actor_role=principal.role.value, at=uow.clock.now())
        await uow.applications.save(app, changed)
        await uow.commit()
    return changed


async def submit(uow: ProjectsUnitOfWork, principal: Principal, application_id: str) -> HoldApplication:
    """The owner submits (提交申请), or resubmits after a return."""
    require_role(principal, Role.PROJECT_OWNER, "提交举办申请")
    async with uow:
        app = await _application(uow, principal, application_id)
        files = await uow.evidence.stored_files(app.plan.attachments.values())
        changed = app.submit(rule_set(app.jurisdiction), files, actor_id=principal.account_id,
                             actor_role=principal.role.value, at=uow.clock.now())
        await uow.applications.save(app, changed)
        await uow.publish(events.submitted(changed, await _project(uow, app.project_id)))
        await uow.commit()
    return changed


async def confirm(uow: ProjectsUnitOfWork, principal: Principal, application_id: str) -> HoldApplication:
    """The owner's unit admin confirms and forwards it to the provincial office (确认上报)."""
    require_role(principal, Role.UNIT_ADMIN, "确认上报")
    async with uow:
        app = await _application(uow, principal, application_id)
        changed = app.confirm(rule_set(app.jurisdiction), actor_id=principal.account_id,
                              actor_role=principal.role.value, at=uow.clock.now())
        await uow.applications.save(app, changed)
        await uow.audit("hold_application.confirmed", subject=app.id, actor=principal.account_id)
        await uow.commit()
    return changed


async def approve(uow: ProjectsUnitOfWork, principal: Principal, application_id: str) -> HoldApplication:
    """The provincial office approves (审核通过): the session exists and attendance may open it."""
    require_role(principal, Role.PROVINCIAL_OFFICE, "审核通过")
    async with uow:
        app = await _application(uow, principal, application_id)
        at = uow.clock.now()
        changed, session = app.approve(rule_set(app.jurisdiction), actor_id=principal.account_id,
                                       actor_role=principal.role.value, at=at)
        await uow.applications.save(app, changed)
        project = await _project(uow, app.project_id)
        await uow.publish(events.approved(changed, project, session, principal.account_id, at))
        await uow.commit()
    return changed


async def return_for_revision(uow: ProjectsUnitOfWork, principal: Principal, application_id: str,
                              reason: str) -> HoldApplication:
    """The provincial office returns it for revision with a reason (退回修改)."""
    require_role(principal, Role.PROVINCIAL_OFFICE, "退回修改")
    async with uow:
        app = await _application(uow, principal, application_id)
        at = uow.clock.now()
        changed = app.return_for_revision(rule_set(app.jurisdiction), reason, actor_id=principal.account_id,
                                          actor_role=principal.role.value, at=at)
        await uow.applications.save(app, changed)
        await uow.publish(events.returned(changed, principal.account_id, at))
        await uow.commit()
    return changed


async def _project(uow: ProjectsUnitOfWork, project_id: str) -> Project:
    project = await uow.projects.get(project_id)
    if project is None:
        raise NotFound("project.not_found", "项目不存在", project_id=project_id)
    return project


async def _application(uow: ProjectsUnitOfWork, principal: Principal, application_id: str) -> HoldApplication:
    """The application, locked for this transition, if the principal's scope covers it."""
    app = await uow.applications.get(application_id, lock=True)
    if app is None:
        raise NotFound("hold_application.not_found", "举办申请不存在", application_id=application_id)
    require_scope(principal, owner_id=app.owner_id, unit_id=app.unit_id, jurisdiction=app.jurisdiction, what="举办申请")
    return app
