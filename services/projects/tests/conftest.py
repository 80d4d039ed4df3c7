"""Shared fixtures of the projects service's tests: seed 000's remote-filing list as the
table an office publishes (rows of cells, CSV bytes, XLSX bytes), a running service, and the
in-memory repositories of `fakes.py` that the unit tests run the use cases on."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from cme_contracts import Envelope, topics
from cme_contracts.events import EvidenceStored
from cme_platform.db import outbox
from cme_platform.testing.fakes import InMemoryUnitOfWork, module_beside
from cme_platform.testing.services import migrated_database, running, settings_for
from cme_projects.config import ProjectsSettings
from cme_projects.entrypoints.app import create_app

SEED_000 = Path(__file__).parent / "fixtures" / "seed_000_remote_filing.txt"
fakes = module_beside(__file__, "fakes.py")
COLUMNS = 8  # 序号/项目编号/项目名称/主办单位/项目负责人/协办单位/举办日期/I类学分


def seed_000_table() -> list[list[str]]:
    """The 28-project table of seed 000, header first.

    The dump writes one cell per line, each starting with a tab; a line without the tab
    continues the cell above (the header cell `项目` / `负责人`).
    """
    lines = SEED_000.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "序号")
    cells: list[str] = []
    for line in lines[start:]:
        if line.startswith("\t"):
            cells.append(line[1:].strip())
        elif line.strip():
            cells[-1] += "\n" + line.strip()
    return [cells[i:i + COLUMNS] for i in range(0, len(cells), COLUMNS)]


def to_csv(table: list[list[str]]) -> bytes:
    """The table as an office's CSV export (UTF-8 with BOM, as Excel saves it)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(table)
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(table: list[list[str]]) -> bytes:
    """The table as an XLSX workbook with one sheet."""
    workbook = Workbook()
    for row in table:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def seed_table() -> list[list[str]]:
    """Seed 000's table (header + 28 rows)."""
    return seed_000_table()


@pytest.fixture
def seed_csv() -> bytes:
    """Seed 000's table as CSV."""
    return to_csv(seed_000_table())


@pytest.fixture
def seed_xlsx() -> bytes:
    """Seed 000's table as XLSX."""
    return to_xlsx(seed_000_table())


@pytest.fixture
def csv_of():
    """Turns a table into CSV bytes (for tests that edit the table first)."""
    return to_csv


class RunningService:
    """The projects app running against the test infrastructure, with what tests look at."""

    def __init__(self, app, client):
        self.app, self.client = app, client
        self.runtime = app.state.runtime

    async def events(self, event_class) -> list[dict]:
        """Payloads of the events of this class written to the outbox, oldest first."""
        async with self.runtime.sessions() as session:
            rows = await session.execute(select(outbox.c.payload).where(outbox.c.event_type == event_class.type_name())
                                         .order_by(outbox.c.created_at))
            return [Envelope.from_bytes(payload).data for payload in rows.scalars()]

    async def unsent(self) -> int:
        """Outbox rows the relay has not published yet."""
        async with self.runtime.sessions() as session:
            return (await session.execute(select(func.count()).select_from(outbox)
                                          .where(outbox.c.published_at.is_(None)))).scalar_one()

    async def evidence_stored(self, evidence_id: str, owner_id: str, kind: str, size: int = 200_000) -> None:
        """The evidence service announces a stored file, through the real broker."""
        event = EvidenceStored(evidence_id=evidence_id, owner_id=owner_id, kind=kind, subject_type="hold_application",
                               sha256="0" * 64, size=size, content_type="application/pdf", filename=f"{kind}.pdf",
                               stored_at=datetime.now(UTC))
        envelope = self.runtime.uow().envelope(event)
        await self.runtime.producer.send_and_wait(topics.EVIDENCE, envelope.to_bytes(), key=evidence_id.encode())


@pytest.fixture
async def service(infra):
    """A projects app on a freshly migrated database, with its relay and consumer running."""
    database = await migrated_database(infra, "cme_projects")
    app = create_app(settings_for(infra, ProjectsSettings, database))
    async with running(app) as client:
        yield RunningService(app, client)


@pytest.fixture
def fake_uow() -> InMemoryUnitOfWork:
    """A projects unit of work on empty in-memory repositories (`uow.projects`, `.applications`, `.evidence`)."""
    registry = fakes.FakeProjectRepository()
    return InMemoryUnitOfWork(source="projects", projects=registry,
                              applications=fakes.FakeHoldApplicationRepository(registry),
                              evidence=fakes.FakeStoredEvidenceRepository())
