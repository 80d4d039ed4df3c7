"""The HTTP server options every process (the edge and each service) runs with.

uvicorn closes an idle keep-alive connection, but it waits for ever for a client that opens
a connection and sends nothing, or sends its request head or body a byte at a time. Such
clients are cheap to make and each holds a connection, so the first read of a request has a
deadline, every pause in a body has one, and the number of open connections has a cap.
"""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from cme_platform.settings import HttpServerSettings

HEAD, BODY = "head", "body"


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    """httptools with read deadlines and a connection cap (set by `guarded_protocol`).

    httptools (C) rather than h11 (pure Python): parsing and writing HTTP took a tenth of a
    service's CPU and more of the edge's. The parser's callbacks say what the client still
    owes: a request head (from the connection's start, or from a new request's first byte) or
    the rest of a body; nothing between a finished request and the next, where uvicorn's
    keep-alive timeout watches instead.
    """

    header_timeout: float = 10
    body_timeout: float = 30
    max_connections: int = 1000

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._deadline: asyncio.TimerHandle | None = None
        self._owed: str | None = HEAD
        if len(self.connections) > self.max_connections:
            transport.close()  # over the cap: refuse at once rather than queue
            return
        self._arm(self.header_timeout)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        # The head's deadline counts from its first byte and is not moved by more bytes, so a
        # trickle does not keep it alive.
        self._owed = HEAD
        if self._deadline is None:
            self._arm(self.header_timeout)

    def on_headers_complete(self) -> None:
        super().on_headers_complete()
        self._owed = BODY
        self._arm(self.body_timeout)

    def on_body(self, body: bytes) -> None:
        super().on_body(body)
        self._arm(self.body_timeout)  # a pause between chunks, not the whole upload

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._owed = None
        self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def on_response_complete(self) -> None:
        # An answer given before the body ended (a refusal) leaves the body's deadline running;
        # otherwise uvicorn's keep-alive timeout watches the connection from here.
        if self._owed is not BODY:
            self._disarm()
        super().on_response_complete()

    def _arm(self, seconds: float) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, self._expired)

    def _disarm(self) -> None:
        deadline = getattr(self, "_deadline", None)  # unset until connection_made has run
        if deadline is not None:
            deadline.cancel()
            self._deadline = None

    def _expired(self) -> None:
        self._deadline = None
        if self.flow.read_paused:  # the app is slow to read, not the client to send
            self._arm(self.body_timeout)
        elif self._owed is not None and not self.transport.is_closing():
            self.transport.close()


def guarded_protocol(settings: HttpServerSettings) -> type[GuardedHttpToolsProtocol]:
    """The protocol class with the deadlines and the cap of these settings."""
    return type("ConfiguredHttpToolsProtocol", (GuardedHttpToolsProtocol,), {
        "header_timeout": settings.http_header_timeout_seconds,
        "body_timeout": settings.http_body_timeout_seconds,
        "max_connections": settings.http_max_connections,
    })


def uvicorn_options(settings: HttpServerSettings) -> dict:
    """Keyword arguments for `uvicorn.run` / `uvicorn.Config`."""
    return {
        "host": settings.http_host, "port": settings.http_port, "http": guarded_protocol(settings),
        "timeout_keep_alive": settings.http_keep_alive_seconds, "limit_concurrency": settings.http_max_connections,
    }
