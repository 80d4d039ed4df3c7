"""The public query by ID number through the front door: misses cost more the more one address
misses, forged forwarded headers do not reset the count, and a refusal says when to retry."""

from __future__ import annotations

import uuid

from cme_credits.config import CreditsSettings
from cme_credits.entrypoints.app import create_app
from cme_platform.testing.services import migrated_database, settings_for, through_edge


async def test_guessing_id_numbers_runs_out_after_a_few_misses_whatever_address_is_claimed(infra, id_number):
    settings = settings_for(infra, CreditsSettings, await migrated_database(infra, "cme_credits"),
                            public_query_limit=1000, public_query_hourly_points=20)
    address = (f"198.18.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}", 1)
    async with through_edge(create_app(settings), client=address) as guesser:
        answers = [await guesser.get("/api/credits/public", params={"id_number": id_number()},
                                     headers={"X-Forwarded-For": f"10.9.{n}.1"}) for n in range(8)]
    # Points after each miss: 2, 5, 9, 14, 20; the sixth guess is refused.
    assert [a.status_code for a in answers] == [200] * 5 + [429] * 3
    refused = answers[5]
    assert refused.json()["error"]["code"] == "lookup.hourly_budget"
    assert "请稍后再试" in refused.json()["error"]["message"]
    assert 1 <= int(refused.headers["Retry-After"]) <= 3600
