"""Who may open a certificate by its number, as a table: role × scope × endpoint.

Without the learner's name or the QR's token (tested in test_privacy.py), a number opens a
certificate only for its learner signed in; everything else answers as for a number that
does not exist. The public routes are listed as such.
"""

from __future__ import annotations

import itertools

import pytest

from cme_platform.auth import Role
from cme_platform.testing.matrix import Row, Scope, Subject, missing_rows, public, run
from cme_platform.testing.tokens import auth_header

OWN = {Role.LEARNER: frozenset({Scope.OWN})}
_addresses = (f"10.88.{n // 250}.{n % 250}" for n in itertools.count())


@pytest.fixture
async def subject(service, credit_approved, new_id_number, credits_stand_in) -> tuple[Subject, str, str]:
    approval = credit_approved(id_number=new_id_number())
    await service.deliver(approval)
    row = await service.issued(approval.credit_id)
    credits_stand_in.counted(approval.id_number, approval)
    learner = auth_header("learner", account_id="acct-learner", id_number=approval.id_number, jurisdiction="sichuan")
    proof = await service.client.post("/api/certificates/compliance-proofs", headers=learner, json={"years": [2026]})
    return Subject(account_id="acct-learner", id_number=approval.id_number, unit_id="unit-1", city_id="510100",
                   jurisdiction="sichuan", other_id_number=new_id_number(), other_city_id="510700",
                   other_jurisdiction="jiangsu"), row.certificate_number, proof.json()["proof_id"]


def _proof_rows(number: str, proof_id: str, get) -> list[Row]:
    """A proof opens for its learner (or with its token, test_compliance_proofs.py); a learner's proof
    and transcript are always their own, so another learner gets theirs, never the subject's."""
    def issue(client, headers):
        return client.post("/api/certificates/compliance-proofs", headers=headers, json={"years": [2026]})

    path = f"/api/certificates/compliance-proofs/{proof_id}"
    return [
        Row("POST", "/api/certificates/compliance-proofs", issue, OWN, sees=lambda a: number in a.text),
        Row("GET", "/api/certificates/compliance-proofs/{proof_id}", get(path), OWN),
        Row("GET", "/api/certificates/compliance-proofs/{proof_id}/pdf", get(f"{path}/pdf"), OWN),
        Row("GET", "/api/certificates/compliance-proofs/{proof_id}/credential", get(f"{path}/credential"), OWN),
        Row("GET", "/api/certificates/transcript", get("/api/certificates/transcript"), OWN,
            sees=lambda a: number in a.text),
        Row("GET", "/certificates/proofs/{proof_id}", get(f"/certificates/proofs/{proof_id}"), OWN),
        # The form and its answer act for the signed-in learner only (others are sent to sign in).
        public("GET", "/certificates/proofs/new"), public("POST", "/certificates/proofs"),
    ]


def _rows(number: str, proof_id: str = "p") -> list[Row]:
    def get(path):
        # A new address each time: these look-ups are rate limited per address.
        return lambda client, headers: client.get(path, headers=headers | {"x-forwarded-for": next(_addresses)})

    return [
        Row("GET", "/api/certificates/mine", get("/api/certificates/mine"), OWN, sees=lambda a: number in a.text),
        Row("GET", "/api/certificates/{number}", get(f"/api/certificates/{number}"), OWN),
        Row("GET", "/api/certificates/{number}/verify", get(f"/api/certificates/{number}/verify"), OWN,
            sees=lambda a: a.json()["verdict"] != "not_found"),
        Row("GET", "/api/certificates/{number}/pdf", get(f"/api/certificates/{number}/pdf"), OWN),
        Row("GET", "/api/certificates/{number}/credential", get(f"/api/certificates/{number}/credential"), OWN),
        Row("GET", "/certificates/{number}/print", get(f"/certificates/{number}/print"), OWN),
        Row("GET", "/certificates/verify/{number}", get(f"/certificates/verify/{number}"), OWN,
            sees=lambda a: "查无此证" not in a.text),
        public("GET", "/api/certificates"), public("GET", "/api/certificates/issuer"),
        public("GET", "/api/certificates/keys"), public("GET", "/.well-known/cme-certificates/jwks.json"),
        public("GET", "/api/certificates/status-lists/{list_number}"), public("POST", "/api/certificates/verify"),
        public("GET", "/certificates"), public("GET", "/certificates/verify"), public("POST", "/certificates/verify"),
        *_proof_rows(number, proof_id, get),
    ]


async def test_every_route_of_the_service_has_a_row(service):
    assert missing_rows(service.app, _rows("n")) == set()


async def test_each_role_and_scope_reaches_exactly_its_cells(service, subject):
    who, number, proof_id = subject
    assert await run(service.client, who, _rows(number, proof_id)) == []
