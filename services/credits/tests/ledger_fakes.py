"""In memory, what `adapters.credits.CreditRepository` keeps in PostgreSQL: the ledger and its history.

Rows read back as the adapter's do: every column of the credit table as an attribute, a copy per read
(a row read before a change keeps its old values, as a fetched row does). The caller's scope is
`adapters/scopes.py` again in Python. Deliberately not faked: row locks (one process has no rival), and
the order among rows created in one transaction, which PostgreSQL leaves to chance (`created_at` is
`now()`, one moment per transaction); the fake keeps the order of insertion there.
`integration/test_repository_contracts.py` runs the same scenarios against this and the real repository.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import UTC, datetime
from types import SimpleNamespace

from cme_credits.adapters.tables import credit
from cme_credits.domain.errors import credit_not_found
from cme_credits.domain.identity import normalize_number
from cme_credits.domain.review import ReviewState, Status
from cme_credits.domain.self_entry import Entry
from cme_platform.access import JURISDICTION_WIDE, overseen_jurisdictions
from cme_platform.auth import Principal, Role

_DEFAULTS = {"evidence_ids": [], "details": {}, "stage": 0, "audit_sampled": False}
_DEAD = (Status.REJECTED.value, Status.REVOKED.value)


def visible_to(principal: Principal | None, row) -> bool:
    """`adapters.scopes.visible_to` for one row."""
    if principal is None:
        return True
    role = principal.role
    if role is Role.LEARNER:
        return row.id_number == (principal.id_number or "")
    if role is Role.UNIT_ADMIN:
        return row.unit_id == (principal.unit_id or "")
    overseen = row.jurisdiction in overseen_jurisdictions(principal)
    if role is Role.CITY_OFFICE:
        return row.city_id == (principal.city_id or "") and overseen
    if role in JURISDICTION_WIDE:
        return overseen
    if role is Role.REMOTE_EDUCATION:
        return row.entered_by == principal.account_id
    return False


class FakeCreditRepository:
    """The ledger rows by credit id, in the order entered, and their history lines."""

    def __init__(self):
        self.rows: dict[str, SimpleNamespace] = {}
        self.lines: list[SimpleNamespace] = []
        self._line_ids = itertools.count(1)

    def _read(self, rows: Iterable[SimpleNamespace]) -> list[SimpleNamespace]:
        return [SimpleNamespace(**vars(r)) for r in rows]

    def _within(self, scope: Principal | None) -> list[SimpleNamespace]:
        return [r for r in self.rows.values() if visible_to(scope, r)]

    # --- writing ---

    async def lock_person(self, id_number: str) -> None:
        """Nothing to wait for: one test, one task (PostgreSQL's advisory lock is not copied)."""

    async def add(self, values: dict, *, actor: str, action: str = "entered") -> bool:
        return bool(await self.add_many([values], actor=actor, action=action))

    async def add_many(self, rows: list[dict], *, actor: str, action: str) -> set[str]:
        created: set[str] = set()
        for values in rows:
            taken = values.get("origin_key") is not None and any(
                r.origin_key == values["origin_key"] for r in self.rows.values())
            if taken or values["credit_id"] in self.rows:
                continue
            now = datetime.now(UTC)
            self.rows[values["credit_id"]] = SimpleNamespace(**{c.name: None for c in credit.columns} | _DEFAULTS
                                                             | {"created_at": now, "updated_at": now} | values)
            created.add(values["credit_id"])
        await self.add_histories([{"credit_id": r["credit_id"], "action": action, "actor": actor}
                                  for r in rows if r["credit_id"] in created])
        return created

    async def add_history(self, credit_id: str, action: str, *, actor: str, level: str | None = None,
                          reason: str | None = None) -> None:
        await self.add_histories([{"credit_id": credit_id, "action": action, "actor": actor, "level": level,
                                   "reason": reason}])

    async def add_histories(self, lines: list[dict]) -> None:
        self.lines.extend(SimpleNamespace(**{"id": next(self._line_ids), "level": None, "reason": None,
                                             "at": datetime.now(UTC)} | line) for line in lines)

    async def save_state(self, credit_id: str, state: ReviewState, *, reason: str | None = None, **changes) -> None:
        if credit_id in self.rows:
            last = {"last_reason": reason} if reason is not None else {}
            vars(self.rows[credit_id]).update(status=state.status.value, stage=state.stage, **changes, **last)

    async def save_states(self, states: dict[str, ReviewState], *, reason: str | None = None) -> None:
        for credit_id, state in states.items():
            await self.save_state(credit_id, state, reason=reason)

    async def mark_sampled(self, credit_ids: list[str]) -> None:
        for credit_id in credit_ids:
            if credit_id in self.rows:
                self.rows[credit_id].audit_sampled = True

    # --- locking (nothing to wait for in one process) ---

    async def get_for_update(self, credit_id: str, *, scope: Principal | None):
        row = (await self.get_many_for_update([credit_id], scope=scope)).get(credit_id)
        if row is None:
            raise credit_not_found(credit_id)
        return row

    async def get_many_for_update(self, credit_ids: Iterable[str], *, scope: Principal | None) -> dict:
        wanted = sorted(set(credit_ids))
        return {r.credit_id: r for r in self._read(self.rows[i] for i in wanted if i in self.rows
                                                   and visible_to(scope, self.rows[i]))}

    # --- reading ---

    async def get(self, credit_id: str, *, scope: Principal | None):
        row = self.rows.get(credit_id)
        return self._read([row])[0] if row is not None and visible_to(scope, row) else None

    async def history(self, credit_id: str) -> list:
        return [line for line in self.lines if line.credit_id == credit_id]

    async def listed(self, *, scope: Principal | None, id_number: str | None = None, year: int | None = None,
                     status: str | None = None) -> list:
        found = [r for r in self._within(scope) if (not id_number or r.id_number == id_number)
                 and (not year or r.year == year) and (not status or r.status == status)]
        return self._read(sorted(found, key=lambda r: r.year))

    async def awaiting(self, level: str, *, scope: Principal | None) -> list:
        return self._read(r for r in self._within(scope) if r.status == Status.IN_REVIEW
                          and r.stage < len(r.chain) and r.chain[r.stage] == level)

    async def approved_of(self, id_number: str) -> list:
        found = [r for r in self.rows.values() if r.id_number == id_number and r.status == Status.APPROVED]
        return self._read(sorted(found, key=lambda r: r.year))

    async def of_person(self, id_number: str, *, scope: Principal | None) -> list:
        return self._read(r for r in self._within(scope) if r.id_number == id_number)

    async def of_people(self, *, scope: Principal | None, year: int, unit_id: str | None = None) -> dict:
        within = self._within(scope)
        people = {r.id_number for r in within if r.year == year and (not unit_id or r.unit_id == unit_id)}
        by_person: dict[str, list] = {}
        for row in self._read(r for r in within if r.id_number in people):
            by_person.setdefault(row.id_number, []).append(row)
        return by_person

    async def statistics(self, *, scope: Principal | None, year: int | None) -> list[tuple]:
        groups: dict[tuple[str, str], list] = {}
        for row in self._within(scope):
            if not year or row.year == year:
                groups.setdefault((row.status, row.credit_class), []).append(row)
        return [(status, credit_class, len(rows), sum(r.credits for r in rows), len({r.id_number for r in rows}))
                for (status, credit_class), rows in groups.items()]

    async def approved_self_entries(self, *, scope: Principal | None, year: int) -> list[str]:
        return sorted(r.credit_id for r in self._within(scope) if r.year == year and r.status == Status.APPROVED
                      and r.source in ("self_entry", "special"))

    # --- what an entry must not duplicate ---

    def _live(self, id_number: str, ignore: str | None) -> list[SimpleNamespace]:
        return [r for r in self.rows.values() if r.id_number == id_number and r.credit_id != (ignore or "")
                and r.status not in _DEAD]

    async def holds_project(self, id_number: str, number: str | None, ignore: str | None = None) -> bool:
        if not number:
            return False
        wanted = normalize_number(number)
        return any(r.project_number is not None and normalize_number(r.project_number) == wanted
                   for r in self._live(id_number, ignore))

    async def holds_activity(self, id_number: str, entry: Entry, ignore: str | None = None) -> bool:
        undated = entry.start_date is None and entry.end_date is None
        return any(r.project_number is None and r.project_name.strip(" ") == entry.project_name.strip()
                   and r.credits == entry.credits and r.hours == entry.hours and r.start_date == entry.start_date
                   and r.end_date == entry.end_date and (not undated or r.year == entry.year)
                   for r in self._live(id_number, ignore))

    async def has_category_in_year(self, id_number: str, category: str, year: int, ignore: str | None = None) -> bool:
        return any(r.category == category and r.year == year for r in self._live(id_number, ignore))
