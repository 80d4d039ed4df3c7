"""单位统一录入 as a use case: only the unit's own learners go to the credits service, with their ID numbers,
and each result comes back named by person with the number masked. The clients are fakes here."""

from __future__ import annotations

from typing import Any

import pytest

from cme_platform.errors import DomainError
from cme_portal.adapters.clients import Account, Answer, CreditsClient, IdentityClient
from cme_portal.service_layer.unit_entry import enter_for_unit

ZHOU = Account(id="a-1", username="510107198501010011", role="learner", name="周明", status="active",
               id_number="510107198501010011")


class FakeIdentity(IdentityClient):
    def __init__(self, answer: Answer[list[Account]]):
        self.answer = answer

    async def unit_learners(self) -> Answer[list[Account]]:  # type: ignore[override]
        return self.answer


class FakeCredits(CreditsClient):
    def __init__(self, answer: Answer[dict[str, Any]]):
        self.answer, self.sent = answer, []

    async def enter_for_many(self, activity, people) -> Answer[dict[str, Any]]:  # type: ignore[override]
        self.sent.append(people)
        return self.answer


async def test_the_units_learner_is_sent_with_the_id_number_and_named_back_masked():
    credits = FakeCredits(Answer({"accepted": 1, "results": [{"ok": True, "credit_id": "c-1"}]}, status=201))
    answer = await enter_for_unit(FakeIdentity(Answer([ZHOU])), credits, activity={"category": "district_ii"},
                                  account_ids=["a-1", "a-1"], evidence_ids=["e-1"])
    assert credits.sent == [[{"id_number": ZHOU.id_number, "name": "周明", "evidence_ids": ["e-1"]}]]
    [result] = answer.value["results"]
    assert result["account_id"] == "a-1" and result["name"] == "周明"
    assert result["id_number"] != ZHOU.id_number and result["id_number"].endswith("0011")


async def test_an_account_not_of_the_unit_is_refused_before_the_credits_service_is_asked():
    credits = FakeCredits(Answer({}))
    with pytest.raises(DomainError) as refused:
        await enter_for_unit(FakeIdentity(Answer([ZHOU])), credits, activity={}, account_ids=["a-2"], evidence_ids=[])
    assert refused.value.code == "unit_entry.not_in_unit" and credits.sent == []


async def test_identitys_refusal_and_a_credits_service_that_is_down_are_said_as_they_are():
    not_admin = Answer[list[Account]](error="只有单位科教科可以统一录入本单位人员的学分", status=403,
                                      refusal={"code": "scope.unit_admin_only", "message": "…"})
    refused = await enter_for_unit(FakeIdentity(not_admin), FakeCredits(Answer({})), activity={}, account_ids=["a-1"],
                                   evidence_ids=[])
    assert refused.status == 403 and refused.refusal == not_admin.refusal
    down = Answer[dict[str, Any]](error="相关服务暂时不可用，请稍后再试", status=503,
                                  refusal={"code": "service.unavailable", "message": "相关服务暂时不可用，请稍后再试"})
    answer = await enter_for_unit(FakeIdentity(Answer([ZHOU])), FakeCredits(down), activity={}, account_ids=["a-1"],
                                  evidence_ids=[])
    assert answer.status == 503 and answer.refusal == {"code": "service.unavailable",
                                                       "message": "学分服务暂时不可用，请稍后再试"}
