"""Who may read a file: the uploader, and the reviewers whose scope covers the uploader."""

from datetime import UTC, datetime

import pytest

from cme_evidence.domain.access import check_owner, check_read, may_read
from cme_evidence.domain.evidence import Evidence, Uploader
from cme_platform.auth import Principal, Role
from cme_platform.errors import Forbidden

LEARNER = Uploader("learner-1", unit_id="unit-a", city_id="chengdu", jurisdiction="sichuan")


def proof(uploader: Uploader = LEARNER) -> Evidence:
    return Evidence(id="ev-1", uploader=uploader, kind="credit_proof", filename="证明.pdf",
                    content_type="application/pdf", size=10, sha256="0" * 64, stored_at=datetime.now(UTC))


@pytest.mark.parametrize("reader", [
    Principal("learner-1", Role.LEARNER),
    Principal("admin-a", Role.UNIT_ADMIN, unit_id="unit-a"),
    Principal("city", Role.CITY_OFFICE, city_id="chengdu", jurisdiction="sichuan"),
    Principal("province", Role.PROVINCIAL_OFFICE, jurisdiction="sichuan"),
], ids=["the uploader", "their unit's admin", "their city office", "their provincial office"])
def test_the_uploader_and_the_reviewers_above_them_may_read(reader):
    assert may_read(reader, proof())


@pytest.mark.parametrize("reader", [
    Principal("learner-2", Role.LEARNER, unit_id="unit-a"),
    Principal("admin-b", Role.UNIT_ADMIN, unit_id="unit-b"),
    Principal("city", Role.CITY_OFFICE, city_id="mianyang"),
    Principal("province", Role.PROVINCIAL_OFFICE, jurisdiction="zhejiang"),
    Principal("regulator", Role.REGULATOR, jurisdiction="sichuan"),
    Principal("admin-x", Role.UNIT_ADMIN),
], ids=["a colleague", "another unit's admin", "another city", "another province", "a regulator",
        "an admin without a unit"])
def test_strangers_may_not_read(reader):
    assert not may_read(reader, proof())
    with pytest.raises(Forbidden):
        check_read(reader, proof())


def test_a_reviewer_scope_never_matches_an_uploader_without_one():
    unscoped = proof(Uploader("owner-9"))
    assert not may_read(Principal("admin", Role.UNIT_ADMIN, unit_id=None), unscoped)


def test_only_the_uploader_owns_the_file():
    check_owner(Principal("learner-1", Role.LEARNER), proof())
    with pytest.raises(Forbidden) as refused:
        check_owner(Principal("admin-a", Role.UNIT_ADMIN, unit_id="unit-a"), proof())
    assert refused.value.code == "evidence.not_owner"
