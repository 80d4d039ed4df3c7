"""Every call the portal makes is one the service has: for each client method, its method and path are in the
service's OpenAPI document, the query and body fields it sends are the operation's, and the response fields the
pages read are in the response schema, nested ones too (none may be read of an answer documented without its
fields)."""

from __future__ import annotations

import pytest

from cme_portal.adapters.clients import CLIENTS, Answer, Endpoint, ServiceClient
from cme_portal.adapters.clients.base import endpoint


@pytest.mark.parametrize("service", sorted(CLIENTS))
def test_each_method_of_the_client_calls_an_operation_the_service_documents(service, endpoint_problems):
    assert endpoint_problems(CLIENTS[service], service) == []


class Misdirected(ServiceClient):
    """A client written against an API that is not there."""

    @endpoint("GET", "/api/credits/nowhere")
    async def nowhere(self, spec: Endpoint) -> Answer[dict]:
        return await self._call(spec)

    @endpoint("GET", "/api/credits/compliance", query=("id_number", "decade"), reads=("totals",))
    async def wrong_query(self, spec: Endpoint) -> Answer[dict]:
        return await self._call(spec)

    @endpoint("POST", "/api/identity/sessions", body=("login",), reads=("cookie",))
    async def wrong_fields(self, spec: Endpoint) -> Answer[dict]:
        return await self._call(spec)

    @endpoint("POST", "/api/identity/units", reads=("unit",))
    async def reads_an_open_answer(self, spec: Endpoint) -> Answer[dict]:
        return await self._call(spec)

    async def undeclared(self) -> Answer[dict]:
        return Answer()


def test_the_check_catches_a_path_a_field_or_a_method_the_service_does_not_have(endpoint_problems):
    on_credits = endpoint_problems(Misdirected, "credits")
    assert "nowhere: GET /api/credits/nowhere is not in the service's API" in on_credits
    assert "wrong_query: query field 'decade' is not a parameter of /api/credits/compliance" in on_credits
    assert "undeclared: calls no declared endpoint" in on_credits
    on_identity = endpoint_problems(Misdirected, "identity")
    assert "wrong_fields: body field 'login' is not in the request schema" in on_identity
    assert "wrong_fields: response field 'cookie' is not in the response schema" in on_identity
    assert "reads_an_open_answer: reads ('unit',) of an answer documented without its fields" in on_identity


class Misread(ServiceClient):
    """A client reading fields nested in an answer that are not there, beside some that are."""

    @endpoint("GET", "/api/credits/compliance", query=("id_number", "year"),
              reads=("totals.class_iii", "missing[].reason", "missing.message", "met.value", "requirements[].bound",
                     "requirements.class_i_min", "credits[].counted", "requirements.national_window.years"))
    async def standing(self, spec: Endpoint) -> Answer[dict]:
        return await self._call(spec)


def test_the_check_follows_a_read_into_objects_and_the_items_of_lists(endpoint_problems):
    wrong = {problem.partition("'")[2].rpartition("'")[0] for problem in endpoint_problems(Misread, "credits")}
    assert wrong == {"totals.class_iii", "missing[].reason", "missing.message", "met.value", "requirements[].bound"}


async def test_a_client_refuses_to_send_a_field_it_did_not_declare():
    class Sloppy(ServiceClient):
        @endpoint("GET", "/api/credits/compliance", query=("year",))
        async def compliance(self, spec: Endpoint) -> Answer[dict]:
            return await self._call(spec, params={"year": 2026, "decade": 202})

    with pytest.raises(TypeError, match="decade"):
        await Sloppy(None, None).compliance()  # type: ignore[arg-type]  # no call is made
