"""A session's approvals arrive as a run: one certificate per credit, issued without waiting
for the PDFs, which are drawn after (in the background, or at the first download)."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select, update

from cme_certificates.adapters.tables import certificates
from cme_contracts import topics
from cme_contracts.events import CertificateIssued
from cme_platform.testing.services import eventually


async def test_a_run_of_approvals_with_a_repeat_gives_one_certificate_per_credit(service, credit_approved,
                                                                                    new_id_number):
    id_number = new_id_number()  # one learner: one partition, so the run arrives in one fetch
    approvals = [credit_approved(id_number=id_number, project_number="2026-03-05-777（国）") for _ in range(300)]
    repeat = approvals[17].model_copy()
    producer = service.runtime.producer
    sends = [await producer.send(topics.CREDITS, service.runtime.uow().envelope(event).to_bytes(),
                                 key=id_number.encode()) for event in [*approvals, repeat]]
    await asyncio.gather(*sends)
    credit_ids = [a.credit_id for a in approvals]

    async def all_issued():
        async with service.runtime.sessions() as session:
            rows = (
                await session.execute(
                    select(certificates.c.credit_id, certificates.c.state, certificates.c.status_index).where(
                        certificates.c.credit_id.in_(credit_ids)
                    )
                )
            ).all()
        return rows if len(rows) == 300 and all(r.state == "issued" for r in rows) else None

    rows = await eventually(all_issued, timeout=90)
    assert sorted(r.credit_id for r in rows) == sorted(credit_ids)
    assert len({r.status_index for r in rows}) == 300  # every certificate its own status-list index
    first = await service.rows_for(approvals[17].credit_id)
    assert len(first) == 1
    assert await service.outbox_count(CertificateIssued.type_name(), first[0].certificate_id) == 1


async def test_a_pdf_not_drawn_yet_is_drawn_at_its_first_download_and_kept(service, credit_approved, new_id_number):
    approval = credit_approved(id_number=new_id_number())
    await service.deliver(approval)
    row = await service.issued(approval.credit_id)
    async with service.runtime.sessions() as session, session.begin():
        # As if nobody had drawn it yet: no digest, nothing in the bucket. Revoked (its PDF is
        # still downloadable) keeps the background renderer away, so the download draws it.
        await session.execute(update(certificates).where(certificates.c.certificate_id == row.certificate_id)
                              .values(pdf_sha256=None, state="revoked"))
    service.runtime.store.client.remove_object(service.runtime.store.bucket, row.pdf_key)
    token = service.runtime.authority.access_token(row.certificate_number)
    first = await service.client.get(f"/api/certificates/{row.certificate_number}/pdf", params={"token": token})
    assert first.status_code == 200 and first.content.startswith(b"%PDF")

    again = await service.client.get(f"/api/certificates/{row.certificate_number}/pdf", params={"token": token})
    assert again.content == first.content
    assert await service.runtime.store.get_pdf(row.pdf_key) == first.content
    verdict = await service.client.post("/api/certificates/verify", files={"file": ("c.pdf", first.content)})
    assert verdict.json()["verdict"] == "revoked"  # the PDF is the issued one; the certificate was revoked


async def test_the_background_renderer_draws_every_issued_pdf(service, credit_approved, new_id_number):
    approvals = [credit_approved(id_number=new_id_number()) for _ in range(5)]
    for approval in approvals:
        await service.deliver(approval)
    for approval in approvals:
        await service.issued(approval.credit_id)

    async def drawn():
        async with service.runtime.sessions() as session:
            missing = await session.scalar(select(func.count()).select_from(certificates).where(
                certificates.c.credit_id.in_([a.credit_id for a in approvals]),
                (certificates.c.state != "issued") | certificates.c.pdf_sha256.is_(None)))
        return missing == 0 or None

    await eventually(drawn, timeout=60)
    row = (await service.rows_for(approvals[0].credit_id))[0]
    assert (await service.runtime.store.get_pdf(row.pdf_key)).startswith(b"%PDF")
