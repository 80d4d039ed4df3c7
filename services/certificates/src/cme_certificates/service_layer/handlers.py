"""Which handler answers which event: the one table of the certificates service's consumers."""

from __future__ import annotations

from cme_contracts import topics

CONSUMER = "certificates"
TOPICS: tuple[str, ...] = (topics.CREDITS)
HANDLERS: dict = {}
