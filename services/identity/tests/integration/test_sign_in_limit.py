"""Guessing passwords is slowed: too many sign-ins from one address in a minute are refused."""

from __future__ import annotations

import uuid

from cme_identity.config import IdentitySettings
from cme_identity.entrypoints.app import create_app
from cme_platform.testing.services import migrated_database, running, settings_for


async def test_the_fourth_sign_in_within_a_minute_from_one_address_is_refused_with_when_to_retry(infra, signing_key):
    private, public = signing_key
    settings = settings_for(infra, IdentitySettings, await migrated_database(infra, "cme_identity"),
                            jwt_private_key=private, jwt_public_key=public, sign_in_attempts_per_minute=3)
    address = {"X-Forwarded-For": f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.7"}
    async with running(create_app(settings)) as client:
        answers = [await client.post("/api/identity/sessions", headers=address,
                                     json={"username": "someone", "password": "Guess12345"}) for _ in range(4)]
        elsewhere = await client.post("/api/identity/sessions", headers={"X-Forwarded-For": "10.9.9.9"},
                                      json={"username": "someone", "password": "Guess12345"})
    assert [a.status_code for a in answers] == [401, 401, 401, 429]
    assert answers[3].json()["error"]["code"] == "auth.too_many_attempts"
    assert "1分钟后再试" in answers[3].json()["error"]["message"]
    assert elsewhere.status_code == 401, "another address is not held back"
