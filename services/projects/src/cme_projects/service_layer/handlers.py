"""Which handler answers which event: the one table of the projects service's consumers."""

from __future__ import annotations

from cme_contracts import topics

CONSUMER = "projects"
TOPICS: tuple[str, ...] = (topics.EVIDENCE,)
HANDLERS: dict = {}
