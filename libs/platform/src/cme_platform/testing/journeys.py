"""Small helpers for tests that drive the platform from outside: files to upload, answers to check."""

from __future__ import annotations

import io
import subprocess
import time

import httpx
from pypdf import PdfWriter


def blank_pdf() -> bytes:
    """A valid one-page A4 PDF, as a notice, a schedule or a proof would be uploaded."""
    writer, buffer = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(buffer)
    return buffer.getvalue()


async def ok(response: httpx.Response) -> dict:
    """The JSON of a successful answer; a failed one fails the test with the request and the body."""
    assert response.status_code < 300, f"{response.request.method} {response.request.url}: {response.text}"
    return response.json()


def wait_for_line(process: subprocess.Popen, text: str, timeout: float) -> list[str]:
    """Read a process's output until a line contains `text`; the lines read so far."""
    if process.stdout is None:
        raise ValueError("the process's output is not piped (start it with stdout=subprocess.PIPE)")
    seen, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        seen.append(line)
        if text in line:
            return seen
    raise AssertionError(f"{text!r} not printed; output so far:\n{''.join(seen)}")
