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


async def read_submission(request: Request) -> bytes | object:
    """What to verify: a PDF's bytes, or a parsed credential, from the raw body, an uploaded
    file (`file`) or a form field (`credential`)."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        form = await request.form()
        upload = form.get("file")
        raw = await upload.read() if isinstance(upload, UploadFile) and upload.filename else b""
        raw = raw or str(form.get("credential", "")).encode()
    else:
        raw = await request.body()
    if len(raw) > MAX_SUBMISSION_BYTES:
        raise UnreadableCredential("credential.too_large", "文件过大：证书 PDF 或凭证 JSON 不应超过 2 MB",
                                   max_bytes=MAX_SUBMISSION_BYTES)
    if raw.lstrip().startswith(b"%PDF"):
        return raw
    try:
        return json.loads(raw)
    except (ValueError, TypeError):
        raise UnreadableCredential("credential.unreadable",
                                   "无法读取：请粘贴或上传完整的凭证 JSON 文件，或上传证书 PDF 原件") from None
