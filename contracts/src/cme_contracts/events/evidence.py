"""Events of the evidence service (证明材料)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from cme_contracts import topics
from cme_contracts.base import IntegrationEvent


class EvidenceStored(IntegrationEvent):
    """A file is stored, hashed and typed; a submission may now rely on it."""

    event_type = "cme.evidence.EvidenceStored"
    topic = topics.EVIDENCE
    key_field = "evidence_id"

    evidence_id: str
    owner_id: str
    kind: str = Field(description="e.g. meeting_notice, schedule, credit_proof, screenshot")
    subject_type: str | None = Field(default=None, description="What it supports, e.g. hold_application, credit_claim.")
    subject_id: str | None = None
    sha256: str
    size: int
    content_type: str
    filename: str
    stored_at: datetime
    file_version: int | None = Field(default=None, description="1 for a first upload; n+1 for a new version of a file.")
    supersedes: str | None = Field(default=None, description="The evidence_id this version replaces (kept too).")


class EvidenceAttached(IntegrationEvent):
    """A stored file now supports a record (uploaded first, attached later)."""

    event_type = "cme.evidence.EvidenceAttached"
    topic = topics.EVIDENCE
    key_field = "evidence_id"

    evidence_id: str
    owner_id: str
    kind: str
    subject_type: str
    subject_id: str
    sha256: str
    attached_at: datetime


class EvidenceRefused(IntegrationEvent):
    """A stored file was refused as proof (材料不予认可), with the reason; the owner uploads again."""

    event_type = "cme.evidence.EvidenceRefused"
    topic = topics.EVIDENCE
    key_field = "evidence_id"

    evidence_id: str
    owner_id: str
    kind: str
    filename: str
    reason: str
    refused_by: str
    refused_at: datetime
    subject_type: str | None = None
    subject_id: str | None = None
