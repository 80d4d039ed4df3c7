"""Who may read and act on a stored file, as a table: role × scope × endpoint. The subject is
a Jiangsu learner of unit-1 in Suzhou (320500) who uploaded a proof; the uploader's own
account reads it whatever the role in the token, the reviewers above them by unit, city and
province."""

from __future__ import annotations

import pytest

from cme_platform.auth import Role
from cme_platform.testing.matrix import ALL, IN_CITY, IN_PROVINCE, IN_UNIT, Row, Scope, Subject, missing_rows, run
from cme_platform.testing.tokens import auth_header

OWN = frozenset({Scope.OWN})
WHO = Subject(account_id="learner-matrix", id_number="32050219800101001X", unit_id="unit-1", city_id="320500",
              jurisdiction="jiangsu", other_id_number="320502198001010021", other_city_id="320100",
              other_jurisdiction="sichuan")
READERS = {role: OWN for role in Role} | {Role.UNIT_ADMIN: IN_UNIT, Role.CITY_OFFICE: IN_CITY,
                                          Role.PROVINCIAL_OFFICE: IN_PROVINCE}
UPLOADERS = {role: ALL for role in (Role.LEARNER, Role.PROJECT_OWNER, Role.UNIT_ADMIN, Role.CITY_OFFICE,
                                    Role.PROVINCIAL_OFFICE, Role.REMOTE_EDUCATION)}


async def _upload(evidence_service, content: bytes, filename: str, kind: str) -> str:
    uploaded = await evidence_service.api.post(
        "/api/evidence", content=content, params={"kind": kind, "filename": filename},
        headers=auth_header(Role.LEARNER, **WHO.claims(Scope.OWN)))
    assert uploaded.status_code == 201, uploaded.text
    return uploaded.json()["evidence_id"]


@pytest.fixture
async def subject(evidence_service, files) -> tuple[str, str]:
    """The learner's proof (a PDF) and a photo of it."""
    return (await _upload(evidence_service, files.pdf(), "证明.pdf", "credit_proof"),
            await _upload(evidence_service, files.jpeg(), "照片.jpg", "photo"))


def _rows(evidence_id: str, image_id: str, pdf: bytes) -> list[Row]:
    def call(method, path, body=None, content=None, **params):
        return lambda client, headers: client.request(method, path, headers=headers, json=body, content=content,
                                                      params=params)

    base = f"/api/evidence/{evidence_id}"
    return [
        Row("GET", "/api/evidence/{evidence_id}", call("GET", base), READERS),
        Row("GET", "/api/evidence/{evidence_id}/download", call("GET", f"{base}/download"), READERS),
        Row("POST", "/api/evidence/{evidence_id}/versions", call("POST", f"{base}/versions", content=pdf,
                                                                 filename="证明.pdf"),
            {role: OWN for role in UPLOADERS}),
        Row("POST", "/api/evidence/{evidence_id}/attach", call("POST", f"{base}/attach", {
            "subject_type": "credit_claim", "subject_id": "claim-1"}), {role: OWN for role in Role}),
        Row("POST", "/api/evidence", call("POST", "/api/evidence", content=pdf, kind="credit_proof",
                                          filename="证明.pdf"), UPLOADERS),
        Row("POST", "/api/evidence/assemble", call("POST", "/api/evidence/assemble", {"image_ids": [image_id]}),
            {role: OWN for role in UPLOADERS}),  # only the uploader of the photos
        # A reviewer who may read the file refuses it (不予认可); never its uploader's own account.
        Row("POST", "/api/evidence/{evidence_id}/refusal", call("POST", f"{base}/refusal", {"reason": "材料不清晰"}),
            {Role.UNIT_ADMIN: IN_UNIT - OWN, Role.CITY_OFFICE: IN_CITY - OWN,
             Role.PROVINCIAL_OFFICE: IN_PROVINCE - OWN}),
        Row("GET", "/api/evidence/orphans", call("GET", "/api/evidence/orphans", older_than_hours=87_600),
            {Role.PROVINCIAL_OFFICE: ALL}),
        Row("POST", "/api/evidence/orphans/cleanup", call("POST", "/api/evidence/orphans/cleanup",
                                                          older_than_hours=87_600), {Role.PROVINCIAL_OFFICE: ALL}),
    ]


async def test_every_route_of_the_service_has_a_row(evidence_service, files):
    assert missing_rows(evidence_service.app, _rows("e", "i", files.pdf())) == set()


async def test_each_role_and_scope_reaches_exactly_its_cells(evidence_service, files, subject):
    wrong = await run(evidence_service.api, WHO, _rows(*subject, files.pdf()))
    assert wrong == [], "\n".join(wrong)
