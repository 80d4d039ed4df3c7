"""Fixtures of the cross-service tests: another province's platform (a second certificates
service with its own key, on a real port) and this platform's credits service, with Zhejiang
trusting that platform."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
import uvicorn
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from cme_certificates.adapters.tables import certificates
from cme_certificates.config import CertificatesSettings
from cme_certificates.entrypoints.app import create_app as certificates_app
from cme_certificates.service_layer.events import record_approvals, revoke_for_credit
from cme_contracts import jurisdictions
from cme_contracts.events import CreditApproved, CreditRevoked
from cme_contracts.identifiers import id_check_digit
from cme_credits.config import CreditsSettings
from cme_credits.domain import rules
from cme_credits.entrypoints.app import create_app as credits_app
from cme_platform.credentials.signing import multikey
from cme_platform.devstack.processes import free_port
from cme_platform.testing.services import eventually, migrated_database, running, settings_for

TRUSTED = """
[credits.trusted_issuers.peer]
name = "江苏省继续医学教育平台"
issuer = "{peer}/api/certificates/issuer"
levels = {{ "国家级" = "national", "省级" = "provincial" }}
classes = {{ "Ⅰ类" = "I", "Ⅱ类" = "II" }}

[credits.trusted_issuers.down]
name = "停机维护的平台"
issuer = "{down}/api/certificates/issuer"
level = "national"
credit_class = "I"
"""


@dataclass
class PeerPlatform:
    """Another province's platform: its certificates service, reached over real HTTP."""

    url: str
    app: object
    client: httpx.AsyncClient
    retired_key: Ed25519PrivateKey  # a key it signed with until last year, still published with `expires`

    async def certify(self, id_number: str, name: str, **changes) -> dict:
        """A credit approved there becomes a signed certificate; returns its number, token and credential."""
        runtime = self.app.state.runtime  # type: ignore[attr-defined]
        event = CreditApproved(**({
            "credit_id": f"js-{uuid.uuid4().hex[:10]}", "id_number": id_number, "name": name,
            "unit": "南京鼓楼医院", "year": 2026, "credit_class": "I", "level": "national", "credits": 4,
            "hours": 12, "source": "session", "project_number": f"2026-03-05-{uuid.uuid4().int % 1000:03d}（国）",
            "project_name": "疼痛治疗新进展学习班", "start_date": date(2026, 3, 5), "end_date": date(2026, 3, 7),
            "jurisdiction": "jiangsu", "issuing_office": "江苏省继续医学教育委员会办公室", "approved_by": "js-admin",
            "approved_at": datetime.now(UTC)} | changes))
        async with runtime.uow() as uow:
            await record_approvals([event], uow)
            await uow.commit()
        row = await eventually(lambda: self._issued(event.credit_id), timeout=60)
        token = runtime.authority.access_token(row.certificate_number)
        return {"number": row.certificate_number, "token": token, "credential": row.credential,
                "credit_id": event.credit_id, "id_number": id_number}

    async def revoke(self, certified: dict) -> None:
        """The other province withdraws the credit: its status list sets the certificate's bit."""
        runtime = self.app.state.runtime  # type: ignore[attr-defined]
        async with runtime.uow() as uow:
            await revoke_for_credit(CreditRevoked(
                credit_id=certified["credit_id"], id_number=certified["id_number"], reason="学分信息更正",
                revoked_by="js-admin", revoked_at=datetime.now(UTC)), uow)
            await uow.commit()

    async def pdf(self, certified: dict) -> bytes:
        """The certificate PDF as its learner downloads it there."""
        response = await self.client.get(f"/api/certificates/{certified['number']}/pdf",
                                          params={"token": certified["token"]})
        assert response.status_code == 200, response.text
        return response.content

    async def _issued(self, credit_id: str):
        async with self.app.state.runtime.sessions() as session:  # type: ignore[attr-defined]
            row = (await session.execute(select(certificates).where(certificates.c.credit_id == credit_id))).first()
        return row if row is not None and row.state == "issued" else None


def _pem() -> str:
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()


@pytest.fixture(scope="module")
async def peer_platform(infra) -> AsyncIterator[PeerPlatform]:
    """A second certificates service with its own signing key, listening on a real port.

    It only signs here (no consumer group: the credits events on the shared broker are this
    platform's, not its), so its issuer and renderer loops are started by hand.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    retired = Ed25519PrivateKey.generate()
    settings = settings_for(infra, CertificatesSettings, await migrated_database(infra, "cme_certificates"),
                            cert_signing_key=_pem(), s3_bucket="cme-certificates-peer", public_base_url=url,
                            issue_poll_seconds=0.05, render_processes=1, run_workers=False,
                            cert_retired_keys={multikey(retired.public_key()): datetime(2025, 12, 31, tzinfo=UTC)})
    app = certificates_app(settings)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_level="warning"))
    async with running(app):
        loops = [asyncio.create_task(loop()) for loop in app.state.runtime.loops]
        serving = asyncio.create_task(server.serve())
        await eventually(lambda: asyncio.sleep(0, server.started))
        async with httpx.AsyncClient(base_url=url) as client:
            yield PeerPlatform(url, app, client, retired)
        server.should_exit = True
        await serving
        for task in loops:
            task.cancel()
        await asyncio.gather(*loops, return_exceptions=True)


@pytest.fixture(scope="module")
def zhejiang_trusts_peer(peer_platform, tmp_path_factory) -> Iterator[str]:
    """Zhejiang's rule file with the peer platform (and one that is down) on its trust list; yields
    the address of the one that is down."""
    folder = tmp_path_factory.mktemp("trust")
    original = (Path(jurisdictions.__file__).parent / "zhejiang.toml").read_text(encoding="utf-8")
    down = f"http://127.0.0.1:{free_port()}"
    trusted = TRUSTED.format(peer=peer_platform.url, down=down)
    (folder / "zhejiang.toml").write_text(original + trusted, encoding="utf-8")
    before = os.environ.get("CME_JURISDICTIONS_DIRS")
    os.environ["CME_JURISDICTIONS_DIRS"] = ":".join(p for p in (before, str(folder)) if p)
    jurisdictions.registry.cache_clear()
    rules.load_rule_set.cache_clear()
    yield down
    if before is None:
        os.environ.pop("CME_JURISDICTIONS_DIRS")
    else:
        os.environ["CME_JURISDICTIONS_DIRS"] = before
    jurisdictions.registry.cache_clear()
    rules.load_rule_set.cache_clear()


@pytest.fixture(scope="module")
async def credits_service(infra, zhejiang_trusts_peer) -> AsyncIterator[httpx.AsyncClient]:
    """This platform's credits service (in process); it reaches the peer over HTTP. Keys and status
    lists are kept half a second, so a revocation there is seen here within the test."""
    settings = settings_for(infra, CreditsSettings, await migrated_database(infra, "cme_credits"),
                            run_workers=False, review_date=date(2027, 1, 15), credential_cache_seconds=0.5,
                            credential_fetch_timeout_seconds=2)
    async with running(credits_app(settings)) as client:
        yield client


@pytest.fixture
def new_learner():
    """Factory of a fresh Zhejiang learner: (ID number, name)."""
    def make(name: str = "王芳") -> tuple[str, str]:
        n = uuid.uuid4().int
        first17 = f"330102{1960 + n % 40}{n // 40 % 12 + 1:02d}{n // 480 % 28 + 1:02d}{n // 13440 % 1000:03d}"
        return first17 + id_check_digit(first17), name

    return make
