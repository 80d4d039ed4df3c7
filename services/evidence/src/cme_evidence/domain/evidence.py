"""A piece of evidence (证明材料): an immutable stored file, who uploaded it and what it supports."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from cme_evidence.domain import refusals


@dataclass(frozen=True)
class Uploader:
    """Who uploaded a file, with the scope claims that decide who else may read it."""

    account_id: str
    unit_id: str | None = None
    city_id: str | None = None
    jurisdiction: str | None = None


@dataclass(frozen=True)
class Subject:
    """The record a file supports, e.g. a hold application (举办申请) or a credit claim (学分申报)."""

    type: str
    id: str


def subject_of(subject_type: str | None, subject_id: str | None) -> Subject | None:
    """The subject an uploader names, or None when they name none; half a subject is refused."""
    if (subject_type is None) != (subject_id is None):
        raise refusals.incomplete_subject()
    return Subject(subject_type, subject_id) if subject_type and subject_id else None


@dataclass(frozen=True)
class Evidence:
    """Metadata of one stored file. The bytes never change: a change is a new version."""

    id: str
    uploader: Uploader
    kind: str
    filename: str
    content_type: str
    size: int
    sha256: str
    stored_at: datetime
    subject: Subject | None = None
    version: int = 1
    supersedes: str | None = None
    assembled_from: tuple[str, ...] = field(default=())

    @property
    def object_key(self) -> str:
        """Where the bytes live in the bucket: by id, never by the uploader's file name."""
        return f"evidence/{self.id}"

    def attach(self, subject: Subject) -> Evidence:
        """This file as supporting subject; a file already supporting another record is refused."""
        if self.subject is not None and self.subject != subject:
            raise refusals.already_attached(self.id, self.subject.type, self.subject.id)
        return replace(self, subject=subject)

    def is_orphan(self, now: datetime, grace: timedelta) -> bool:
        """Stored but never attached to anything within the grace period (孤儿文件)."""
        return self.subject is None and now - self.stored_at > grace


def new_evidence(uploader: Uploader, kind: str, filename: str, content_type: str, size: int, sha256: str, *,
                 stored_at: datetime, subject: Subject | None = None, previous: Evidence | None = None,
                 assembled_from: tuple[str, ...] = ()) -> Evidence:
    """Metadata for a file just stored; with `previous`, the next version of that file."""
    return Evidence(
        id=str(uuid.uuid4()), uploader=uploader, kind=kind, filename=filename, content_type=content_type,
        size=size, sha256=sha256, stored_at=stored_at,
        subject=previous.subject if previous else subject,
        version=previous.version + 1 if previous else 1,
        supersedes=previous.id if previous else None,
        assembled_from=assembled_from,
    )
