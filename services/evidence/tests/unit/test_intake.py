"""The intake streams into a temp file, stops at the limit, and opens what it received."""

import hashlib

import pytest

from cme_evidence.domain.kinds import MIB, kind_named, parse_catalogue
from cme_evidence.domain.refusals import PayloadTooLarge, UnsupportedType
from cme_evidence.service_layer.intake import inspect, staged
from cme_platform.errors import DomainError

TINY = parse_catalogue('[kinds.tiny]\nlabel = "小"\naccepts = ["pdf", "png"]\nmax_mib = 1\n')["tiny"]


async def chunks_of(data: bytes, size: int = 64 * 1024, taken: list | None = None):
    for start in range(0, len(data), size):
        if taken is not None:
            taken.append(size)
        yield data[start:start + size]


async def test_a_received_file_has_its_size_hash_and_head(files):
    data = files.pdf(2)
    async with staged(chunks_of(data, 100), TINY, spool_bytes=0) as upload:
        assert (upload.size, upload.sha256) == (len(data), hashlib.sha256(data).hexdigest())
        assert upload.head.startswith(b"%PDF-")
        assert upload.file.read() == data


async def test_reading_stops_at_the_first_chunk_past_the_limit():
    taken: list[int] = []
    with pytest.raises(PayloadTooLarge):
        async with staged(chunks_of(b"\0" * (3 * MIB), taken=taken), TINY, spool_bytes=1024):
            pass
    assert sum(taken) <= MIB + 64 * 1024


async def test_zero_bytes_are_refused():
    with pytest.raises(DomainError) as refused:
        async with staged(chunks_of(b""), TINY, spool_bytes=1024):
            pass
    assert refused.value.code == "evidence.empty"


async def test_a_pdf_cut_short_is_refused(files):
    data = files.pdf()
    async with staged(chunks_of(data[: len(data) * 2 // 3]), TINY, spool_bytes=1024) as upload:
        with pytest.raises(DomainError) as refused:
            await inspect(upload, TINY)
    assert refused.value.code == "evidence.unreadable_pdf"


async def test_a_pdf_header_followed_by_garbage_is_refused():
    async with staged(chunks_of(b"%PDF-1.7\n" + b"garbage " * 100 + b"%%EOF"), TINY, spool_bytes=1024) as upload:
        with pytest.raises(DomainError) as refused:
            await inspect(upload, TINY)
    assert refused.value.code == "evidence.unreadable_pdf"


async def test_a_damaged_png_is_refused(files):
    data = bytearray(files.png())
    data[40:60] = b"\xff" * 20
    async with staged(chunks_of(bytes(data)), TINY, spool_bytes=1024) as upload:
        with pytest.raises(DomainError) as refused:
            await inspect(upload, TINY)
    assert refused.value.code == "evidence.unreadable_image"


async def test_a_picture_is_refused_where_only_a_pdf_is_accepted(files):
    async with staged(chunks_of(files.jpeg()), kind_named("credit_proof"), spool_bytes=1024) as upload:
        with pytest.raises(UnsupportedType) as refused:
            await inspect(upload, kind_named("credit_proof"))
    assert refused.value.details["found"] == "JPEG 图片"
