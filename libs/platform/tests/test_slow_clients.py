"""Clients that open a connection and send nothing, or trickle, are closed on time, and the
number of open connections has a cap: for the edge and for a service, with the same settings."""

from __future__ import annotations

import asyncio
import time

import pytest
import uvicorn
from fastapi import FastAPI, Request

from cme_platform.edge import EdgeSettings, create_edge, parse_routes
from cme_platform.web.server import uvicorn_options

HEADER_TIMEOUT = 0.5
BODY_TIMEOUT = 0.5


def _service_app() -> FastAPI:
    app = FastAPI()

    @app.post("/upload")
    async def upload(request: Request) -> dict:
        return {"size": len(await request.body())}

    return app


@pytest.fixture(params=["edge", "service"])
async def server(request):
    """(host, port) of a running server with short deadlines and a cap of 5 connections."""
    settings = EdgeSettings(http_port=1, http_header_timeout_seconds=HEADER_TIMEOUT,
                            http_body_timeout_seconds=BODY_TIMEOUT, http_max_connections=5)
    app = create_edge(parse_routes("/=http://127.0.0.1:9")) if request.param == "edge" else _service_app()
    options = uvicorn_options(settings) | {"port": 0, "host": "127.0.0.1"}
    instance = uvicorn.Server(uvicorn.Config(app, lifespan="on", log_level="warning", **options))
    task = asyncio.create_task(instance.serve())
    while not instance.started:
        await asyncio.sleep(0.02)
    yield instance.servers[0].sockets[0].getsockname()[:2]
    instance.should_exit = True
    await task


async def _closed_after(reader: asyncio.StreamReader, limit: float) -> float:
    started = time.monotonic()
    await asyncio.wait_for(reader.read(), timeout=limit)  # b"" or a response, then end of stream
    return time.monotonic() - started


async def test_a_connection_that_sends_nothing_is_closed_after_the_header_timeout(server):
    reader, writer = await asyncio.open_connection(*server)
    assert await _closed_after(reader, HEADER_TIMEOUT + 2) >= HEADER_TIMEOUT * 0.8
    writer.close()


async def test_a_request_head_sent_a_byte_at_a_time_is_not_kept_alive_by_its_trickle(server):
    reader, writer = await asyncio.open_connection(*server)
    started = time.monotonic()
    for byte in b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100:
        if reader.at_eof() or writer.is_closing():
            break
        writer.write(bytes([byte]))
        await asyncio.sleep(0.05)
        if time.monotonic() - started > HEADER_TIMEOUT + 2:
            break
    await _closed_after(reader, 2)
    assert time.monotonic() - started < HEADER_TIMEOUT + 2
    writer.close()


async def test_a_body_that_stops_arriving_is_closed_after_the_body_timeout(server):
    reader, writer = await asyncio.open_connection(*server)
    writer.write(b"POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n" + b"x" * 10)
    await writer.drain()
    await _closed_after(reader, BODY_TIMEOUT + 2)
    writer.close()


async def test_connections_beyond_the_cap_are_refused_at_once(server):
    idle = [await asyncio.open_connection(*server) for _ in range(5)]
    reader, writer = await asyncio.open_connection(*server)
    assert await _closed_after(reader, HEADER_TIMEOUT * 0.8) < HEADER_TIMEOUT * 0.8
    for _, other in [*idle, (reader, writer)]:
        other.close()


async def test_a_kept_alive_connection_idle_between_requests_longer_than_the_header_timeout_still_serves(server):
    reader, writer = await asyncio.open_connection(*server)
    request = b"POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nab"
    for _ in range(2):
        writer.write(request)
        await writer.drain()
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=5)
        length = int(next(line.split(b":")[1] for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length")))
        await reader.readexactly(length)
        await asyncio.sleep(HEADER_TIMEOUT * 1.6)  # the keep-alive timeout (5 s) watches this pause, not the head's
    writer.close()
