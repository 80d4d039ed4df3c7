"""Which handler answers which event: the one table of the identity service's consumers.

Identity learns nothing from other services' events; the table is empty by design.
"""

from __future__ import annotations

CONSUMER = "identity"
TOPICS: tuple[str, ...] = ()
HANDLERS: dict = {}
