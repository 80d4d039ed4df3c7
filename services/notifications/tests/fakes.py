"""In memory, what the notifications service's repositories keep in PostgreSQL (`adapters/`).

`integration/test_repository_contracts.py` runs the same scenarios against these and the real
repositories, so a unit test that trusts them trusts the database. Rows read back as the adapters'
do, with the tables' columns as attributes. Deliberately not kept: the order among messages created
at the same moment (PostgreSQL orders them by id, a random uuid), and row locks (`claim_due`'s SKIP
LOCKED has no rival in one process, so the fake claims every due delivery).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from types import SimpleNamespace

from cme_notifications.adapters.leader import SCHEDULER_LOCK
from cme_notifications.domain.model import BEIJING, Notice
from cme_notifications.domain.preferences import Channel, Preferences
from cme_notifications.domain.recipients import Recipient
from cme_notifications.domain.reminders import CreditTotals, HeldSession, WaitingApplication


def _to(message: SimpleNamespace, addresses: list[Recipient]) -> bool:
    return any((message.recipient_kind, message.recipient_key) == (a.kind.value, a.key) for a in addresses)


class FakeMessageRepository:
    """Messages, unique by key, and their deliveries, unique by message, channel and address."""

    def __init__(self):
        self.messages: dict[str, SimpleNamespace] = {}  # by message id
        self.deliveries: dict[str, SimpleNamespace] = {}  # by delivery id

    async def add(self, notice: Notice, now: datetime) -> str | None:
        if any(m.key == notice.key for m in self.messages.values()):
            return None
        message_id = str(uuid.uuid4())
        self.messages[message_id] = SimpleNamespace(
            message_id=message_id, key=notice.key, recipient_kind=notice.recipient.kind.value,
            recipient_key=notice.recipient.key, category=notice.category, title=notice.title, body=notice.body,
            link=notice.link, jurisdiction=notice.jurisdiction, created_at=now, read_at=None)
        return message_id

    async def add_delivery(self, message_id: str, channel: Channel, address: str, not_before: datetime) -> None:
        if any((d.message_id, d.channel, d.address) == (message_id, channel.value, address)
               for d in self.deliveries.values()):
            return
        delivery_id = str(uuid.uuid4())
        self.deliveries[delivery_id] = SimpleNamespace(
            delivery_id=delivery_id, message_id=message_id, channel=channel.value, address=address, status="pending",
            not_before=not_before, attempts=0, sent_at=None, last_error=None)

    async def mine(self, addresses: list[Recipient], *, unread_only: bool, limit: int, offset: int) -> list:
        found = [m for m in self.messages.values() if _to(m, addresses) and not (unread_only and m.read_at)]
        found.sort(key=lambda m: m.created_at, reverse=True)
        return found[offset:offset + limit]

    async def unread_count(self, addresses: list[Recipient]) -> int:
        return len([m for m in self.messages.values() if _to(m, addresses) and m.read_at is None])

    async def mark_read(self, addresses: list[Recipient], now: datetime, message_id: str | None = None) -> int:
        changed = [m for m in self.messages.values() if _to(m, addresses) and m.read_at is None
                   and message_id in (None, m.message_id)]
        for message in changed:
            message.read_at = now
        return len(changed)

    async def exists_for(self, addresses: list[Recipient], message_id: str) -> bool:
        message = self.messages.get(message_id)
        return message is not None and _to(message, addresses)

    async def claim_due(self, now: datetime, limit: int) -> list:
        due = sorted((d for d in self.deliveries.values() if d.status == "pending" and d.not_before <= now),
                     key=lambda d: d.not_before)[:limit]
        return [SimpleNamespace(**vars(d), **{k: getattr(self.messages[d.message_id], k)
                                              for k in ("title", "body", "link")}) for d in due]

    async def mark_delivery(self, delivery_id: str, *, sent_at: datetime | None, error: str | None,
                            give_up: bool) -> None:
        delivery = self.deliveries[delivery_id]
        delivery.status = "sent" if error is None else ("failed" if give_up else "pending")
        delivery.sent_at, delivery.last_error, delivery.attempts = sent_at, error, delivery.attempts + 1


class FakePreferenceRepository:
    """Each person's preferences, and the addresses they read."""

    def __init__(self):
        self.chosen: dict[str, Preferences] = {}
        self.addresses: dict[str, list[Recipient]] = {}

    async def get(self, account_id: str) -> Preferences | None:
        return self.chosen.get(account_id)

    async def save(self, account_id: str, chosen: Preferences, addresses: list[Recipient]) -> None:
        self.chosen[account_id], self.addresses[account_id] = chosen, list(addresses)

    async def for_recipient(self, recipient: Recipient) -> list[Preferences]:
        return [self.chosen[a] for a, read in self.addresses.items() if recipient in read]


class FakeReadModels:
    """Sessions owing reports, applications waiting, approved credits and known learners."""

    def __init__(self):
        self.sessions: dict[str, tuple[HeldSession, datetime | None]] = {}
        self.applications: dict[str, dict] = {}
        self.ledger: dict[str, dict] = {}
        self.learners: dict[str, str] = {}  # id number → jurisdiction

    async def add_session(self, held: HeldSession) -> None:
        reported = self.sessions[held.session_id][1] if held.session_id in self.sessions else None
        self.sessions[held.session_id] = (held, reported)

    async def mark_reported(self, session_id: str, at: datetime) -> None:
        if session_id in self.sessions:
            self.sessions[session_id] = (self.sessions[session_id][0], at)

    async def sessions_owing_reports(self, ending_on_or_after: date) -> list[HeldSession]:
        return [held for held, reported in self.sessions.values()
                if reported is None and held.end_date >= ending_on_or_after]

    async def application_submitted(self, application_id: str, project_number: str, jurisdiction: str,
                                    owner_id: str, at: datetime) -> None:
        self.applications[application_id] = dict(project_number=project_number, jurisdiction=jurisdiction,
                                                 owner_id=owner_id, submitted_at=at, decided_at=None)

    async def application_decided(self, application_id: str, at: datetime) -> tuple[str, str] | None:
        application = self.applications.get(application_id)
        if application is None:
            return None
        application["decided_at"] = at
        return application["project_number"], application["owner_id"]

    async def waiting(self) -> list[WaitingApplication]:
        return [WaitingApplication(i, a["project_number"], a["jurisdiction"],
                                   a["submitted_at"].astimezone(BEIJING).date())
                for i, a in self.applications.items() if a["decided_at"] is None]

    async def credit_approved(self, credit_id: str, id_number: str, year: int, credit_class: str, credits: float,
                              jurisdiction: str) -> None:
        if credit_id in self.ledger:
            self.ledger[credit_id]["revoked"] = False
            return
        self.ledger[credit_id] = dict(id_number=id_number, year=year, credit_class=credit_class, credits=credits,
                                      jurisdiction=jurisdiction, revoked=False)

    async def credit_revoked(self, credit_id: str) -> None:
        if credit_id in self.ledger:
            self.ledger[credit_id]["revoked"] = True

    async def learner_registered(self, id_number: str, jurisdiction: str) -> None:
        self.learners.setdefault(id_number, jurisdiction)

    async def yearly_totals(self, year: int) -> list[CreditTotals]:
        places: dict[str, set[str]] = {}
        for entry in self.ledger.values():
            if entry["year"] == year:
                places.setdefault(entry["id_number"], set()).add(entry["jurisdiction"])
        for person, jurisdiction in self.learners.items():
            places.setdefault(person, set()).add(jurisdiction)

        def total(person: str, credit_class: str) -> float:
            return float(sum(e["credits"] for e in self.ledger.values() if e["id_number"] == person
                             and e["year"] == year and e["credit_class"] == credit_class and not e["revoked"]))

        return [CreditTotals(p, min(j), total(p, "I"), total(p, "II")) for p, j in places.items()]


class FakeSchedulerLock:
    """The advisory lock: taken unless another replica holds it (`held_elsewhere`)."""

    lock = SCHEDULER_LOCK

    def __init__(self):
        self.held_elsewhere = False

    async def take(self) -> bool:
        return not self.held_elsewhere
