"""Shared fixtures of the evidence service's tests: sample files, one running app, and the in-memory
repository of `fakes.py` that the unit tests run the use cases on."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

import httpx
import pytest
from fastapi import FastAPI
from PIL import Image
from sqlalchemy import func, select

from cme_evidence.adapters.tables import evidence as evidence_table
from cme_evidence.config import EvidenceSettings
from cme_evidence.entrypoints.app import create_app
from cme_platform.testing.fakes import InMemoryUnitOfWork, module_beside
from cme_platform.testing.services import migrated_database, running, settings_for

fakes = module_beside(__file__, "fakes.py")


class Files:
    """Small real files of every type the tests need, made in memory."""

    @staticmethod
    def pdf(pages: int = 1) -> bytes:
        """A valid PDF with the given number of pages."""
        images = [Image.new("RGB", (120, 160), (255, 255, 255 - 40 * i)) for i in range(pages)]
        buffer = io.BytesIO()
        images[0].save(buffer, "PDF", save_all=True, append_images=images[1:])
        return buffer.getvalue()

    @staticmethod
    def jpeg(width: int = 64, height: int = 48, colour: str = "red") -> bytes:
        """A valid JPEG of the given size."""
        buffer = io.BytesIO()
        Image.new("RGB", (width, height), colour).save(buffer, "JPEG")
        return buffer.getvalue()

    @staticmethod
    def png(width: int = 48, height: int = 48) -> bytes:
        """A valid PNG with an alpha channel (as screenshots often have)."""
        buffer = io.BytesIO()
        Image.new("RGBA", (width, height), (0, 128, 255, 200)).save(buffer, "PNG")
        return buffer.getvalue()

    @staticmethod
    def exe() -> bytes:
        """The start of a Windows program (what a renamed .exe really is)."""
        header = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
        return header + b"\x00" * 200 + b"This program cannot be run in DOS mode."


@pytest.fixture(scope="session")
def files() -> type[Files]:
    """Factories of sample files."""
    return Files


@dataclass
class EvidenceService:
    """A running evidence service with its own database and bucket."""

    app: FastAPI
    api: httpx.AsyncClient
    settings: EvidenceSettings

    @property
    def runtime(self):
        """The service's runtime (engine, minio client, …)."""
        return self.app.state.runtime

    def objects(self) -> list[str]:
        """Every object name in the service's bucket."""
        return [o.object_name for o in self.runtime.s3.list_objects(self.settings.s3_bucket, recursive=True)]

    async def rows(self) -> int:
        """How many evidence rows the database holds."""
        async with self.runtime.sessions() as session:
            return (await session.execute(select(func.count()).select_from(evidence_table))).scalar_one()

    async def footprint(self) -> tuple[int, int]:
        """(objects, rows): what a refused upload must not change."""
        return len(self.objects()), await self.rows()


@pytest.fixture(scope="session")
async def evidence_service(infra):
    """One evidence service for the integration tests (each test works with its own ids)."""
    database = await migrated_database(infra, "cme_evidence")
    settings = settings_for(infra, EvidenceSettings, database, s3_bucket=f"cme-evidence-{uuid.uuid4().hex[:8]}")
    app = create_app(settings)
    async with running(app) as api:
        yield EvidenceService(app, api, settings)


@pytest.fixture
def fake_uow() -> InMemoryUnitOfWork:
    """An evidence unit of work on an empty in-memory repository (`uow.evidence`)."""
    return InMemoryUnitOfWork(source="evidence", evidence=fakes.FakeEvidenceRepository())
