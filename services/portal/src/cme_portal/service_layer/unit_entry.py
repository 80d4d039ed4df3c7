"""单位统一录入 (seed 001 一(一)): a unit admin's one activity for many of the unit's people.

The page sends account ids; this use case checks that each is a registered learner of the admin's
unit (as identity lists them), puts in their ID numbers and hands the entry to the credits service,
then names each result by person with a masked number, so full ID numbers never reach the page.
Each person is accepted or refused by the credits service's rules.
"""

from __future__ import annotations

from typing import Any

from cme_contracts.identifiers import mask_id_number
from cme_platform.errors import DomainError
from cme_portal.adapters.clients import Answer, CreditsClient, IdentityClient

CREDITS_UNAVAILABLE = "学分服务暂时不可用，请稍后再试"


async def enter_for_unit(identity: IdentityClient, credits: CreditsClient, *, activity: dict[str, Any],
                         account_ids: list[str], evidence_ids: list[str]) -> Answer[dict[str, Any]]:
    """The credits service's answer for the ticked people, each result with the person's name and masked
    number; identity's refusal (not a unit admin) as it came. Raises when a ticked account is not the unit's."""
    listed = await identity.unit_learners()
    if not listed.ok:
        return Answer(error=listed.error, problems=listed.problems, status=listed.status, refusal=listed.refusal)
    learners = {a.id: a for a in listed.value}
    chosen = [learners[i] for i in dict.fromkeys(account_ids) if i in learners]
    if len(chosen) < len(set(account_ids)):
        raise DomainError("unit_entry.not_in_unit", "所选人员中有不是本单位已注册学员的，请刷新页面后重选")
    people = [{"id_number": a.id_number, "name": a.name, "evidence_ids": evidence_ids} for a in chosen]
    answer = await credits.enter_for_many(activity, people)
    if answer.refusal and answer.refusal.get("code") == "service.unavailable":
        answer.error = CREDITS_UNAVAILABLE
        answer.refusal = {"code": "service.unavailable", "message": CREDITS_UNAVAILABLE}
    for result, account in zip((answer.data or {}).get("results", []), chosen, strict=False):
        result.update(account_id=account.id, name=account.name, id_number=mask_id_number(account.id_number or ""))
    return answer
