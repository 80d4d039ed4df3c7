"""The review chain: each level in turn; the last approval makes a credit count."""

import pytest

from cme_credits.domain.errors import CreditRefused
from cme_credits.domain.review import ReviewState, Status, reopen, review, submit

CHAIN = ("unit", "city", "province")


def draft() -> ReviewState:
    return ReviewState(Status.DRAFT, 0, CHAIN)


def test_a_submitted_credit_waits_for_the_unit_first():
    assert submit(draft()).awaiting == "unit"


def test_three_approvals_in_order_make_the_credit_count():
    state = submit(draft())
    for level in CHAIN:
        assert state.status is Status.IN_REVIEW
        state = review(state, level, approve=True)
    assert state.status is Status.APPROVED


def test_a_rejection_at_the_second_level_ends_the_chain_before_the_province():
    state = review(submit(draft()), "unit", approve=True)
    state = review(state, "city", approve=False, reason="学分证与项目编号不符")
    assert state.status is Status.REJECTED
    with pytest.raises(CreditRefused) as refused:
        review(state, "province", approve=True)
    assert refused.value.code == "review.not_in_review"


def test_a_level_cannot_review_out_of_turn():
    with pytest.raises(CreditRefused) as refused:
        review(submit(draft()), "province", approve=True)
    assert refused.value.code == "review.not_your_turn"
    assert "单位" in refused.value.message


def test_a_rejection_needs_a_reason():
    with pytest.raises(CreditRefused) as refused:
        review(submit(draft()), "unit", approve=False, reason="  ")
    assert refused.value.code == "review.reason_required"


def test_an_empty_chain_approves_on_submission():
    assert submit(ReviewState(Status.DRAFT, 0, ())).status is Status.APPROVED


def test_a_credit_can_be_submitted_only_once():
    with pytest.raises(CreditRefused) as refused:
        submit(submit(draft()))
    assert refused.value.code == "submission.not_draft"


def test_a_rejected_credit_reopens_as_a_draft_but_an_approved_one_does_not():
    rejected = review(submit(draft()), "unit", approve=False, reason="材料不全")
    assert reopen(rejected).status is Status.DRAFT
    approved = ReviewState(Status.APPROVED, 3, CHAIN)
    with pytest.raises(CreditRefused) as refused:
        reopen(approved)
    assert refused.value.code == "correction.not_allowed"
