"""Who may read and mark which messages, as a table: role × scope × endpoint. The subject is a
Sichuan learner with one message (their credit was approved); every other endpoint acts on
the caller's own messages and settings only, so each role reaches it for itself."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from cme_contracts.events import CreditApproved
from cme_platform.auth import Role
from cme_platform.testing.matrix import ALL, Row, Scope, Subject, missing_rows, run
from cme_platform.testing.services import eventually

OWN = frozenset({Scope.OWN})
EVERYONE_FOR_THEMSELF = {role: ALL for role in Role}


def approval(id_number: str) -> CreditApproved:
    return CreditApproved(
        credit_id=f"credit-{uuid.uuid4().hex[:8]}", id_number=id_number, name="张晓明", year=2026, credit_class="I",
        level="national", credits=4, source="session", project_name="护理学进展", jurisdiction="sichuan",
        issuing_office="四川省继续医学教育委员会办公室", approved_by="省继教办",
        approved_at=datetime(2026, 12, 2, tzinfo=UTC))


def subject_of(id_number: str, other: str) -> Subject:
    return Subject(account_id="learner-matrix", id_number=id_number, unit_id="unit-1", city_id="510100",
                   jurisdiction="sichuan", other_id_number=other, other_city_id="510700", other_jurisdiction="jiangsu")


def _rows(message_id: str) -> list[Row]:
    def call(method, path, body=None):
        return lambda client, headers: client.request(method, path, headers=headers, json=body)

    return [
        Row("GET", "/api/notifications/mine", call("GET", "/api/notifications/mine"), {Role.LEARNER: OWN},
            sees=lambda answer: message_id in answer.text),
        Row("GET", "/api/notifications/mine/unread-count", call("GET", "/api/notifications/mine/unread-count"),
            EVERYONE_FOR_THEMSELF),
        Row("GET", "/api/notifications/preferences", call("GET", "/api/notifications/preferences"),
            EVERYONE_FOR_THEMSELF),
        Row("PUT", "/api/notifications/preferences", call("PUT", "/api/notifications/preferences", {"channels": []}),
            EVERYONE_FOR_THEMSELF),
        Row("POST", "/api/notifications/{message_id}/read", call("POST", f"/api/notifications/{message_id}/read"),
            {Role.LEARNER: OWN}),
        Row("POST", "/api/notifications/mine/read", call("POST", "/api/notifications/mine/read"),
            EVERYONE_FOR_THEMSELF),
    ]


async def test_every_route_of_the_service_has_a_row(service):
    assert missing_rows(service.app, _rows("m")) == set()


async def test_each_role_and_scope_reaches_exactly_its_cells(service, new_id_number):
    who = subject_of(new_id_number(), new_id_number())
    await service.deliver(approval(who.id_number))
    (message, *_) = await eventually(lambda: service.messages_to("learner", who.id_number))
    wrong = await run(service.client, who, _rows(message.message_id))
    assert wrong == [], "\n".join(wrong)
