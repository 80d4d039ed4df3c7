"""Another issuer over real HTTP: its keys are kept for a while (one request for many entries), and
one that does not answer costs the learner the timeout, not more."""

from __future__ import annotations

import asyncio
import time

import pytest
import uvicorn
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI

from cme_credits.adapters.issuers import IssuerDirectory, IssuerUnreachable
from cme_platform.credentials.signing import multikey
from cme_platform.devstack.processes import free_port
from cme_platform.testing.services import eventually

KEY = multikey(Ed25519PrivateKey.generate().public_key())


@pytest.fixture
async def issuer():
    """A tiny issuer that publishes one key and counts how often it is asked."""
    app, asked = FastAPI(), []

    @app.get("/issuer")
    async def profile() -> dict:
        asked.append(1)
        return {"verificationMethod": [{"publicKeyMultibase": KEY, "expires": "2025-12-31T00:00:00"}]}

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    serving = asyncio.create_task(server.serve())
    await eventually(lambda: asyncio.sleep(0, server.started))
    yield f"http://127.0.0.1:{port}/issuer", asked
    server.should_exit = True
    await serving


async def test_an_issuers_keys_are_asked_for_once_while_they_are_kept(issuer):
    url, asked = issuer
    directory = IssuerDirectory(timeout=2, ttl=60)
    try:
        first = await directory.keys(url, url)
        assert await directory.keys(url, url) == first and len(asked) == 1
        assert first[KEY].expires is not None and first[KEY].expires.tzinfo is not None
    finally:
        await directory.close()


async def test_an_issuer_that_never_answers_is_given_up_on_after_the_timeout():
    async def silent(reader, writer):
        await asyncio.sleep(30)  # accepts the connection and says nothing

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    directory = IssuerDirectory(timeout=0.5, ttl=60)
    started = time.monotonic()
    try:
        with pytest.raises(IssuerUnreachable):
            await directory.keys(f"http://127.0.0.1:{port}/issuer", "issuer")
    finally:
        await directory.close()
        server.close()
    assert time.monotonic() - started < 3
