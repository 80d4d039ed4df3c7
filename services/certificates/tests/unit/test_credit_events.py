"""Credits' decisions become certificates: one per approved credit however often the approval comes,
and a revocation withdraws it, told to the platform only once the certificate was issued."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cme_certificates.domain.model import CertificateState
from cme_certificates.service_layer import queries
from cme_certificates.service_layer.events import record_approvals, revoke_for_credit
from cme_certificates.service_layer.queries import QueryRefused
from cme_contracts.events import CertificateRevoked, CreditRevoked

APPROVED = datetime(2026, 3, 20, 9, tzinfo=UTC)


def revoked(credit_id: str, at: datetime = APPROVED + timedelta(days=1)) -> CreditRevoked:
    return CreditRevoked(credit_id=credit_id, id_number="51010419850312123X", reason="学分更正", revoked_at=at,
                         revoked_by="省继教办审核员")


class TestApprovals:
    async def test_an_approval_delivered_twice_in_one_run_or_later_makes_one_pending_certificate(
            self, fake_uow, credit_approved):
        approval = credit_approved(approved_at=APPROVED)
        await record_approvals([approval, approval], fake_uow)
        await record_approvals([approval], fake_uow)
        (certificate,) = fake_uow.certificates.rows.values()
        assert (certificate.credit_id, certificate.state) == (approval.credit_id, CertificateState.PENDING)
        assert certificate.certificate_number.startswith("SC2026")

    async def test_after_a_revocation_only_a_later_approval_issues_again(self, fake_uow, credit_approved):
        approval = credit_approved(approved_at=APPROVED)
        await record_approvals([approval], fake_uow)
        await revoke_for_credit(revoked(approval.credit_id), fake_uow)
        await record_approvals([approval], fake_uow)  # a replay of the old approval
        assert len(fake_uow.certificates.rows) == 1
        await record_approvals([approval.model_copy(update={"approved_at": APPROVED + timedelta(days=2)})], fake_uow)
        assert [c.state for c in fake_uow.certificates.rows.values()] == [CertificateState.REVOKED,
                                                                          CertificateState.PENDING]


class TestRevocations:
    async def test_revoking_an_issued_certificate_is_announced_a_pending_one_quietly(self, fake_uow,
                                                                                  credit_approved):
        issued, waiting = credit_approved(), credit_approved()
        await record_approvals([issued, waiting], fake_uow)
        (first, _) = await fake_uow.certificates.claim_pending(2)
        await fake_uow.certificates.mark_issued([(first, "key", {})], APPROVED)
        async with fake_uow:
            await revoke_for_credit(revoked(issued.credit_id), fake_uow)
            await revoke_for_credit(revoked(waiting.credit_id), fake_uow)
            await fake_uow.commit()
        assert [e["credit_id"] for e in fake_uow.events(CertificateRevoked)] == [issued.credit_id]
        assert await fake_uow.certificates.revoked_indexes(0, 100) == [c.status_index for c in
                                                                      fake_uow.certificates.rows.values()]


class TestPublicQuery:
    async def test_a_query_without_a_project_and_name_or_an_id_number_is_refused(self, fake_uow):
        with pytest.raises(QueryRefused) as refused:
            await queries.public_query(fake_uow, project_number="2026-03-05-129（国）", name=" ", id_number=None)
        assert refused.value.code == "certificate_query.missing_fields"
