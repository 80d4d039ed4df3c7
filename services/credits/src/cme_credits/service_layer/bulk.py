"""One bulk action (批量上报 / 批量审核) over many credits, with a few statements instead of a few per credit."""

from __future__ import annotations

from collections.abc import Callable

from cme_contracts import IntegrationEvent
from cme_credits.domain.errors import credit_not_found
from cme_credits.domain.review import ReviewState, Status
from cme_credits.service_layer.unit_of_work import CreditsUnitOfWork, LedgerRow
from cme_platform.auth import Principal
from cme_platform.errors import DomainError


def state_of(row: LedgerRow) -> ReviewState:
    """The review state kept on a ledger row."""
    return ReviewState(Status(row.status), row.stage, tuple(row.chain))


class Bulk:
    """The credits of a request, locked together, and what acting on each of them writes.

    Items are decided one after the other in memory; a credit named twice sees the state the
    first decision left. `write` then stores states, history and events with one statement each.
    """

    def __init__(self, rows: dict[str, LedgerRow]):
        self._rows = rows
        self._states = {credit_id: state_of(row) for credit_id, row in rows.items()}
        self._moved: dict[str, ReviewState] = {}
        self._history: list[dict] = []
        self.events: list[IntegrationEvent] = []

    @classmethod
    async def lock(cls, uow: CreditsUnitOfWork, principal: Principal, credit_ids: list[str]) -> Bulk:
        """Lock those of the credits within the caller's scope."""
        return cls(await uow.credits.get_many_for_update(credit_ids, scope=principal))

    def rows(self) -> list[LedgerRow]:
        """Every locked row, as read."""
        return list(self._rows.values())

    def row(self, credit_id: str) -> LedgerRow:
        """The locked row as it was read; NotFound when it is missing or out of scope."""
        if credit_id not in self._rows:
            raise credit_not_found(credit_id)
        return self._rows[credit_id]

    def state(self, credit_id: str) -> ReviewState:
        """The credit's review state after the decisions made so far in this request."""
        self.row(credit_id)
        return self._states[credit_id]

    def move(self, credit_id: str, state: ReviewState, action: str, *, actor: str, level: str | None = None,
             reason: str | None = None) -> None:
        """Record a new state and its history line (审核记录)."""
        self._states[credit_id] = self._moved[credit_id] = state
        self._history.append({"credit_id": credit_id, "action": action, "actor": actor, "level": level,
                              "reason": reason})

    async def write(self, uow: CreditsUnitOfWork, *, reason: str | None = None) -> None:
        """Store every change of this request: states, history lines, then the events."""
        await uow.credits.save_states(self._moved, reason=reason)
        await uow.credits.add_histories(self._history)
        await uow.publish_many(self.events)


def each(credit_id: str, step: Callable[[str], str]) -> dict:
    """Run one item of a bulk action; a refusal is reported for that item and the rest go on."""
    try:
        return {"credit_id": credit_id, "ok": True, "status": step(credit_id)}
    except DomainError as error:
        return {"credit_id": credit_id, "ok": False, **error.to_dict()["error"]}
