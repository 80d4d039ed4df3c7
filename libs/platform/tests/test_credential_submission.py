"""A credential submitted for verification is refused as too large without the service reading it all into
memory: what the client declares is believed first, and a body sent without a length is cut off at the limit."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from cme_platform.credentials.submission import MAX_SUBMISSION_BYTES, UnreadableCredential, read_submission

CHUNK = 512 * 1024


def endless_upload(content_type: str, declared: int | None) -> tuple[Request, list[int]]:
    """A request whose body never ends, counting the chunks the service asked for."""
    read: list[int] = []
    headers = [(b"content-type", content_type.encode())]
    if declared is not None:
        headers.append((b"content-length", str(declared).encode()))

    async def receive() -> dict:
        read.append(CHUNK)
        return {"type": "http.request", "body": b"{" + b" " * (CHUNK - 1), "more_body": len(read) < 400}

    return Request({"type": "http", "method": "POST", "path": "/", "headers": headers, "query_string": b""},
                   receive), read


@pytest.mark.parametrize("content_type", ["application/json", "multipart/form-data; boundary=x"])
async def test_a_declared_length_over_the_limit_is_refused_unread(content_type):
    request, read = endless_upload(content_type, 400 * CHUNK)
    with pytest.raises(UnreadableCredential) as refused:
        await read_submission(request)
    assert refused.value.code == "credential.too_large" and read == []


async def test_a_body_without_a_length_is_read_no_further_than_the_limit():
    request, read = endless_upload("application/json", None)
    with pytest.raises(UnreadableCredential) as refused:
        await read_submission(request)
    assert refused.value.code == "credential.too_large"
    assert sum(read) <= MAX_SUBMISSION_BYTES + CHUNK


async def test_a_form_without_a_length_is_refused_unread():
    request, read = endless_upload("multipart/form-data; boundary=x", None)
    with pytest.raises(UnreadableCredential) as refused:
        await read_submission(request)
    assert refused.value.code == "credential.length_required" and read == []
