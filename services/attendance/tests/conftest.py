"""Shared fixtures of the attendance service's tests: sessions, people, signed tokens, one running app, and the
in-memory repositories of `fakes.py` that the unit tests run the use cases on."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from cme_attendance.service_layer.sessions import session_of
from cme_contracts import Envelope
from cme_contracts.events import HoldApplicationApproved
from cme_contracts.events.common import CreditClass, ProjectLevel, SessionDay, TimeWindow
from cme_contracts.identifiers import id_check_digit
from cme_platform.db import outbox
from cme_platform.testing.fakes import InMemoryUnitOfWork, module_beside

fakes = module_beside(__file__, "fakes.py")
CHINA = ZoneInfo("Asia/Shanghai")
SIGNING_KEY = "test-signing-key-of-at-least-32-characters"
OWNER, UNIT = "owner-1", "unit-1"


def id_number(n: int, birth: str = "19800101") -> str:
    """A valid GB 11643 ID number, distinct per n (Suzhou area code)."""
    first_17 = f"320502{birth}{n % 1000:03d}"
    return first_17 + id_check_digit(first_17)


def approval(*, start: datetime, days: int = 1, hours: float = 8, required_hours: float = 6,
             refresh_seconds: int = 86400, jurisdiction: str = "jiangsu", venue: str = "苏州会场",
             session_id: str | None = None, unit_id: str = UNIT) -> HoldApplicationApproved:
    """An approved hold application whose days start at `start`, windows an hour either side."""
    schedule = [SessionDay(day=(start + timedelta(days=i)).astimezone(CHINA).date(),
                           starts_at=start + timedelta(days=i), ends_at=start + timedelta(days=i, hours=hours))
                for i in range(days)]
    whole = TimeWindow(opens_at=start - timedelta(hours=1), closes_at=schedule[-1].ends_at + timedelta(hours=1))
    return HoldApplicationApproved(
        application_id=f"app-{uuid.uuid4().hex[:8]}", session_id=session_id or f"sess-{uuid.uuid4().hex[:12]}",
        project_id="proj-1", project_number="2020480301016 (省)", project_name="心血管病学新进展学习班",
        jurisdiction=jurisdiction, level=ProjectLevel.PROVINCIAL, credit_class=CreditClass.I, credits=5,
        venue=venue, owner_id=OWNER, unit_id=unit_id, schedule=schedule, check_in_window=whole,
        check_out_window=whole, qr_refresh_seconds=refresh_seconds, required_hours=required_hours,
        approved_by="office-1", approved_at=datetime.now(UTC),
    )


def at(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """A moment in China Standard Time (UTC+8) as devices report it."""
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=UTC) - timedelta(hours=8)


async def add_session(app, event: HoldApplicationApproved) -> None:
    """Create a session the way the consumer does, without a broker round trip."""
    from cme_attendance.service_layer.sessions import on_hold_application_approved

    async with app.state.runtime.uow() as uow:
        await on_hold_application_approved(event, uow)
        await uow.commit()


async def outbox_events(app, event_type: str, session_id: str) -> list[dict]:
    """Payloads of one type that the service wrote to its outbox for a session."""
    async with app.state.runtime.sessions() as db:
        rows = (await db.execute(select(outbox.c.payload).where(outbox.c.event_type == event_type))).scalars()
        events = [Envelope.from_bytes(payload).data for payload in rows]
    return [e for e in events if e.get("session_id") == session_id]


class Factories:
    """The helpers above, for tests (test modules cannot import conftest under importlib mode)."""

    id_number = staticmethod(id_number)
    approval = staticmethod(approval)
    session_of = staticmethod(session_of)
    at = staticmethod(at)
    add_session = staticmethod(add_session)
    outbox_events = staticmethod(outbox_events)
    signing_key = SIGNING_KEY
    owner, unit = OWNER, UNIT


@pytest.fixture
def fake_sessions():
    """An empty in-memory sessions repository (`fakes.FakeSessionRepository`)."""
    return fakes.FakeSessionRepository()


@pytest.fixture
def fake_uow(fake_sessions) -> InMemoryUnitOfWork:
    """An attendance unit of work on empty in-memory repositories, its sessions `fake_sessions`."""
    return InMemoryUnitOfWork(source="attendance", sessions=fake_sessions,
                              scans=fakes.FakeScanRepository(fake_sessions), refusals=fakes.FakeRefusalRepository(),
                              registrations=fakes.FakeRegistrationRepository(), reports=fakes.FakeReportRepository())


@pytest.fixture(scope="session")
def make() -> Factories:
    """Factories of sessions, people, times and outbox reads."""
    return Factories()


@pytest.fixture(scope="session")
async def service(infra):
    """One running attendance app (API, relay, consumer) for the whole test session."""
    from cme_attendance.config import AttendanceSettings
    from cme_attendance.entrypoints.app import create_app
    from cme_platform.testing.services import migrated_database, running, settings_for

    url = await migrated_database(infra, "cme_attendance")
    app = create_app(settings_for(infra, AttendanceSettings, url, qr_signing_key=SIGNING_KEY,
                                  public_base_url="https://cme.example.cn"))
    async with running(app) as client:
        yield app, client
