"""Who may see and do what with a credit, as a table: role × scope × endpoint.

The subject is a Jiangsu learner of unit-sz in Suzhou (320500) with a credit from an
execution report. Reads are checked for the subject's data (a list answers everyone and shows
each only their scope); actions on many credits at once report refusals per credit, so their
rows check who gets past the role gate.
"""

from __future__ import annotations

import pytest

from cme_contracts.events import ReportedAttendee
from cme_platform.auth import Role
from cme_platform.testing.matrix import (
    ALL,
    IN_CITY,
    IN_PROVINCE,
    IN_UNIT,
    Row,
    Scope,
    Subject,
    missing_rows,
    public,
    run,
)
from cme_platform.testing.services import eventually

OWN = frozenset({Scope.OWN})
READERS = {Role.LEARNER: OWN, Role.UNIT_ADMIN: IN_UNIT, Role.CITY_OFFICE: IN_CITY,
           Role.PROVINCIAL_OFFICE: IN_PROVINCE, Role.REGULATOR: IN_PROVINCE}
# Reviewers pass the role gate; a district office (锦江区医学会) oversees nothing of this Jiangsu subject.
OFFICES = {Role.UNIT_ADMIN: ALL, Role.DISTRICT_OFFICE: ALL, Role.CITY_OFFICE: ALL, Role.PROVINCIAL_OFFICE: ALL}
ENTRY = {"category": "out_of_province", "project_name": "外省学习班", "credits": 1, "year": 2024}


@pytest.fixture
async def subject(service, execution_report, id_number) -> tuple[Subject, str]:
    person = id_number()
    attendee = ReportedAttendee(id_number=person, name="吴静", unit="苏州市立医院", attended_hours=12)
    await service.send(execution_report(jurisdiction="jiangsu", attendees=[attendee], unit_id="unit-sz",
                                        city_id="320500"))
    [row] = await eventually(lambda: service.credits_of(person))
    return Subject(account_id="acct-learner", id_number=person, unit_id="unit-sz", city_id="320500",
                   jurisdiction="jiangsu", other_id_number=id_number(), other_city_id="320100",
                   other_jurisdiction="sichuan"), row.credit_id


def _rows(person: str, credit_id: str) -> list[Row]:
    def get(path, **params):
        return lambda client, headers: client.get(path, headers=headers, params=params)

    def send(method, path, body):
        return lambda client, headers: client.request(method, path, headers=headers, json=body)

    def lists_it(answer) -> bool:
        return credit_id in answer.text

    bulk = {"activity": ENTRY, "people": [{"id_number": person, "name": "吴静"}]}
    window = {"opens_on": "2024-09-01", "closes_on": "2024-10-14"}
    application = {"year": 2024, "people": [{"id_number": person, "name": "吴静", "phone": "13800000000"}]}
    return [
        Row("GET", "/api/credits/{credit_id}", get(f"/api/credits/{credit_id}"), READERS),
        Row("GET", "/api/credits", get("/api/credits", id_number=person), READERS, sees=lists_it),
        Row("GET", "/api/credits/queue", get("/api/credits/queue"), OFFICES),
        Row("GET", "/api/credits/compliance", get("/api/credits/compliance", id_number=person, year=2024),
            {role: ALL for role in Role} | {Role.LEARNER: OWN}),
        Row("GET", "/api/credits/compliance/people", get("/api/credits/compliance/people", year=2024),
            {role: scopes for role, scopes in READERS.items() if role is not Role.LEARNER},
            sees=lambda answer: "吴静" in answer.text),
        Row("GET", "/api/credits/statistics", get("/api/credits/statistics"), OFFICES | {Role.REGULATOR: ALL}),
        Row("POST", "/api/credits/audit-samples", send("POST", "/api/credits/audit-samples",
                                                       {"year": 2024, "percentage": 1}), {Role.PROVINCIAL_OFFICE: ALL}),
        Row("POST", "/api/credits/entries", send("POST", "/api/credits/entries",
                                                 ENTRY | {"id_number": person, "name": "吴静"}),
            {Role.LEARNER: ALL, Role.UNIT_ADMIN: ALL}),
        # A learner's own credential only: an empty one is refused as from an issuer nobody trusts.
        Row("POST", "/api/credits/entries/credential", send("POST", "/api/credits/entries/credential", {}),
            {Role.LEARNER: ALL}),
        Row("POST", "/api/credits/entries/bulk", send("POST", "/api/credits/entries/bulk", bulk),
            {Role.UNIT_ADMIN: ALL}),
        # Only whoever entered a credit corrects it: one from an execution report, nobody.
        Row("PATCH", "/api/credits/entries/{credit_id}", send("PATCH", f"/api/credits/entries/{credit_id}",
                                                              {"credits": 1}), {}),
        Row("POST", "/api/credits/submissions", send("POST", "/api/credits/submissions", {"credit_ids": [credit_id]}),
            {Role.LEARNER: ALL, Role.UNIT_ADMIN: ALL}),
        Row("POST", "/api/credits/reviews", send("POST", "/api/credits/reviews",
                                                 {"credit_ids": ["credit-elsewhere"], "decision": "approve"}), OFFICES),
        Row("GET", "/api/credits/imports/template", get("/api/credits/imports/template"), {Role.REMOTE_EDUCATION: ALL}),
        Row("POST", "/api/credits/imports", lambda client, headers: client.post(
            "/api/credits/imports", headers=headers, files={"file": ("records.csv", b"id_number\n")}),
            {Role.REMOTE_EDUCATION: ALL}),
        Row("POST", "/api/credits/remote-records",
            send("POST", "/api/credits/remote-records", {"records": [{"id_number": "x"}]}),
            {Role.REMOTE_EDUCATION: ALL}),
        # Jiangsu offers no early review: those past the gates are refused with that reason (422).
        Row("PUT", "/api/credits/early-review-windows/{jurisdiction}/{year}",
            send("PUT", "/api/credits/early-review-windows/jiangsu/2024", window),
            {Role.PROVINCIAL_OFFICE: IN_PROVINCE}),
        Row("GET", "/api/credits/early-review-windows/{jurisdiction}/{year}",
            get("/api/credits/early-review-windows/jiangsu/2024"), {role: ALL for role in Role}),
        Row("POST", "/api/credits/early-review-applications",
            send("POST", "/api/credits/early-review-applications", application),
            {Role.UNIT_ADMIN: frozenset({Scope.OWN, Scope.SAME_UNIT, Scope.OTHER_UNIT})}),
        # Last: a provincial office in scope may revoke (refused here as not yet approved).
        Row("POST", "/api/credits/{credit_id}/revocation", send("POST", f"/api/credits/{credit_id}/revocation",
                                                                {"reason": "抽查不合格"}),
            {Role.PROVINCIAL_OFFICE: IN_PROVINCE}),
        public("GET", "/api/credits/public"),
    ]


async def test_every_route_of_the_service_has_a_row(service):
    assert missing_rows(service.app, _rows("p", "c")) == set()


async def test_each_role_and_scope_reaches_exactly_its_cells(service, subject):
    who, credit_id = subject
    assert await run(service.client, who, _rows(who.id_number, credit_id)) == []
