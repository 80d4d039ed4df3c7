"""Which handler answers which event: the one table of the evidence service's consumers."""

from __future__ import annotations

from cme_contracts import topics

CONSUMER = "evidence"
TOPICS: tuple[str, ...] = (topics.PROJECTS, topics.CREDITS)
HANDLERS: dict = {}
