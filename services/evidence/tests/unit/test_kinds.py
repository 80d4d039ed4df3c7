"""Kinds of evidence come from the catalogue, with their size limits and accepted types."""

import pytest

from cme_evidence.domain.filetypes import FileType
from cme_evidence.domain.kinds import MIB, catalogue, kind_named, parse_catalogue
from cme_evidence.domain.refusals import PayloadTooLarge, UnsupportedType
from cme_platform.errors import DomainError


def test_hold_application_files_may_be_50_mb_pdf_or_pictures():
    for name in ("meeting_notice", "schedule"):
        kind = kind_named(name)
        assert kind.max_bytes == 50 * MIB
        assert set(kind.accepts) == {FileType.PDF, FileType.JPEG, FileType.PNG}


def test_credit_proof_is_one_pdf_only():
    assert kind_named("credit_proof").accepts == (FileType.PDF,)


def test_exactly_the_limit_is_accepted_and_one_byte_more_is_refused_naming_the_limit():
    kind = kind_named("schedule")
    kind.check_size(50 * MIB)
    with pytest.raises(PayloadTooLarge) as refused:
        kind.check_size(50 * MIB + 1)
    assert refused.value.code == "evidence.too_large"
    assert refused.value.details["max_bytes"] == 50 * MIB
    assert "50 MB" in refused.value.message


def test_a_wrong_type_refusal_says_what_was_found_and_what_is_accepted():
    with pytest.raises(UnsupportedType) as refused:
        kind_named("credit_proof").check_type(FileType.JPEG, "JPEG 图片")
    assert refused.value.details == {"kind": "credit_proof", "found": "JPEG 图片", "accepted": ["PDF"]}
    assert "JPEG 图片" in refused.value.message and "PDF" in refused.value.message


def test_an_unknown_kind_is_refused_listing_the_known_ones():
    with pytest.raises(DomainError) as refused:
        kind_named("selfie")
    assert refused.value.code == "evidence.unknown_kind"
    assert refused.value.details["known"] == sorted(catalogue())


def test_a_kind_may_set_its_own_limit():
    kinds = parse_catalogue('default_max_mib = 50\n[kinds.tiny]\nlabel = "小"\naccepts = ["png"]\nmax_mib = 2\n')
    assert kinds["tiny"].max_bytes == 2 * MIB
