"""Uploads against the real S3 server and PostgreSQL: what is kept, what is refused, and that a
refused or interrupted upload leaves nothing behind."""

from __future__ import annotations

import asyncio
import hashlib
import json
import socket

import urllib3
import uvicorn
from minio import Minio
from prometheus_client import REGISTRY
from sqlalchemy import select

from cme_evidence.domain.kinds import MIB
from cme_platform.auth import Role
from cme_platform.db import outbox
from cme_platform.testing.services import eventually
from cme_platform.testing.tokens import auth_header, token_for

LIMIT = 50 * MIB
CHUNK = 1024 * 1024
OWNER = auth_header(Role.PROJECT_OWNER, account_id="owner-upload", unit_id="unit-1", jurisdiction="jiangsu")


async def zeros(total: int, consumed: list[int]):
    """A body of total bytes sent in 1 MiB chunks, counting what the server pulled."""
    sent = 0
    while sent < total:
        chunk = b"\0" * min(CHUNK, total - sent)
        sent += len(chunk)
        consumed.append(len(chunk))
        yield chunk


def test_the_bucket_is_created_at_start_when_missing(evidence_service):
    # The fixture names a bucket nobody made: the service's start made it.
    assert evidence_service.runtime.s3.bucket_exists(evidence_service.settings.s3_bucket)


async def test_a_pdf_is_stored_hashed_and_announced(evidence_service, files):
    data = files.pdf(2)
    response = await evidence_service.api.post(
        "/api/evidence", content=data, headers=OWNER,
        params={"kind": "meeting_notice", "filename": "会议通知.pdf", "subject_type": "hold_application",
                "subject_id": "ha-100"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["sha256"] == hashlib.sha256(data).hexdigest()
    assert (body["size"], body["content_type"], body["version"]) == (len(data), "application/pdf", 1)
    runtime, key = evidence_service.runtime, body["evidence_id"]
    assert runtime.s3.get_object(evidence_service.settings.s3_bucket, f"evidence/{key}").read() == data
    async with runtime.sessions() as session:
        payload = (await session.execute(select(outbox.c.payload).where(outbox.c.key == key))).scalar_one()
        event = json.loads(payload)
    assert event["type"] == "cme.evidence.EvidenceStored.v1"
    assert event["data"]["subject_id"] == "ha-100" and event["data"]["sha256"] == body["sha256"]

    async def relayed():
        async with runtime.sessions() as session:
            return (await session.execute(select(outbox.c.published_at).where(outbox.c.key == key))).scalar_one()

    assert await eventually(relayed), "the relay sends EvidenceStored to the broker"


async def test_an_upload_of_50_mb_and_one_byte_is_refused_while_streaming(evidence_service):
    before = await evidence_service.footprint()
    consumed: list[int] = []
    response = await evidence_service.api.post(
        "/api/evidence", content=zeros(LIMIT + 1 + 30 * MIB, consumed), headers=OWNER, params={"kind": "schedule"})
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "evidence.too_large" and error["details"]["max_bytes"] == LIMIT
    assert "50 MB" in error["message"]
    assert sum(consumed) <= LIMIT + CHUNK, "the service must stop reading at the limit, not take the whole body"
    assert await evidence_service.footprint() == before


async def test_a_declared_length_over_the_limit_is_refused_before_a_byte_is_read(evidence_service):
    consumed: list[int] = []
    response = await evidence_service.api.post(
        "/api/evidence", content=zeros(LIMIT + 1, consumed), params={"kind": "schedule"},
        headers=OWNER | {"content-length": str(LIMIT + 1)})
    assert response.status_code == 413
    assert sum(consumed) <= CHUNK


async def test_an_exe_renamed_to_pdf_is_refused_naming_what_it_is(evidence_service, files):
    before = await evidence_service.footprint()
    response = await evidence_service.api.post(
        "/api/evidence", content=files.exe(), headers=OWNER | {"content-type": "application/pdf"},
        params={"kind": "meeting_notice", "filename": "会议通知.pdf"})
    assert response.status_code == 415
    error = response.json()["error"]
    assert error["code"] == "evidence.wrong_type"
    assert "exe" in error["details"]["found"]
    assert error["details"]["accepted"] == ["PDF", "JPEG 图片", "PNG 图片"]
    assert await evidence_service.footprint() == before


async def test_a_truncated_pdf_is_refused(evidence_service, files):
    before = await evidence_service.footprint()
    data = files.pdf(3)
    response = await evidence_service.api.post(
        "/api/evidence", content=data[: len(data) // 2], headers=OWNER, params={"kind": "credit_proof"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "evidence.unreadable_pdf"
    assert await evidence_service.footprint() == before


async def test_zero_bytes_are_refused(evidence_service):
    before = await evidence_service.footprint()
    response = await evidence_service.api.post("/api/evidence", content=b"", headers=OWNER,
                                               params={"kind": "credit_proof", "filename": "空.pdf"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "evidence.empty"
    assert await evidence_service.footprint() == before


async def test_a_path_traversal_file_name_is_made_safe(evidence_service, files):
    response = await evidence_service.api.post(
        "/api/evidence", content=files.pdf(), headers=OWNER,
        params={"kind": "credit_proof", "filename": "../../../etc/cron.d/学分证明.pdf"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["filename"] == "学分证明.pdf"
    assert f"evidence/{body['evidence_id']}" in evidence_service.objects()


async def test_an_unknown_kind_a_half_named_subject_and_an_unsigned_caller_are_refused(evidence_service, files):
    unknown = await evidence_service.api.post("/api/evidence", content=files.pdf(), headers=OWNER,
                                              params={"kind": "selfie"})
    assert unknown.json()["error"]["code"] == "evidence.unknown_kind"
    anonymous = await evidence_service.api.post("/api/evidence", content=files.pdf(), params={"kind": "schedule"})
    assert anonymous.status_code == 401
    half_subject = await evidence_service.api.post("/api/evidence", content=files.pdf(), headers=OWNER,
                                                   params={"kind": "schedule", "subject_type": "hold_application"})
    assert half_subject.json()["error"]["code"] == "evidence.incomplete_subject"


async def test_an_upload_cut_off_midway_leaves_no_object_and_no_row(evidence_service, files):
    before = await evidence_service.footprint()
    data = files.pdf(3)
    # What an ASGI server tells the app when the client's connection drops mid-body.
    messages = [{"type": "http.request", "body": data[:200], "more_body": True}, {"type": "http.disconnect"}]
    sent: list[dict] = []

    async def receive() -> dict:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    token = token_for(Role.LEARNER, account_id="learner-cut")
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
        "path": "/api/evidence", "raw_path": b"/api/evidence", "query_string": b"kind=credit_proof",
        "root_path": "", "client": ("127.0.0.1", 5000), "server": ("service", 80),
        "headers": [(b"authorization", f"Bearer {token}".encode()), (b"content-length", str(len(data)).encode())],
    }
    await evidence_service.app(scope, receive, send)
    assert sent[0]["status"] == 400
    assert json.loads(sent[1]["body"])["error"]["code"] == "evidence.upload_interrupted"
    assert await evidence_service.footprint() == before


async def test_a_client_hanging_up_on_a_real_server_mid_upload_leaves_nothing(evidence_service, files):
    before = await evidence_service.footprint()
    refused_before = _interrupted_count()
    # The app's lifespan already runs in the fixture; this server only speaks HTTP on a real socket.
    server = uvicorn.Server(uvicorn.Config(evidence_service.app, host="127.0.0.1", port=0, lifespan="off",
                                           log_level="warning"))
    serving = asyncio.create_task(server.serve())
    try:
        await eventually(lambda: asyncio.sleep(0, server.started))
        port = server.servers[0].sockets[0].getsockname()[1]
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        token = token_for(Role.LEARNER, account_id="learner-hangs-up")
        writer.write(f"POST /api/evidence?kind=scanned_document HTTP/1.1\r\nHost: evidence\r\n"
                     f"Authorization: Bearer {token}\r\nContent-Length: {5 * MIB}\r\n\r\n".encode())
        writer.write(files.pdf(2) + b"\0" * MIB)
        await writer.drain()
        writer.close()  # gone, 4 MiB short
        await eventually(lambda: asyncio.sleep(0, _interrupted_count() > refused_before))
    finally:
        server.should_exit = True
        await serving
    assert await evidence_service.footprint() == before


def _interrupted_count() -> float:
    """How many uploads the evidence service answered with 400 (an interrupted upload)."""
    return REGISTRY.get_sample_value("cme_http_requests_total", {
        "service": "evidence", "method": "POST", "route": "/api/evidence", "status": "400"}) or 0.0


async def test_a_storage_outage_fails_uploads_clearly_and_loses_nothing_stored(evidence_service, files):
    kept = await evidence_service.api.post("/api/evidence", content=files.pdf(), headers=OWNER,
                                           params={"kind": "schedule", "filename": "日程.pdf"})
    before = await evidence_service.footprint()
    runtime = evidence_service.runtime
    healthy, runtime.s3 = runtime.s3, _unreachable_s3(evidence_service.settings)
    try:
        response = await evidence_service.api.post("/api/evidence", content=files.pdf(), headers=OWNER,
                                                   params={"kind": "schedule"})
        readiness = await evidence_service.api.get("/readyz")
    finally:
        runtime.s3 = healthy
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "evidence.storage_unavailable"
    assert readiness.status_code == 503 and readiness.json()["checks"]["s3"] != "ok"
    assert await evidence_service.footprint() == before
    again = await evidence_service.api.get(f"/api/evidence/{kept.json()['evidence_id']}", headers=OWNER)
    assert again.json()["sha256"] == kept.json()["sha256"]


def _unreachable_s3(settings) -> Minio:
    """A client of an S3 server that is down: a port nobody listens on, and no retries."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    http = urllib3.PoolManager(retries=urllib3.Retry(total=0), timeout=urllib3.Timeout(connect=1, read=1))
    return Minio(f"127.0.0.1:{port}", access_key=settings.s3_access_key, secret_key=settings.s3_secret_key,
                 secure=False, region="us-east-1", http_client=http)
