"""Pictures assembled into one PDF, a page each, in the order given."""

from __future__ import annotations

import io

import httpx
import pypdf

from cme_platform.auth import Role
from cme_platform.testing.tokens import auth_header

LEARNER = auth_header(Role.LEARNER, account_id="learner-photos", unit_id="hospital-3", jurisdiction="zhejiang")


async def upload(service, data: bytes, kind: str = "photo", headers=LEARNER) -> str:
    response = await service.api.post("/api/evidence", content=data, headers=headers, params={"kind": kind})
    assert response.status_code == 201, response.text
    return response.json()["evidence_id"]


async def test_three_images_become_one_pdf_with_three_pages_in_order(evidence_service, files):
    # A landscape photo, a portrait photo and a square screenshot: the page shapes show the order.
    ids = [await upload(evidence_service, files.jpeg(800, 400)), await upload(evidence_service, files.jpeg(400, 800)),
           await upload(evidence_service, files.png(300, 300))]
    response = await evidence_service.api.post("/api/evidence/assemble", headers=LEARNER, json={
        "image_ids": ids, "kind": "credit_proof", "filename": "学分证明.pdf",
        "subject_type": "credit_claim", "subject_id": "cc-photos"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["content_type"], body["kind"], body["assembled_from"]) == ("application/pdf", "credit_proof", ids)

    link = await evidence_service.api.get(f"/api/evidence/{body['evidence_id']}/download", headers=LEARNER)
    async with httpx.AsyncClient() as browser:
        pdf = pypdf.PdfReader(io.BytesIO((await browser.get(link.json()["url"])).content))
    assert len(pdf.pages) == 3
    shapes = [("landscape" if p.mediabox.width > p.mediabox.height else "portrait") for p in pdf.pages]
    assert shapes == ["landscape", "portrait", "portrait"]


async def test_only_the_owners_pictures_can_be_assembled(evidence_service, files):
    mine = await upload(evidence_service, files.jpeg())
    a_pdf = await upload(evidence_service, files.pdf(), kind="scanned_document")
    theirs = await upload(evidence_service, files.jpeg(), headers=auth_header(Role.LEARNER, account_id="someone-else"))
    not_picture = await evidence_service.api.post("/api/evidence/assemble", headers=LEARNER,
                                                  json={"image_ids": [mine, a_pdf]})
    assert not_picture.json()["error"]["code"] == "evidence.not_an_image"
    not_mine = await evidence_service.api.post("/api/evidence/assemble", headers=LEARNER,
                                               json={"image_ids": [mine, theirs]})
    assert not_mine.status_code == 403
    too_many = await evidence_service.api.post("/api/evidence/assemble", headers=LEARNER,
                                               json={"image_ids": [mine] * 31})
    assert too_many.json()["error"]["code"] == "evidence.too_many_images"
