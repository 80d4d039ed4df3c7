"""The dev stack's office accounts: one table, opened the way an operator would open them.

The provincial offices are created by the identity service from `CME_BOOTSTRAP_ADMIN` (an
operator's own entries are kept beside them); every other office is opened by its province's
office through the documented account API (`POST /api/identity/accounts`), so that the
Chengdu/Jinjiang review chain (unit → 锦江区医学会 → 成都市 → 四川省) has someone at every level.
The README's table of dev accounts is this table.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from cme_contracts.jurisdictions import registry


@dataclass(frozen=True)
class DevAccount:
    """An office account of the dev stack."""

    username: str
    password: str
    role: str
    jurisdiction: str
    name: str
    city_id: str | None = None


PROVINCIAL_OFFICES = (
    DevAccount("js-admin", "Jiangsu2026", "provincial_office", "jiangsu", "江苏省继教办"),
    DevAccount("sc-admin", "Sichuan2026", "provincial_office", "sichuan", "四川省继教办"),
    DevAccount("zj-admin", "Zhejiang2026", "provincial_office", "zhejiang", "浙江省继教办"),
)
OFFICES = (
    DevAccount("cd-city", "Chengdu2026", "city_office", "sichuan", "成都市继教办", "510100"),
    DevAccount("jj-district", "Jinjiang2026", "district_office", "jinjiang", "锦江区医学会"),
    DevAccount("hz-city", "Hangzhou2026", "city_office", "zhejiang", "杭州市继教办", "330100"),
    DevAccount("nj-city", "Nanjing2026", "city_office", "jiangsu", "南京市继教办", "320100"),
    DevAccount("sc-regulator", "Regulator2026", "regulator", "sichuan", "四川省卫生健康委监管"),
)


def bootstrap_admin(operator: str | None) -> str:
    """CME_BOOTSTRAP_ADMIN for identity: the operator's entries first, then the dev offices'."""
    ours = ",".join(f"{a.username}:{a.password}:{a.jurisdiction}" for a in PROVINCIAL_OFFICES)
    return f"{operator},{ours}" if operator else ours


def _sign_in(api: httpx.Client, account: DevAccount, wait_seconds: float = 60) -> str:
    # Identity seeds the provincial offices just after it answers /readyz: wait for them.
    deadline = time.monotonic() + wait_seconds
    while True:
        answer = api.post("/api/identity/sessions", json={"username": account.username, "password": account.password})
        if answer.status_code == 200 or time.monotonic() > deadline:
            answer.raise_for_status()
            return answer.json()["token"]
        time.sleep(0.5)


def open_offices(front_door: str) -> None:
    """Open every non-provincial dev office through the API (an account that exists is left as it is)."""
    province = {a.jurisdiction: a for a in PROVINCIAL_OFFICES}
    with httpx.Client(base_url=front_door, timeout=30) as api:
        try:
            _open(api, province)
        except httpx.HTTPError as error:
            raise RuntimeError(f"dev accounts not opened: {error}") from error


def _open(api: httpx.Client, province: dict[str, DevAccount]) -> None:
    for office in OFFICES:
        token = _sign_in(api, province[registry().province_of(office.jurisdiction).id])
        answer = api.post("/api/identity/accounts", headers={"Authorization": f"Bearer {token}"}, json={
            "role": office.role, "username": office.username, "name": office.name, "password": office.password,
            "jurisdiction": office.jurisdiction, "city_id": office.city_id})
        if answer.status_code not in (201, 409):
            raise RuntimeError(f"dev account {office.username} not opened: {answer.text}")
