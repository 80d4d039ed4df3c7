"""Benchmark (not a test): what one client gets out of the public limits, through the front door.

Starts the real infrastructure (cme_platform.devstack), runs credits, certificates and
identity with their default limits behind an in-process edge, and plays one client that
forges a new `X-Forwarded-For` on every request (which used to reset every limit):
- distinct ID numbers it can try per hour on the public credit query and on the certificate
  query by ID number (random valid numbers, so nearly all miss), until refused;
- wrong passwords it can try on one account, and on many accounts from one address, until
  refused, with the window each limit counts in.
The hourly and per-account budgets run out within the run, so the figures need no long wait:
after the refusal nothing more is answered until the window ends (Retry-After says when).

    uv run python bench/public_lookups.py
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cme_certificates.config import CertificatesSettings
from cme_certificates.entrypoints.app import create_app as certificates_app
from cme_contracts.identifiers import id_check_digit
from cme_credits.config import CreditsSettings
from cme_credits.entrypoints.app import create_app as credits_app
from cme_identity.adapters.tokens import new_key_pair
from cme_identity.config import IdentitySettings
from cme_identity.entrypoints.app import create_app as identity_app
from cme_platform.devstack import infrastructure
from cme_platform.testing.services import migrated_database, settings_for, through_edge

CLIENT = ("198.51.100.23", 50000)
MAX_TRIES = 2000  # bounds the run whatever the limits


def random_id_number() -> str:
    first_17 = f"3205{random.randint(0, 99):02d}{random.randint(1950, 2004)}{random.randint(1, 12):02d}" \
               f"{random.randint(1, 28):02d}{random.randint(0, 999):03d}"
    return first_17 + id_check_digit(first_17)


def forged() -> dict[str, str]:
    return {"X-Forwarded-For": f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"}


async def until_refused(send) -> tuple[int, float, str]:
    """(answered before the first 429, seconds taken, the refusal's Retry-After)."""
    started = time.perf_counter()
    for tries in range(MAX_TRIES):
        answer = await send()
        if answer.status_code == 429:
            return tries, time.perf_counter() - started, answer.headers.get("Retry-After", "?")
    return MAX_TRIES, time.perf_counter() - started, "never refused"


async def lookups(app, path: str) -> None:
    async with through_edge(app, client=CLIENT) as visitor:
        tried, seconds, retry = await until_refused(
            lambda: visitor.get(path, params={"id_number": random_id_number()}, headers=forged()))
    print(f"{path}: {tried} distinct ID numbers answered in {seconds:.1f} s, then 429 (Retry-After {retry} s): "
          f"{tried} per client per hour")


async def sign_ins(app) -> None:
    async with through_edge(app, client=CLIENT) as visitor:
        one, seconds, retry = await until_refused(lambda: visitor.post(
            "/api/identity/sessions", headers=forged(), json={"username": "bench-admin", "password": "Wrong12345"}))
        print(f"sign-in, one account: {one} wrong passwords in {seconds:.1f} s, then 429 (Retry-After {retry} s)")
    async with through_edge(app, client=(CLIENT[0][:-2] + "77", 1)) as visitor:
        many, seconds, retry = await until_refused(lambda: visitor.post(
            "/api/identity/sessions", headers=forged(),
            json={"username": f"user-{uuid.uuid4().hex[:8]}", "password": "Wrong12345"}))
        print(f"sign-in, many accounts from one address: {many} failures in {seconds:.1f} s, "
              f"then 429 (Retry-After {retry} s)")


async def bench(infra) -> None:
    signing = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    credits = credits_app(settings_for(infra, CreditsSettings, await migrated_database(infra, "cme_credits")))
    certificates = certificates_app(settings_for(
        infra, CertificatesSettings, await migrated_database(infra, "cme_certificates"), cert_signing_key=signing,
        s3_bucket="cme-certificates-bench"))
    private, public = new_key_pair()
    identity = identity_app(settings_for(infra, IdentitySettings, await migrated_database(infra, "cme_identity"),
                                         jwt_private_key=private, jwt_public_key=public,
                                         bootstrap_admin="bench-admin:Bench20261:jiangsu"))
    await lookups(credits, "/api/credits/public")
    await lookups(certificates, "/api/certificates")
    await sign_ins(identity)


def main() -> None:
    """Run against fresh local infrastructure and print the figures."""
    with infrastructure() as infra:
        asyncio.run(bench(infra))


if __name__ == "__main__":
    main()
