"""Evidence is immutable: a change is a new version; a file supports one record."""

from datetime import UTC, datetime, timedelta

import pytest

from cme_evidence.domain.evidence import Subject, Uploader, new_evidence
from cme_platform.errors import Conflict

HOLD = Subject("hold_application", "ha-1")
STORED = datetime(2026, 12, 1, 16, 30, tzinfo=UTC)  # 00:30 on 2 December, Beijing time


def notice(subject: Subject | None = None):
    return new_evidence(Uploader("owner-1"), "meeting_notice", "通知.pdf", "application/pdf", 100, "a" * 64,
                        subject=subject, stored_at=STORED)


def test_objects_are_stored_under_the_id_never_the_file_name():
    evidence = notice()
    assert evidence.object_key == f"evidence/{evidence.id}"


def test_a_new_version_points_back_and_keeps_what_it_supports():
    first = notice(HOLD)
    second = new_evidence(first.uploader, first.kind, "通知v2.pdf", "application/pdf", 120, "b" * 64, previous=first,
                          stored_at=STORED)
    assert (second.version, second.supersedes, second.subject) == (2, first.id, HOLD)
    assert second.id != first.id


def test_attaching_to_the_same_record_again_is_harmless_and_to_another_is_refused():
    attached = notice().attach(HOLD)
    assert attached.attach(HOLD) == attached
    with pytest.raises(Conflict) as refused:
        attached.attach(Subject("credit_claim", "cc-9"))
    assert refused.value.code == "evidence.already_attached"


def test_an_unattached_file_becomes_an_orphan_after_the_grace_period():
    evidence = notice()
    grace = timedelta(hours=24)
    assert not evidence.is_orphan(evidence.stored_at + timedelta(hours=23), grace)
    assert evidence.is_orphan(evidence.stored_at + timedelta(hours=25), grace)
    assert not notice(HOLD).is_orphan(STORED + timedelta(days=30), grace)
