"""Which handler answers which event: the one table of the attendance service's consumers."""

from __future__ import annotations

from cme_contracts import topics

CONSUMER = "attendance"
TOPICS: tuple[str, ...] = (topics.PROJECTS, topics.SCAN_INGEST)
HANDLERS: dict = {}
