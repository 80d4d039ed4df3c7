"""Reading the audit topic for verification."""

from __future__ import annotations

import json

from cme_platform.messaging.kafka import read_all


async def read_topic(bootstrap: str, topic: str) -> list[tuple[str, dict]]:
    """Every message of topic as ("partition:offset", parsed JSON), in order within each partition."""
    return [(f"{r.partition}:{r.offset}", _parse(r.value)) for r in await read_all(bootstrap, topic)]


def _parse(raw: bytes | None) -> dict:
    """A message as JSON; anything else becomes an empty object, which verify reports as malformed."""
    try:
        value = json.loads(raw or b"")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
