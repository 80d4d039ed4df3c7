"""Killing the broker (-9) and PostgreSQL mid-flow, and restarting each consumer, loses
nothing and doubles nothing: exactly one credit and one certificate per attendee.

The test runs on infrastructure of its own, as `make dev` keeps it (the broker's topics,
messages and offsets in the S3 server), so that it can kill the servers.
"""

from __future__ import annotations

import asyncio
import signal
import uuid
from contextlib import AsyncExitStack
from datetime import UTC, date, datetime

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select

from cme_certificates.adapters.tables import certificates
from cme_certificates.config import CertificatesSettings
from cme_certificates.entrypoints.app import create_app as certificates_app
from cme_contracts import Envelope
from cme_contracts.events import ExecutionReported, ReportedAttendee
from cme_credits.adapters.tables import credit
from cme_credits.config import CreditsSettings
from cme_credits.domain.identity import with_check_digit
from cme_credits.entrypoints.app import create_app as credits_app
from cme_platform.devstack.local import local_infrastructure
from cme_platform.devstack.processes import ManagedProcess
from cme_platform.devstack.processes import running as running_servers
from cme_platform.testing.services import eventually, migrated_database, running, settings_for
from cme_platform.testing.tokens import auth_header

ATTENDEES = 24
REVIEWERS = [auth_header("unit_admin", account_id="acct-unit", unit_id="unit-1", jurisdiction="zhejiang"),
             auth_header("city_office", account_id="acct-city", city_id="hz", jurisdiction="zhejiang"),
             auth_header("provincial_office", account_id="acct-zj", jurisdiction="zhejiang")]


@pytest.fixture
def own_infra(tmp_path, monkeypatch):
    for name in ("POSTGRES", "REDIS", "KAFKA", "S3"):
        monkeypatch.delenv(f"CME_DEV_{name}_PORT", raising=False)
    with local_infrastructure(tmp_path / "infra", persistent=True) as endpoints:
        yield endpoints


def server(name: str, port: str) -> ManagedProcess:
    return next(p for p in running_servers() if p.name == name and any(port in arg for arg in p.argv))


async def kill_and_restart(process: ManagedProcess, down_for: float = 1.0) -> None:
    process.popen.send_signal(signal.SIGKILL)
    process.popen.wait()
    await asyncio.sleep(down_for)
    await asyncio.to_thread(process.run, 60)


def report(id_numbers: list[str]) -> Envelope:
    event = ExecutionReported(
        report_id=str(uuid.uuid4()), session_id=str(uuid.uuid4()), project_id=str(uuid.uuid4()),
        project_number="2024-03-05-129（国）", project_name="疼痛治疗新进展学习班", jurisdiction="zhejiang",
        level="national", credit_class="I", credits=4, start_date=date(2024, 5, 10), end_date=date(2024, 5, 11),
        unit_id="unit-1", city_id="hz", submitted_by="acct-unit-admin", submitted_at=datetime.now(UTC),
        attendees=[ReportedAttendee(id_number=n, name="张伟", unit="浙江省人民医院", attended_hours=12, speaker_hours=0,
                                    flags=[]) for n in id_numbers])
    return Envelope(source="/cme/attendance", type=event.type_name(), subject=event.partition_key(),
                    data=event.model_dump(mode="json"))


class Stack:
    """Credits and certificates, each restartable on its own database."""

    def __init__(self, infra, credits_db: str, certificates_db: str):
        key = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
        self.settings = {
            "credits": settings_for(infra, CreditsSettings, credits_db, startup_timeout_seconds=60),
            "certificates": settings_for(infra, CertificatesSettings, certificates_db, cert_signing_key=key,
                                         s3_bucket="cme-certificates", issue_poll_seconds=0.05),
        }
        self.factories = {"credits": credits_app, "certificates": certificates_app}
        self.apps, self.clients, self._stacks = {}, {}, {}

    async def start(self, name: str) -> None:
        stack = AsyncExitStack()
        app = self.factories[name](self.settings[name])
        self.clients[name] = await stack.enter_async_context(running(app))
        self.apps[name], self._stacks[name] = app, stack

    async def stop(self, name: str) -> None:
        await self._stacks.pop(name).aclose()

    async def restart(self, name: str) -> None:
        await self.stop(name)
        await self.start(name)

    async def count(self, name: str, column, values: list[str]) -> dict[str, int]:
        """How many rows each of `values` has in `column`'s table of service `name`."""
        async with self.apps[name].state.runtime.sessions() as session:
            rows = (await session.execute(select(column, func.count()).where(column.in_(values))
                                          .group_by(column))).all()
        return dict(rows)


async def test_broker_and_database_killed_mid_flow_give_one_credit_and_one_certificate_each(own_infra):
    infra = own_infra
    kafka_port, postgres_port = (
        infra.kafka_bootstrap.rsplit(":", 1)[1],
        infra.postgres_url.rsplit(":", 1)[1].split("/")[0],
    )
    broker, database = server("kafka", kafka_port), server("postgres", postgres_port)
    stack = Stack(
        infra, await migrated_database(infra, "cme_credits"), await migrated_database(infra, "cme_certificates")
    )
    people = [with_check_digit(f"33010619850315{n:03d}") for n in range(1, ATTENDEES + 1)]
    await stack.start("credits")
    await stack.start("certificates")
    try:
        envelope = report(people)
        producer = stack.apps["credits"].state.runtime.producer
        await producer.send_and_wait("cme.attendance.events", envelope.to_bytes(), key=envelope.subject.encode())
        await kill_and_restart(broker)  # while credits is taking the report in
        await stack.restart("credits")
        producer = stack.apps["credits"].state.runtime.producer
        await producer.send_and_wait("cme.attendance.events", envelope.to_bytes(),
                                     key=envelope.subject.encode())  # the same report delivered again
        await eventually(lambda: _all(stack.count("credits", credit.c.id_number, people)), timeout=90)
        credit_ids = await _credit_ids(stack, people)

        database.popen.send_signal(signal.SIGKILL)
        database.popen.wait()
        answer = await stack.clients["credits"].post("/api/credits/reviews", headers=REVIEWERS[0],
                                                     json={"credit_ids": credit_ids[:1], "decision": "approve"})
        assert answer.status_code == 503 and answer.headers["Retry-After"], answer.text
        assert answer.json()["error"]["code"] == "service.unavailable"
        await asyncio.to_thread(database.run, 60)

        for headers in REVIEWERS:
            decided = await eventually(lambda headers=headers: _review(stack, headers, credit_ids), timeout=60)
            assert all(r["ok"] for r in decided), decided
        await kill_and_restart(broker)  # while the approvals are relayed and certificates issued
        await stack.restart("certificates")
        await eventually(lambda: _all_issued(stack, credit_ids), timeout=120)
        await asyncio.sleep(2)  # anything redelivered late would show now
        credits = await stack.count("credits", credit.c.id_number, people)
        issued = await stack.count("certificates", certificates.c.credit_id, credit_ids)
        assert set(credits.values()) == {1} and len(credits) == ATTENDEES
        assert set(issued.values()) == {1} and len(issued) == ATTENDEES
        assert await _all_issued(stack, credit_ids)
    finally:
        for name in list(stack._stacks):
            await stack.stop(name)


async def _all(counts) -> dict | None:
    found = await counts
    return found if len(found) == ATTENDEES else None


async def _all_issued(stack: Stack, credit_ids: list[str]) -> bool:
    async with stack.apps["certificates"].state.runtime.sessions() as session:
        states = list((await session.execute(select(certificates.c.state).where(
            certificates.c.credit_id.in_(credit_ids)))).scalars())
    return len(states) >= ATTENDEES and set(states) == {"issued"}


async def _credit_ids(stack: Stack, people: list[str]) -> list[str]:
    async with stack.apps["credits"].state.runtime.sessions() as session:
        return list((await session.execute(select(credit.c.credit_id).where(credit.c.id_number.in_(people)))).scalars())


async def _review(stack: Stack, headers: dict, credit_ids: list[str]) -> list[dict] | None:
    answer = await stack.clients["credits"].post("/api/credits/reviews", headers=headers,
                                                 json={"credit_ids": credit_ids, "decision": "approve"})
    return answer.json()["results"] if answer.status_code == 200 else None
