"""The review chain (逐级审核): unit → (district →) city → province, as the rule set lists.

A credit counts only after the last level of its chain approves it. A rejection at any level
ends the chain with a reason; the learner enters it again or corrects it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from cme_credits.domain.errors import CreditRefused

LEVEL_NAMES = {"unit": "单位", "district": "区县继教主管部门", "city": "地市继教主管部门", "province": "省继教办"}


class Status(StrEnum):
    """学分状态."""

    DRAFT = "draft"  # 已录入，未上报
    IN_REVIEW = "in_review"  # 审核中
    APPROVED = "approved"  # 审核通过，学分生效
    REJECTED = "rejected"  # 审核不通过
    REVOKED = "revoked"  # 已撤销


# As the pages name each status (已退回 is the learner's word for 审核不通过).
STATUS_NAMES = {Status.DRAFT: "未上报", Status.IN_REVIEW: "审核中", Status.APPROVED: "已通过",
                Status.REJECTED: "已退回", Status.REVOKED: "已撤销"}


@dataclass(frozen=True)
class ReviewState:
    """Where a credit stands in its chain: `stage` indexes the level that must act next."""

    status: Status
    stage: int
    chain: tuple[str, ...]

    @property
    def awaiting(self) -> str | None:
        """The level that must review next (待审核层级), if any."""
        return self.chain[self.stage] if self.status is Status.IN_REVIEW else None


def submit(state: ReviewState) -> ReviewState:
    """上报: a draft (or corrected entry) enters the chain; an empty chain approves at once."""
    if state.status not in (Status.DRAFT,):
        raise CreditRefused("submission.not_draft", "只有未上报的学分可以上报", status=state.status.value)
    if not state.chain:
        return ReviewState(Status.APPROVED, 0, state.chain)
    return ReviewState(Status.IN_REVIEW, 0, state.chain)


def review(state: ReviewState, level: str, *, approve: bool, reason: str | None = None) -> ReviewState:
    """One level's decision; returns the new state or refuses a review out of turn."""
    if state.status is not Status.IN_REVIEW:
        raise CreditRefused("review.not_in_review", "该学分不在审核中", status=state.status.value)
    if state.awaiting != level:
        raise CreditRefused(
            "review.not_your_turn",
            f"该学分当前待{LEVEL_NAMES.get(state.awaiting or '', state.awaiting)}审核",
            awaiting=state.awaiting,
            level=level,
        )
    if not approve:
        if not (reason or "").strip():
            raise CreditRefused("review.reason_required", "审核不通过须填写理由")
        return ReviewState(Status.REJECTED, state.stage, state.chain)
    if state.stage + 1 == len(state.chain):
        return ReviewState(Status.APPROVED, state.stage + 1, state.chain)
    return ReviewState(Status.IN_REVIEW, state.stage + 1, state.chain)


def reopen(state: ReviewState) -> ReviewState:
    """A corrected rejected entry (修改器) goes back to draft, to be submitted again."""
    if state.status not in (Status.REJECTED, Status.DRAFT):
        raise CreditRefused("correction.not_allowed", "只有未上报或审核不通过的学分可以修改", status=state.status.value)
    return ReviewState(Status.DRAFT, 0, state.chain)
