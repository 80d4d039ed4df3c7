"""The certificate query by ID number through the front door: misses cost more the more one
address misses, forged forwarded headers do not reset the count, and a refusal says when to retry."""

from __future__ import annotations

import uuid

from cme_certificates.config import CertificatesSettings
from cme_certificates.entrypoints.app import create_app
from cme_contracts.identifiers import id_check_digit
from cme_platform.testing.services import migrated_database, settings_for, through_edge


def a_guess(n: int) -> str:
    first_17 = f"320102198{n % 10}0101{uuid.uuid4().int % 1000:03d}"
    return first_17 + id_check_digit(first_17)


async def test_guessing_id_numbers_runs_out_after_a_few_misses_whatever_address_is_claimed(infra, signing_key_pem):
    settings = settings_for(infra, CertificatesSettings, await migrated_database(infra, "cme_certificates"),
                            cert_signing_key=signing_key_pem, s3_bucket="cme-certificates-budget",
                            public_query_limit=1000, public_query_hourly_points=20)
    address = (f"198.19.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}", 1)
    async with through_edge(create_app(settings), client=address) as guesser:
        answers = [await guesser.get("/api/certificates", params={"id_number": a_guess(n)},
                                     headers={"X-Forwarded-For": f"10.8.{n}.1"}) for n in range(8)]
    # Points after each miss: 2, 5, 9, 14, 20; the sixth guess is refused.
    assert [a.status_code for a in answers] == [200] * 5 + [429] * 3
    refused = answers[5].json()["error"]
    assert refused["code"] == "lookup.hourly_budget" and "请稍后再试" in refused["message"]
    assert 1 <= int(answers[5].headers["Retry-After"]) <= 3600
