"""Which handler answers which event: the one table of the identity service's consumers.

Identity learns nothing from other services' events; the table is empty by design.
"""

from __future__ import annotations

from cme_contracts import IntegrationEvent
from cme_identity.service_layer.unit_of_work import IdentityUnitOfWork
from cme_platform.messaging import Handler

CONSUMER = "identity"
TOPICS: tuple[str, ...] = ()
HANDLERS: dict[type[IntegrationEvent], Handler[IdentityUnitOfWork]] = {}
