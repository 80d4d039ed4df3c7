"""Guessing passwords is stopped per account whatever the address, and slowed per address,
without a shared hospital address locking a clinic out; forged forwarded headers change nothing."""

from __future__ import annotations

import uuid

from cme_contracts.identifiers import id_check_digit
from cme_identity.config import IdentitySettings
from cme_identity.entrypoints.app import create_app
from cme_platform.testing.services import migrated_database, settings_for, through_edge

GUESS = {"password": "Guess12345"}


async def _identity(infra, signing_key, **limits):
    """The app and its one provincial-office account (a new name each time: Redis outlives a test)."""
    private, public = signing_key
    admin = f"adm{uuid.uuid4().hex[:8]}"
    settings = settings_for(infra, IdentitySettings, await migrated_database(infra, "cme_identity"),
                            jwt_private_key=private, jwt_public_key=public,
                            bootstrap_admin=f"{admin}:Sichuan2026:sichuan", **limits)
    return create_app(settings), admin


def _somewhere() -> tuple[str, int]:
    return f"198.51.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}", 1


async def test_guesses_on_one_account_are_stopped_though_each_forges_a_new_forwarded_address(infra, signing_key):
    app, admin = await _identity(infra, signing_key, sign_in_failures_per_account=3, sign_in_failures_per_address=1000)
    async with through_edge(app, client=_somewhere()) as visitor:
        answers = [await visitor.post("/api/identity/sessions", headers={"X-Forwarded-For": f"10.0.0.{n}"},
                                      json={"username": admin, **GUESS}) for n in range(4)]
        right = await visitor.post("/api/identity/sessions", json={"username": admin, "password": "Sichuan2026"})
    assert [a.status_code for a in answers] == [401, 401, 401, 429]
    refused = answers[3]
    assert refused.json()["error"]["code"] == "auth.too_many_attempts"
    assert "该账号" in refused.json()["error"]["message"]
    assert 1 <= int(refused.headers["Retry-After"]) <= 900
    assert refused.json()["error"]["details"]["retry_after_seconds"] == int(refused.headers["Retry-After"])
    assert right.status_code == 429, (
        "the guessed account stays closed until the window ends, even to the right password"
    )


async def test_an_id_number_typed_full_width_or_spaced_is_the_same_account_to_the_limit(infra, signing_key):
    app, _ = await _identity(infra, signing_key, sign_in_failures_per_account=3, sign_in_failures_per_address=1000)
    n = uuid.uuid4().int
    first_17 = f"510107{1950 + n % 50}{n // 50 % 12 + 1:02d}{n // 600 % 28 + 1:02d}{n // 16800 % 1000:03d}"
    number = first_17 + id_check_digit(first_17)
    full_width = number.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789X"})
    typed = [number, full_width, f" {number[:6]} {number[6:14]} {number[14:]} ", full_width.lower()]
    async with through_edge(app, client=_somewhere()) as visitor:
        answers = [await visitor.post("/api/identity/sessions", json={"username": name, **GUESS}) for name in typed]
    assert [a.status_code for a in answers] == [401, 401, 401, 429]


async def test_one_address_trying_many_accounts_is_slowed_but_forging_the_header_does_not_help(infra, signing_key):
    app, admin = await _identity(infra, signing_key, sign_in_failures_per_account=100, sign_in_failures_per_address=3)
    async with through_edge(app, client=_somewhere()) as visitor:
        answers = [await visitor.post("/api/identity/sessions", headers={"X-Forwarded-For": f"10.1.0.{n}"},
                                      json={"username": f"{admin}x{n}", **GUESS}) for n in range(4)]
    async with through_edge(app, client=_somewhere()) as neighbour:
        elsewhere = await neighbour.post("/api/identity/sessions", json={"username": f"{admin}x9", **GUESS})
    assert [a.status_code for a in answers] == [401, 401, 401, 429]
    assert "Retry-After" in answers[3].headers
    assert elsewhere.status_code == 401, "another address is not held back"


async def test_a_clinic_behind_one_address_signs_in_while_a_colleague_keeps_mistyping(infra, signing_key):
    app, admin = await _identity(infra, signing_key, sign_in_failures_per_account=3, sign_in_failures_per_address=4)
    async with through_edge(app, client=_somewhere()) as hospital:
        typos = [await hospital.post("/api/identity/sessions", json={"username": f"{admin}-colleague", **GUESS})
                 for _ in range(5)]
        others = [await hospital.post("/api/identity/sessions", json={"username": admin, "password": "Sichuan2026"})
                  for _ in range(20)]
    assert typos[-1].status_code == 429
    assert {a.status_code for a in others} == {200}, "successful sign-ins are never counted against the address"
