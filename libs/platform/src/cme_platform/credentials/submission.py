"""What a person submits as a credential: its JSON (body, uploaded file or pasted into a form field),
or a certificate PDF. Read once here for the service that verifies its own certificates and the
one that accepts other platforms' as credit entries."""

from __future__ import annotations

import json

from starlette.datastructures import UploadFile
from starlette.requests import Request

from cme_platform.errors import DomainError

MAX_SUBMISSION_BYTES = 2 * 1024 * 1024  # a certificate PDF is about 40 KB, a credential about 5 KB


class UnreadableCredential(DomainError):
    """What was submitted for verification is neither a credential JSON nor a PDF."""

    status_code = 400


# A form's boundaries and field names around the file; a declared length above limit + this is refused unread.
_FORM_FRAMING_BYTES = 64 * 1024


async def read_submission(request: Request) -> bytes | object:
    """What to verify: a PDF's bytes, or a parsed credential, from the raw body, an uploaded
    file (`file`) or a form field (`credential`). Too large is refused before the body is read
    (its declared length) or as soon as it passes the limit: never held whole in memory."""
    content_type = request.headers.get("content-type", "")
    is_form = content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded"))
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_SUBMISSION_BYTES + (_FORM_FRAMING_BYTES if is_form else 0):
        raise _too_large()
    if is_form:
        if not declared.isdigit():
            # A form's file is spooled to disk whole before it can be measured; browsers always give the length.
            raise UnreadableCredential("credential.length_required",
                                       "上传请求缺少文件大小（Content-Length），请通过页面重新上传")
        form = await request.form(max_files=1, max_fields=10)
        upload = form.get("file")
        raw = await upload.read(MAX_SUBMISSION_BYTES + 1) if isinstance(upload, UploadFile) and upload.filename else b""
        raw = raw or str(form.get("credential", "")).encode()
    else:
        raw = await _body(request)
    if len(raw) > MAX_SUBMISSION_BYTES:
        raise _too_large()
    if raw.lstrip().startswith(b"%PDF"):
        return raw
    try:
        return json.loads(raw)
    except (ValueError, TypeError):
        raise UnreadableCredential("credential.unreadable",
                                   "无法读取：请粘贴或上传完整的凭证 JSON 文件，或上传证书 PDF 原件") from None


async def _body(request: Request) -> bytes:
    # A body sent without a length (chunked) is cut off one chunk past the limit.
    chunks, size = [], 0
    async for chunk in request.stream():
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_SUBMISSION_BYTES:
            raise _too_large()
    return b"".join(chunks)


def _too_large() -> UnreadableCredential:
    return UnreadableCredential("credential.too_large", "文件过大：证书 PDF 或凭证 JSON 不应超过 2 MB",
                                max_bytes=MAX_SUBMISSION_BYTES)
