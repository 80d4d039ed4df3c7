"""One learner's journey can be followed across services: the W3C traceparent of the first
HTTP request reaches the events of the next two services, and the audit records name who acted.

The three services here are built from the platform exactly as the real ones are (service_app,
Runtime, outbox relay, idempotent consumers, the auth dependency), with handlers that pass
the journey on: projects → credits → certificates. Trace propagation is the platform's job,
so the test does not depend on any one service's business rules.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from fastapi import APIRouter, Depends, Request
from sqlalchemy import select

from cme_contracts import Envelope, topics
from cme_contracts.events import CertificateRevoked, CreditClass, CreditRevoked, ProjectLevel, ProjectPublished
from cme_platform.auth import Principal, Role, require_roles
from cme_platform.db import UnitOfWork, create_engine, outbox, platform_metadata
from cme_platform.devstack import ensure_database
from cme_platform.runtime import Runtime
from cme_platform.settings import ServiceSettings
from cme_platform.testing.services import audit_sealed, eventually, running, settings_for
from cme_platform.testing.tokens import auth_header
from cme_platform.web import service_app

TRACE_ID = uuid.uuid4().hex
TRACEPARENT = f"00-{TRACE_ID}-{uuid.uuid4().hex[:16]}-01"


async def platform_database(infra, service: str) -> str:
    name = f"{service.replace('-', '_')}"
    await ensure_database(infra, name)
    url = infra.database_url(name)
    engine = create_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(platform_metadata.create_all)
    await engine.dispose()
    return url


async def runtime_for(infra, service: str) -> Runtime:
    return Runtime(settings_for(infra, ServiceSettings, await platform_database(infra, service), service_name=service))


def publish_project_router(project_id: str) -> APIRouter:
    router = APIRouter()

    @router.post("/publish")
    async def publish(request: Request, principal: Principal = Depends(require_roles(Role.PROVINCIAL_OFFICE))):
        async with request.app.state.runtime.uow() as uow:
            await uow.publish(ProjectPublished(
                project_id=project_id, number="2021-03-05-129（国）", number_normalized="2021-03-05-129(国)",
                name="疼痛治疗新进展学习班", level=ProjectLevel.NATIONAL, credit_class=CreditClass.I, credits=4,
                jurisdiction="jiangsu", year=2021,
            ))
            await uow.commit()
        return {"published": project_id}

    return router


def journey_handlers(project_id: str):
    """credits: a published project leads to a credit event; certificates: that leads to a certificate event."""
    async def on_project(event: ProjectPublished, uow: UnitOfWork) -> None:
        if event.project_id == project_id:  # the shared topic also holds other tests' projects
            await uow.publish(CreditRevoked(credit_id=f"credit-{project_id}", id_number=project_id, reason="更正",
                                            revoked_by="system", revoked_at=datetime.now(UTC)))

    async def on_credit(event: CreditRevoked, uow: UnitOfWork) -> None:
        if event.id_number == project_id:
            await uow.publish(CertificateRevoked(
                certificate_id=f"cert-{project_id}", certificate_number="N-1", credit_id=event.credit_id,
                id_number=event.id_number, reason=event.reason, revoked_at=datetime.now(UTC)))

    return on_project, on_credit


async def outbox_envelopes(runtime: Runtime, topic: str) -> list[Envelope]:
    async with runtime.sessions() as s:
        payloads = (await s.execute(select(outbox.c.payload).where(outbox.c.topic == topic)
                                    .order_by(outbox.c.created_at))).scalars().all()
    return [Envelope.from_bytes(p) for p in payloads]


def trace_id(envelope: Envelope) -> str:
    return envelope.traceparent.split("-")[1]


async def test_a_traceparent_set_at_the_first_request_reaches_the_events_of_the_next_two_services(infra):
    run = uuid.uuid4().hex[:8]
    project_id = f"trace-{run}"
    projects, credits, certificates = [await runtime_for(infra, f"{name}-{run}")
                                       for name in ("projects", "credits", "certificates")]
    on_project, on_credit = journey_handlers(project_id)
    credits.add_consumer(f"trace-credits-{run}", (topics.PROJECTS,), {ProjectPublished: on_project})
    certificates.add_consumer(f"trace-certificates-{run}", (topics.CREDITS,), {CreditRevoked: on_credit})
    apps = [service_app(projects, title="projects", routers=[publish_project_router(project_id)]),
            service_app(credits, title="credits"), service_app(certificates, title="certificates")]

    async with running(apps[0]) as api, running(apps[1]), running(apps[2]):
        response = await api.post("/publish", headers={
            "traceparent": TRACEPARENT, "X-Correlation-ID": f"journey-{run}",
            **auth_header(Role.PROVINCIAL_OFFICE, account_id="acct-province-1"),
        })
        assert response.status_code == 200, response.text
        [last] = await eventually(lambda: outbox_envelopes(certificates, topics.CERTIFICATES), timeout=60)
        [first] = await outbox_envelopes(projects, topics.PROJECTS)
        [middle] = await outbox_envelopes(credits, topics.CREDITS)
        for runtime in (projects, credits, certificates):
            await audit_sealed(runtime)  # audit records are chained just after the commit
        audits = {rt: [e.data for e in await outbox_envelopes(rt, topics.AUDIT)]
                  for rt in (projects, credits, certificates)}

    assert [trace_id(e) for e in (first, middle, last)] == [TRACE_ID] * 3, "one trace across three services"
    assert len({e.traceparent for e in (first, middle, last)}) == 3, "each service's step is its own span"
    assert {e.correlationid for e in (first, middle, last)} == {f"journey-{run}"}
    assert (middle.causationid, last.causationid) == (first.id, middle.id), "each step names its cause"

    [approved] = audits[projects]
    assert (approved["actor"], approved["actor_role"]) == ("acct-province-1", "provincial_office")
    assert approved["event_id"] == first.id and approved["traceparent"] == first.traceparent
    [revoked] = audits[credits]
    assert revoked["actor"] is None and revoked["causation_id"] == first.id, "a consumer acts for the system"
    assert {records[0]["traceparent"].split("-")[1] for records in audits.values()} == {TRACE_ID}
