"""The certificates repository behaves alike in memory and in PostgreSQL (the contract of the fake the
unit tests use): the same scenarios run against both.

The service's database is shared with the other integration tests, so reads that scan the table
(claims, searches) are narrowed to this test's certificates.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cme_certificates.adapters.storage import StoredPdf
from cme_certificates.domain.model import CertificateState, certificate_number

ISSUED = datetime(2026, 3, 21, 9, tzinfo=UTC)


@pytest.fixture(params=["in memory", "postgresql"])
async def certificates(request, service, fake_uow):
    """The repository under test; the PostgreSQL one works in a unit of work that is never committed."""
    if request.param == "in memory":
        yield fake_uow.certificates
        return
    async with service.runtime.uow() as uow:
        yield uow.certificates


@pytest.fixture
def pending(certificates, make_certificate, new_id_number):
    """Makes pending certificates with fresh numbers, serials and credits (not yet added)."""
    async def make(count: int, **overrides):
        serials = await certificates.next_serials(count)
        person = overrides.pop("id_number", None) or new_id_number()
        return [make_certificate(certificate_number=certificate_number("SC", 2026), status_index=serial,
                                 id_number=person, **overrides) for serial in serials]

    return make


async def test_serials_are_new_and_distinct(certificates):
    first, second = await certificates.next_serials(2), await certificates.next_serials(1)
    assert len(set(first + second)) == 3 and max(first) < second[0]


async def test_a_credit_with_a_live_certificate_keeps_it(certificates, pending):
    one, two = await pending(2)
    assert await certificates.add_pending([one, two]) == 2
    again = (await pending(1, credit_id=one.credit_id))[0]
    assert await certificates.add_pending([again]) == 0
    assert await certificates.latest_for_credits([one.credit_id, two.credit_id, "credit-unknown"]) == {
        one.credit_id: one, two.credit_id: two}
    assert await certificates.latest_for_credit(one.credit_id, lock=True) == one
    assert await certificates.latest_for_credit("credit-unknown") is None
    assert (await certificates.by_id(one.certificate_id), await certificates.by_number(two.certificate_number)) == (
        one, two)


async def test_issuing_then_rendering_stores_the_pdf_and_keeps_the_first_digest(certificates, pending):
    (certificate,) = await pending(1)
    await certificates.add_pending([certificate])
    assert certificate in await certificates.claim_pending(10_000)
    assert await certificates.stored(certificate.certificate_number) is None
    await certificates.mark_issued([(certificate, "certificates/2026/x.pdf", {"id": "urn:x"})], ISSUED)
    issued = await certificates.by_id(certificate.certificate_id)
    assert (issued.state, issued.issued_at) == (CertificateState.ISSUED, ISSUED)
    assert certificate.certificate_id not in {c.certificate_id for c in await certificates.claim_pending(10_000)}
    assert issued in await certificates.claim_unrendered(10_000)
    await certificates.mark_rendered([(certificate.certificate_id, "a" * 64)])
    await certificates.mark_rendered([(certificate.certificate_id, "b" * 64)])
    assert await certificates.stored(certificate.certificate_number) == (
        StoredPdf("certificates/2026/x.pdf", "a" * 64), {"id": "urn:x"})
    assert issued not in await certificates.claim_unrendered(10_000)


async def test_a_revoked_certificate_is_found_with_its_reason_and_in_the_status_list(certificates, pending):
    kept, revoked = await pending(2)
    await certificates.add_pending([kept, revoked])
    await certificates.mark_issued([(kept, "k1", {}), (revoked, "k2", {})], ISSUED)
    await certificates.mark_revoked(revoked.certificate_id, ISSUED + timedelta(days=1), "学分更正")
    found = await certificates.by_id(revoked.certificate_id)
    assert (found.state, found.revoke_reason) == (CertificateState.REVOKED, "学分更正")
    first = min(kept.status_index, revoked.status_index)
    assert await certificates.revoked_indexes(first, first + 2) == [revoked.status_index]


async def test_the_public_query_finds_issued_certificates_by_project_and_name_or_by_id_number(certificates,
                                                                                            pending):
    early, late, waiting = await pending(3, project_number="2026-03-05-777（国）", name="李雷")
    await certificates.add_pending([early, late, waiting])
    await certificates.mark_issued([(early, "k1", {})], ISSUED)
    await certificates.mark_issued([(late, "k2", {})], ISSUED + timedelta(hours=1))
    by_project = await certificates.search(project_number="2026－03－05－777(国)", name="李雷")
    assert [c.certificate_id for c in by_project] == [late.certificate_id, early.certificate_id]
    assert await certificates.search(project_number="2026-03-05-777（国）", name="韩梅梅") == []
    by_person = await certificates.search(id_number=early.id_number, limit=1)
    assert [c.certificate_id for c in by_person] == [late.certificate_id]
