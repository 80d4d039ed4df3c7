"""Response bodies of the certificates API, so its OpenAPI document names the fields a client reads.

They describe the dicts of `views.py` key for key, so a route's JSON is what it was. Each lets through keys it
does not name: a key added without its field here still reaches the caller, neither dropped nor a server error
after a committed change.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Answer(BaseModel):
    # A key a use case adds without declaring it here still reaches the caller: neither dropped nor
    # turned into a server error after a change was committed. The fields declared are what the
    # OpenAPI document promises and what the portal's client check reads against.
    model_config = ConfigDict(extra="allow")


class CertificateView(_Answer):
    """A certificate as the API shows it (`views.certificate_view`): the ID number always masked."""

    certificate_number: str
    name: str = Field(description="In full for its learner, masked otherwise")
    id_number: str
    unit: str | None
    project_number: str | None
    project_name: str
    level: str
    level_label: str
    credit_class: str
    class_label: str
    credits: float
    hours: float | None
    year: int
    period: str
    issuing_office: str
    state: str
    issued_at: str | None
    issued_on: str | None
    revoked_at: str | None
    revoked_on: str | None
    revoke_reason: str | None
    verify_url: str
    pdf_url: str
    credential_url: str


class Certificates(_Answer):
    """Certificates of one person."""

    items: list[CertificateView]
