"""Submitting credits (上报) and reviewing them level by level (逐级审核), one by one or in bulk."""

from __future__ import annotations

from datetime import date

from cme_credits.domain import early_review
from cme_credits.domain import review as chain
from cme_credits.domain.errors import CreditRefused
from cme_credits.domain.review import Status
from cme_credits.domain.rules import load_rule_set
from cme_credits.service_layer.bulk import Bulk, each
from cme_credits.service_layer.early_review import submission_facts
from cme_credits.service_layer.outcomes import approved, publish_revoked, rejected
from cme_credits.service_layer.unit_of_work import CreditsUnitOfWork
from cme_platform.auth import Principal, Role
from cme_platform.errors import Forbidden

REVIEW_LEVEL = {Role.UNIT_ADMIN: "unit", Role.DISTRICT_OFFICE: "district", Role.CITY_OFFICE: "city",
                Role.PROVINCIAL_OFFICE: "province"}


def review_level(principal: Principal) -> str:
    """The review level an account acts at (单位 / 区县 / 地市 / 省继教办)."""
    if principal.role not in REVIEW_LEVEL:
        raise Forbidden("review.not_a_reviewer", "当前角色不能审核学分", role=principal.role.value)
    return REVIEW_LEVEL[principal.role]


async def submit(uow: CreditsUnitOfWork, principal: Principal, credit_ids: list[str], *, today: date) -> list[dict]:
    """上报 entries: each enters its chain unless early review refuses it (window, applicant list)."""
    async with uow:
        bulk = await Bulk.lock(uow, principal, credit_ids)
        facts = await submission_facts(uow, bulk.rows())

        def submit_one(credit_id: str) -> str:
            row = bulk.row(credit_id)
            early_review.check_submission(load_rule_set(row.jurisdiction), credit_year=row.year, today=today,
                                          window=facts.window(row), listed=facts.is_listed(row))
            state = chain.submit(bulk.state(credit_id))
            bulk.move(credit_id, state, "submitted", actor=principal.account_id)
            if state.status is Status.APPROVED:
                bulk.events.append(approved(uow, row, approved_by=principal.account_id))
            return state.status.value

        outcomes = [each(credit_id, submit_one) for credit_id in credit_ids]
        await bulk.write(uow)
        await uow.commit()
    return outcomes


async def decide(uow: CreditsUnitOfWork, principal: Principal, credit_ids: list[str], *, approve: bool,
                 reason: str | None) -> list[dict]:
    """One level's decision on each credit; the last level's approval makes it count."""
    level = review_level(principal)
    async with uow:
        bulk = await Bulk.lock(uow, principal, credit_ids)

        def decide_one(credit_id: str) -> str:
            row = bulk.row(credit_id)
            state = chain.review(bulk.state(credit_id), level, approve=approve, reason=reason)
            bulk.move(credit_id, state, "approved" if approve else "rejected", actor=principal.account_id,
                      level=level, reason=reason)
            if state.status is Status.APPROVED:
                bulk.events.append(approved(uow, row, approved_by=principal.account_id))
            elif state.status is Status.REJECTED:
                bulk.events.append(rejected(uow, row, level=level, reason=reason or "",
                                            rejected_by=principal.account_id))
            return state.status.value

        outcomes = [each(credit_id, decide_one) for credit_id in credit_ids]
        await bulk.write(uow, reason=None if approve else reason)
        await uow.commit()
    return outcomes


async def revoke(uow: CreditsUnitOfWork, principal: Principal, credit_id: str, *, reason: str) -> None:
    """The provincial office withdraws an approved credit (e.g. after an audit); certificates follow."""
    if principal.role is not Role.PROVINCIAL_OFFICE:
        raise Forbidden("revoke.not_allowed", "只有省继教办可以撤销已生效的学分")
    if not reason.strip():
        raise CreditRefused("revoke.reason_required", "撤销学分须填写理由")
    async with uow:
        row = await uow.credits.get_for_update(credit_id, scope=principal)
        if row.status != Status.APPROVED:
            raise CreditRefused("revoke.not_approved", "只有已生效的学分可以撤销", status=row.status)
        state = chain.ReviewState(Status.REVOKED, row.stage, tuple(row.chain))
        await uow.credits.save_state(credit_id, state, reason=reason)
        await uow.credits.add_history(credit_id, "revoked", actor=principal.account_id, level="province",
                                      reason=reason)
        await publish_revoked(uow, row, reason=reason, revoked_by=principal.account_id)
        await uow.commit()
