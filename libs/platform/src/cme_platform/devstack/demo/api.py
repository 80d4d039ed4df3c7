"""The demo's view of the platform: the front door's public APIs, nothing else.

The demo is an outside system like any other, so it signs in, uploads and decides through
the same routes a browser or an organizer's system uses, and waits where the platform is
eventually consistent (a file is usable once the evidence service's `EvidenceStored` reached
the consumer; a credit appears once `ExecutionReported` reached credits).
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

import httpx
from pypdf import PdfWriter

from cme_platform.clock import Clock

BEIJING = ZoneInfo("Asia/Shanghai")
T = TypeVar("T")


class DemoFailed(RuntimeError):
    """The platform refused a step of the demo; the message names the request and the answer."""


def stack_now() -> datetime:
    """The stack's "now" in Beijing time: a stack started with `CME_CLOCK_OFFSET_SECONDS` (a test's)
    goes by a shifted clock, and the demo's dates must agree with it."""
    return Clock(float(os.environ.get("CME_CLOCK_OFFSET_SECONDS", "0") or 0)).now().astimezone(BEIJING)


def one_page_pdf() -> bytes:
    """A valid one-page A4 PDF standing in for a notice, a schedule or a certificate scan."""
    writer, buffer = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(buffer)
    return buffer.getvalue()


def eventually(attempt: Callable[[], T | None], what: str, timeout: float = 60, interval: float = 0.5) -> T:
    """The first answer of `attempt` that is not None, tried until `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while True:
        answer = attempt()
        if answer is not None:
            return answer
        if time.monotonic() > deadline:
            raise DemoFailed(f"gave up waiting ({timeout:.0f} s) for {what}")
        time.sleep(interval)


class FrontDoor:
    """An httpx client on the front door with the few habits the demo needs."""

    def __init__(self, url: str):
        self.http = httpx.Client(base_url=url, timeout=30)
        self._tokens: dict[str, dict] = {}

    def close(self) -> None:
        self.http.close()

    def call(self, method: str, path: str, *, who: dict | None = None, allow: tuple[int, ...] = (),
             **kwargs) -> httpx.Response:
        """A request; an error answer other than the `allow`ed statuses stops the demo."""
        response = self.http.request(method, path, headers=who, **kwargs)
        if response.status_code >= 300 and response.status_code not in allow:
            raise DemoFailed(f"{method} {path} answered {response.status_code}: {response.text[:500]}")
        return response

    def json(self, method: str, path: str, *, who: dict | None = None, **kwargs) -> dict:
        return self.call(method, path, who=who, **kwargs).json()

    def sign_in(self, username: str, password: str) -> dict:
        """The Authorization header of a signed-in account (kept, tokens last long enough for a demo)."""
        if username not in self._tokens:
            body = self.json("POST", "/api/identity/sessions", json={"username": username, "password": password})
            self._tokens[username] = {"Authorization": f"Bearer {body['token']}"}
        return self._tokens[username]

    def upload_pdf(self, who: dict, kind: str, filename: str) -> str:
        """Store a PDF in the evidence service; its evidence id."""
        stored = self.json("POST", "/api/evidence", who=who, content=one_page_pdf(),
                           params={"kind": kind, "filename": filename})
        return stored["evidence_id"]

    def credits_of_unit(self, admin: dict) -> list[dict]:
        """Every credit in the unit admin's scope (`GET /api/credits`)."""
        return self.json("GET", "/api/credits", who=admin)["credits"]
