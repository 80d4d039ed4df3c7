"""Notifications across services: events produced to the real broker as the credits and
projects services publish them become messages in the notifications database, once.

Each app here consumes in a group of its own: other suites' notifications apps may be alive
on the same broker, and a shared group would hand them our events.
"""

from __future__ import annotations

import asyncio
import uuid
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import time_machine
from sqlalchemy import select

from cme_contracts import IntegrationEvent
from cme_contracts.events import CreditApproved, CreditRejected, HoldApplicationApproved, SessionDay, TimeWindow
from cme_notifications.adapters.tables import messages
from cme_notifications.config import NotificationsSettings
from cme_notifications.entrypoints.app import create_app
from cme_notifications.service_layer.scheduler import tick
from cme_platform.auth import Role
from cme_platform.testing.services import eventually, migrated_database, running, settings_for
from cme_platform.testing.tokens import auth_header

BEIJING = ZoneInfo("Asia/Shanghai")


@asynccontextmanager
async def notifications(infra, database: str, group: str):
    """A notifications app whose scheduler loop ticks once at start, then waits an hour."""
    app = create_app(settings_for(infra, NotificationsSettings, database, consumer_group=group,
                                  reminder_period_seconds=3600))
    async with running(app) as client:
        yield app, client


async def produce(app, event: IntegrationEvent, message: bytes | None = None) -> bytes:
    """Put an event on its topic as its own service's relay would (the same bytes when given)."""
    runtime = app.state.runtime
    message = message or runtime.uow().envelope(event).to_bytes()
    await runtime.producer.send_and_wait(event.topic, message, key=event.partition_key().encode())
    return message


async def rows_to(app, kind: str, key: str) -> list:
    async with app.state.runtime.sessions() as session:
        return (await session.execute(select(messages).where(
            messages.c.recipient_kind == kind, messages.c.recipient_key == key).order_by(messages.c.created_at))).all()


async def test_a_returned_credit_reaches_the_learners_message_centre_once(infra):
    id_number = f"3201{uuid.uuid4().int % 10**13:013d}X"
    # A new group reads the topic from its start, other suites' events too: this unit is ours alone.
    unit_id = f"unit-{uuid.uuid4().hex[:8]}"
    database = await migrated_database(infra, "cme_notifications")
    async with notifications(infra, database, f"notifications-x-{uuid.uuid4().hex[:6]}") as (app, client):
        returned = CreditRejected(
            credit_id="credit-1",
            id_number=id_number,
            review_level="city",
            reason="证书编号与国家级项目库不符",
            rejected_by="city-1",
            rejected_at=datetime.now(UTC),
            unit_id=unit_id,
            project_name="疼痛治疗新进展学习班",
        )
        message = await produce(app, returned)
        await produce(app, returned, message)  # the very same envelope id again: a producer retry
        marker = CreditApproved(
            credit_id="credit-2", id_number=id_number, name="王芳", year=2026, credit_class="II", level="provincial",
            credits=2, source="self_entry", project_name="护理学进展", jurisdiction="jiangsu",
            issuing_office="江苏省继续医学教育委员会办公室", approved_by="省继教办", approved_at=datetime.now(UTC))
        await produce(app, marker)  # same key, same partition: handled after both copies

        async def both_handled():
            rows = await rows_to(app, "learner", id_number)
            return rows if any(r.category == "credit.approved" for r in rows) else None

        await eventually(both_handled, timeout=60)
        me = auth_header(Role.LEARNER, account_id="acc-wang", id_number=id_number)
        centre = (await client.get("/api/notifications/mine", headers=me)).json()
        # The certificates service of the same test session may add its "certificate issued" for the approval.
        credits = sorted(m["category"] for m in centre["items"] if m["category"].startswith("credit."))
        assert credits == ["credit.approved", "credit.returned"], centre
        returns = [m for m in centre["items"] if m["category"] == "credit.returned"]
        assert "证书编号与国家级项目库不符" in returns[0]["body"] and id_number not in returns[0]["body"]
        assert centre["unread"] == len(centre["items"])
        assert len(await rows_to(app, "unit", unit_id)) == 1


def held_session(end: date) -> HoldApplicationApproved:
    """An approved two-day session ending on `end` (Beijing dates)."""
    days = [end - timedelta(days=1), end]
    schedule = [SessionDay(day=d, starts_at=datetime.combine(d, time(8, 30), BEIJING),
                           ends_at=datetime.combine(d, time(17, 30), BEIJING)) for d in days]
    window = TimeWindow(opens_at=schedule[0].starts_at, closes_at=schedule[-1].ends_at)
    return HoldApplicationApproved(
        application_id=f"app-{uuid.uuid4().hex[:8]}", session_id=f"session-{uuid.uuid4().hex[:8]}",
        project_id="project-1", project_number="2027-03-05-129（国）", project_name="疼痛治疗新进展学习班",
        jurisdiction="sichuan", level="national", credit_class="I", credits=4, venue="成都市", owner_id="owner-1",
        unit_id=f"unit-{uuid.uuid4().hex[:6]}", schedule=schedule, check_in_window=window, check_out_window=window,
        qr_refresh_seconds=3600, required_hours=12, approved_by="office-1",
        approved_at=datetime.combine(days[0], time(9), BEIJING) - timedelta(days=20))


async def tick_as_leader(app) -> int:
    """One tick once the app's own start-up tick has let go of the leader lock."""
    for _ in range(300):
        written = await tick(app.state.runtime.uow())
        if written is not None:
            return written
        await asyncio.sleep(0.1)
    raise AssertionError("the scheduler's leader lock was never free")


def at_nine(day: date) -> datetime:
    return datetime.combine(day, time(9, 0), BEIJING)


async def test_execution_report_reminders_fall_on_the_right_days_and_once_across_a_restart(infra):
    end = date(2027, 3, 10)  # due two weeks later, on 24 March
    approved = held_session(end)
    database = await migrated_database(infra, "cme_notifications")
    group = f"notifications-r-{uuid.uuid4().hex[:6]}"
    reminded_on = []
    async with notifications(infra, database, group) as (app, _):
        await produce(app, approved)
        await eventually(lambda: rows_to(app, "account", "owner-1"), timeout=60)
        for offset in range(0, 17):
            day = end + timedelta(days=offset)
            # A new group reads the topic from its start: other suites' sessions are reminded too,
            # so what counts is whether this session's unit got a new message that day.
            before = len(await rows_to(app, "unit", approved.unit_id))
            with time_machine.travel(at_nine(day), tick=True):
                await tick_as_leader(app)
            if len(await rows_to(app, "unit", approved.unit_id)) > before:
                reminded_on.append(day)
        before_restart = await rows_to(app, "unit", approved.unit_id)
    assert reminded_on == [date(2027, 3, 17), date(2027, 3, 21), date(2027, 3, 23), date(2027, 3, 24)]
    assert ["还剩 7 天" in before_restart[0].body, "今天是截止日" in before_restart[-1].body] == [True, True]

    # Restarted on the due day, later that morning: its first tick runs at start-up, then once more.
    with time_machine.travel(at_nine(date(2027, 3, 24)) + timedelta(hours=2), tick=True):
        async with notifications(infra, database, group) as (app, _):
            await tick_as_leader(app)
            after_restart = await rows_to(app, "unit", approved.unit_id)
    assert [r.key for r in after_restart] == [r.key for r in before_restart]
