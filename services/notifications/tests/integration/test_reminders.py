"""The scheduler against the real database: the office is reminded of an application waiting
too long, a learner short in November is told what is missing, a reported session is no
longer reminded about, and only one replica ticks at a time."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import time_machine
from sqlalchemy import select

from cme_contracts.events import CreditApproved, ExecutionReported, HoldApplicationSubmitted
from cme_notifications.adapters.tables import held_sessions, waiting_applications
from cme_notifications.domain.reminders import HeldSession
from cme_notifications.service_layer.scheduler import tick
from cme_platform.testing.services import eventually

BEIJING = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), BEIJING)


async def test_the_office_is_reminded_of_an_application_waiting_past_the_rule(service, new_province):
    jurisdiction = new_province()  # the national rule: 10 days
    submitted = HoldApplicationSubmitted(
        application_id=f"app-{uuid.uuid4().hex[:8]}", project_id="p-1", project_number="2027-01-01-001（国）",
        jurisdiction=jurisdiction, owner_id="owner-1", unit_id="unit-1", submitted_at=at(date(2027, 5, 1)))
    await service.deliver(submitted)
    await eventually(lambda: _waiting(service, submitted.application_id))
    for day in (date(2027, 5, 10), date(2027, 5, 11), date(2027, 5, 12)):
        with time_machine.travel(at(day), tick=True):
            await tick(service.runtime.uow())
    [reminder] = await service.messages_to("office", jurisdiction)
    assert reminder.category == "reminder.hold_application" and "已等待 10 天" in reminder.body


async def test_a_learner_short_on_the_first_of_november_is_told_what_is_missing(service, new_id_number):
    id_number = new_id_number()
    await service.deliver(CreditApproved(
        credit_id=f"credit-{uuid.uuid4().hex[:8]}", id_number=id_number, name="张晓明", year=2027, credit_class="I",
        level="national", credits=4, source="session", project_name="疼痛治疗新进展学习班", jurisdiction="sichuan",
        issuing_office="四川省继续医学教育委员会办公室", approved_by="省继教办", approved_at=at(date(2027, 6, 1))))
    await eventually(lambda: service.messages_to("learner", id_number))
    for day in (date(2027, 10, 31), date(2027, 11, 1)):
        with time_machine.travel(at(day), tick=True):
            await tick(service.runtime.uow())
    warnings = [m for m in await service.messages_to("learner", id_number) if m.category == "reminder.compliance"]
    assert len(warnings) == 1
    assert "Ⅰ类学分还差 1 分" in warnings[0].body and "Ⅱ类学分还差 15 分" in warnings[0].body
    assert id_number not in warnings[0].body


async def test_a_reported_session_is_not_reminded_about(service):
    session = HeldSession(f"session-{uuid.uuid4().hex[:8]}", "P-9", "护理学进展", f"unit-{uuid.uuid4().hex[:6]}",
                          "jiangsu", date(2027, 4, 1))
    async with service.runtime.uow() as uow:
        await uow.read_models.add_session(session)
        await uow.commit()
    await service.deliver(ExecutionReported(
        report_id="r-1", session_id=session.session_id, project_id="p", project_number="P-9", project_name="护理学进展",
        jurisdiction="jiangsu", level="provincial", credit_class="II", credits=1, start_date=date(2027, 4, 1),
        end_date=date(2027, 4, 1), unit_id=session.unit_id, submitted_by="admin", submitted_at=datetime.now(UTC),
        attendees=[]))
    await eventually(lambda: _reported(service, session.session_id))
    with time_machine.travel(at(date(2027, 4, 8)), tick=True):  # 7 days before the due date
        await tick(service.runtime.uow())
    assert await service.messages_to("unit", session.unit_id) == []


async def test_a_second_replica_does_not_tick_while_the_leader_does(service):
    async with service.runtime.uow() as leader:
        assert await leader.scheduler_lock.take()
        assert await tick(service.runtime.uow()) is None
    assert await tick(service.runtime.uow()) is not None


async def _waiting(service, application_id: str):
    async with service.runtime.sessions() as session:
        return (await session.execute(select(waiting_applications).where(
            waiting_applications.c.application_id == application_id))).first()


async def _reported(service, session_id: str):
    async with service.runtime.sessions() as session:
        row = (await session.execute(select(held_sessions).where(held_sessions.c.session_id == session_id))).first()
        return row is not None and row.reported_at is not None
