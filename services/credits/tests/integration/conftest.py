"""A running credits service per test module, on its own migrated database and the real broker."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from cme_contracts import Envelope, IntegrationEvent
from cme_contracts.events import AccountApproved, EvidenceStored, ExecutionReported, ProjectPublished, ReportedAttendee
from cme_credits.adapters.tables import credit, evidence_mirror, project_mirror, unit_member
from cme_credits.config import CreditsSettings
from cme_credits.domain.identity import normalize_number
from cme_credits.entrypoints.app import create_app
from cme_platform.db import outbox
from cme_platform.testing.services import eventually, migrated_database, running, settings_for


@dataclass
class Service:
    """The running app, an HTTP client to it, and ways to feed it events and look inside."""

    app: FastAPI
    client: httpx.AsyncClient
    sent: list[str] = field(default_factory=list)

    async def send(self, event: IntegrationEvent, *, event_id: str | None = None) -> str:
        """Put an event on its topic as another service's relay would; returns the envelope id."""
        envelope = Envelope(id=event_id or str(uuid.uuid4()), source="/cme/test", type=event.type_name(),
                            subject=event.partition_key(), data=event.model_dump(mode="json"))
        await self.app.state.runtime.producer.send_and_wait(event.topic, envelope.to_bytes(),
                                                            key=event.partition_key().encode())
        return envelope.id

    async def credits_of(self, id_number: str) -> list:
        """Ledger rows of one person."""
        async with self.app.state.runtime.sessions() as session:
            return (await session.execute(select(credit).where(credit.c.id_number == id_number)
                                          .order_by(credit.c.created_at))).all()

    async def published(self, event_type: type[IntegrationEvent], **match) -> list[dict]:
        """Payloads of this service's outbox events of a type whose fields match."""
        async with self.app.state.runtime.sessions() as session:
            rows = (await session.execute(select(outbox.c.payload).where(
                outbox.c.event_type == event_type.type_name()))).all()
        payloads = [Envelope.from_bytes(r.payload).data for r in rows]
        return [p for p in payloads if all(p.get(k) == v for k, v in match.items())]

    async def publish_project(self, event: ProjectPublished) -> None:
        """Announce a project as the projects service does, and wait until credits mirrors it."""
        await self.send(event)

        async def mirrored():
            async with self.app.state.runtime.sessions() as session:
                return (await session.execute(select(project_mirror).where(
                    project_mirror.c.project_id == event.project_id))).first()

        await eventually(mirrored)

    async def register(self, id_number: str, name: str, unit_id: str, jurisdiction: str | None = None) -> None:
        """Approve a learner's registration in a unit as the identity service does, and wait until credits knows."""
        account_id = f"acct-{id_number}-{unit_id}"
        await self.send(AccountApproved(
            account_id=account_id, role="learner", name=name, unit_id=unit_id, jurisdiction=jurisdiction,
            id_number=id_number, decided_by="acct-unit-admin", decided_at=datetime.now(UTC)))

        async def known():
            async with self.app.state.runtime.sessions() as session:
                return (await session.execute(select(unit_member).where(
                    unit_member.c.account_id == account_id))).first()

        await eventually(known)

    async def store_evidence(self, owner_id: str, content_type: str = "application/pdf") -> str:
        """Announce a stored file as the evidence service does, and wait until credits knows it."""
        evidence_id = str(uuid.uuid4())
        await self.send(EvidenceStored(
            evidence_id=evidence_id, owner_id=owner_id, kind="credit_proof", subject_type="credit_claim",
            sha256="0" * 64, size=1024, content_type=content_type, filename="学分证明.pdf",
            stored_at=datetime.now(UTC)))
        async def known():
            async with self.app.state.runtime.sessions() as session:
                return (await session.execute(select(evidence_mirror).where(
                    evidence_mirror.c.evidence_id == evidence_id))).first()

        await eventually(known)
        return evidence_id


def _execution_report(*, jurisdiction: str, attendees: list[ReportedAttendee], level: str = "national",
                     credits: float = 4, unit_id: str = "unit-1", report_id: str | None = None,
                     credit_class: str = "I", city_id: str | None = "hz") -> ExecutionReported:
    """An execution report of a two-day session, by a unit of `city_id`."""
    return ExecutionReported(
        report_id=report_id or str(uuid.uuid4()), session_id=str(uuid.uuid4()), project_id=str(uuid.uuid4()),
        project_number="2024-03-05-129（国）" if level == "national" else "2024480301016 (省)",
        project_name="疼痛治疗新进展学习班", jurisdiction=jurisdiction, level=level, credit_class=credit_class,
        credits=credits, start_date=date(2024, 5, 10), end_date=date(2024, 5, 11), unit_id=unit_id,
        submitted_by="acct-unit-admin", submitted_at=datetime.now(UTC), attendees=attendees, city_id=city_id,
    )


def _project(number: str, *, remote_filing: bool, jurisdiction: str = "zhejiang",
             co_organizer: str | None = None) -> ProjectPublished:
    """A project of the registry as the projects service publishes it."""
    return ProjectPublished(
        project_id=str(uuid.uuid4()), number=number, number_normalized=normalize_number(number),
        name="“围透析器”肾病患者的康复管理", level="national", credit_class="I", credits=4,
        jurisdiction=jurisdiction, year=2021, remote_filing=remote_filing, co_organizer=co_organizer)


@pytest.fixture(scope="module")
async def service(infra, request):
    """The credits service running for one test module (settings from the module's SETTINGS)."""
    overrides = getattr(request.module, "SETTINGS", {})
    database_url = await migrated_database(infra, "cme_credits")
    app = create_app(settings_for(infra, CreditsSettings, database_url, **overrides))
    async with running(app) as client:
        yield Service(app, client)


@pytest.fixture
def execution_report():
    """A factory of execution reports (执行情况上报) of a two-day session."""
    return _execution_report


@pytest.fixture
def project():
    """A factory of ProjectPublished events."""
    return _project


@pytest.fixture(params=["in memory", "postgresql"])
async def uow(request, service, fake_uow):
    """For the contract tests: the in-memory unit of work, then the service's own over PostgreSQL, never committed."""
    if request.param == "in memory":
        yield fake_uow
        return
    async with service.app.state.runtime.uow() as real:
        yield real
