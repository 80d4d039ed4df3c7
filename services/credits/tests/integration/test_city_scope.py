"""A credit carries the city of the unit that reported it, and a city office sees only its
own city's credits: Nanjing (320100) does not see a Suzhou (320500) learner's credit."""

from __future__ import annotations

from cme_contracts.events import ReportedAttendee
from cme_platform.testing.services import eventually
from cme_platform.testing.tokens import auth_header

NANJING = auth_header("city_office", account_id="acct-nj", city_id="320100", jurisdiction="jiangsu")
SUZHOU = auth_header("city_office", account_id="acct-sz", city_id="320500", jurisdiction="jiangsu")
PROVINCE = auth_header("provincial_office", account_id="acct-js", jurisdiction="jiangsu")


def _attendee(id_number: str) -> ReportedAttendee:
    return ReportedAttendee(id_number=id_number, name="周敏", unit="苏州市立医院", attended_hours=12)


async def _visible(service, headers, person) -> list[str]:
    answer = await service.client.get("/api/credits", headers=headers, params={"id_number": person})
    assert answer.status_code == 200, answer.text
    return [c["credit_id"] for c in answer.json()["credits"]]


async def test_a_city_office_sees_its_own_citys_credits_and_not_another_citys(service, execution_report, id_number):
    person = id_number()
    await service.send(execution_report(jurisdiction="jiangsu", attendees=[_attendee(person)], unit_id="unit-sz",
                                        city_id="320500"))
    [row] = await eventually(lambda: service.credits_of(person))
    assert (row.unit_id, row.city_id) == ("unit-sz", "320500")

    assert await _visible(service, NANJING, person) == []
    assert (await service.client.get(f"/api/credits/{row.credit_id}", headers=NANJING)).status_code in (403, 404)
    assert await _visible(service, SUZHOU, person) == [row.credit_id]
    assert await _visible(service, PROVINCE, person) == [row.credit_id]


async def test_a_credit_whose_city_is_unknown_is_shown_to_no_city_office(service, execution_report, id_number):
    person = id_number()
    await service.send(execution_report(jurisdiction="jiangsu", attendees=[_attendee(person)], city_id=None))
    [row] = await eventually(lambda: service.credits_of(person))
    assert await _visible(service, NANJING, person) == [] and await _visible(service, SUZHOU, person) == []
    assert await _visible(service, PROVINCE, person) == [row.credit_id]
