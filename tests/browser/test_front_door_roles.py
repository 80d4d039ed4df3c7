"""Through the front door, on every service: each role is refused the endpoints outside its job,
and a missing, expired or foreign-signed token is refused with a clear reason."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cme_platform.auth import Role
from cme_platform.devstack.dev_services import SERVICES
from cme_platform.devstack.keys import dev_keys
from cme_platform.testing.tokens import token_for

OFFICES = {Role.UNIT_ADMIN, Role.DISTRICT_OFFICE, Role.CITY_OFFICE, Role.PROVINCIAL_OFFICE}
# (method, path, the roles whose job includes it) — who does what, per the domain brief.
ENDPOINTS = [
    ("POST", "/api/projects/imports", {Role.PROVINCIAL_OFFICE}),
    ("POST", "/api/attendance/scan-batches", {Role.DEVICE, Role.PROJECT_OWNER}),
    ("POST", "/api/attendance/sessions/s-1/execution-report", {Role.UNIT_ADMIN}),
    ("GET", "/api/credits/queue", OFFICES),
    ("POST", "/api/credits/reviews", OFFICES),
    ("GET", "/api/credits/statistics", OFFICES | {Role.REGULATOR}),
    ("POST", "/api/credits/audit-samples", {Role.PROVINCIAL_OFFICE}),
    ("POST", "/api/credits/imports", {Role.REMOTE_EDUCATION}),
    ("GET", "/api/evidence/orphans", {Role.PROVINCIAL_OFFICE}),
    ("GET", "/api/certificates/mine", {Role.LEARNER}),
    ("POST", "/api/identity/accounts", {Role.PROVINCIAL_OFFICE}),
    ("POST", "/api/identity/devices", {Role.UNIT_ADMIN, Role.PROJECT_OWNER}),
]
SCOPE = {"unit_id": "u-1", "city_id": "320500", "jurisdiction": "jiangsu", "id_number": "11010519491231002X"}


@pytest.fixture(scope="module")
def platform_key(platform, dev_folder: Path) -> Ed25519PrivateKey:
    """The dev stack's token-signing key (what the identity service signs with)."""
    pem = dev_keys(dev_folder / "data" / "keys", [s.name for s in SERVICES])["jwt_private"]
    return serialization.load_pem_private_key(pem.encode(), password=None)


async def test_every_role_is_refused_what_is_outside_its_job_on_every_service(platform, platform_key):
    refused = []
    async with httpx.AsyncClient(base_url=platform, timeout=30) as api:
        for method, path, allowed in ENDPOINTS:
            for role in set(Role) - allowed:
                token = token_for(role, key=platform_key, account_id=f"acct-{role}", **SCOPE)
                answer = await api.request(method, path, headers={"Authorization": f"Bearer {token}"}, json={})
                body = answer.json() if answer.headers.get("content-type", "").startswith("application/json") else {}
                if answer.status_code != 403 or body.get("error", {}).get("code") != "auth.role_not_allowed":
                    refused.append((method, path, role.value, answer.status_code, answer.text[:120]))
    assert not refused, "roles let through (or refused unclearly):\n" + "\n".join(map(str, refused))


@pytest.mark.parametrize(("case", "code", "words"), [
    ("missing", "auth.missing_token", "请先登录"),
    ("expired", "auth.token_expired", "登录已过期"),
    ("foreign", "auth.bad_signature", "签名无效"),
])
async def test_a_missing_expired_or_foreign_token_is_refused_clearly_on_every_service(
        platform, platform_key, case, code, words):
    tokens = {
        "missing": None,
        "expired": token_for(Role.PROVINCIAL_OFFICE, key=platform_key, ttl=timedelta(seconds=-1), **SCOPE),
        "foreign": token_for(Role.PROVINCIAL_OFFICE, key=Ed25519PrivateKey.generate(), **SCOPE),
    }
    headers = {"Authorization": f"Bearer {tokens[case]}"} if tokens[case] else {}
    async with httpx.AsyncClient(base_url=platform, timeout=30) as api:
        for method, path, _ in ENDPOINTS:
            answer = await api.request(method, path, headers=headers, json={})
            assert answer.status_code == 401, (path, answer.text)
            assert answer.json()["error"]["code"] == code, path
            assert words in answer.json()["error"]["message"], path
