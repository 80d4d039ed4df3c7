"""Taking a file in (接收上传): stream to a temp file, hash, size-check, and inspect the bytes.

Why a spooled temp file rather than streaming straight into S3: the checks that decide
whether a file is acceptable (its type, whether a PDF opens) need the whole file, and a
refused or interrupted upload must leave nothing in the bucket. Staging locally means
only verified files ever reach storage, and there is nothing to clean up on refusal.
Memory stays bounded: past `spool_bytes` the temp file lives on disk.
"""

from __future__ import annotations

import asyncio
import hashlib
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import IO

import pypdf
from PIL import Image, UnidentifiedImageError
from pypdf.errors import PyPdfError

from cme_evidence.domain import refusals
from cme_evidence.domain.filetypes import HEAD_BYTES, FileType, describe, identify
from cme_evidence.domain.kinds import EvidenceKind

# A PDF ends with %%EOF, allowing some trailing whitespace or garbage after it.
PDF_TAIL_BYTES = 1024
READ_CHUNK = 256 * 1024


@dataclass(frozen=True)
class StagedFile:
    """An upload received in full: its bytes in a temp file, its size and hash."""

    file: IO[bytes]
    size: int
    sha256: str
    head: bytes


@asynccontextmanager
async def staged(chunks: AsyncIterator[bytes], kind: EvidenceKind, spool_bytes: int) -> AsyncIterator[StagedFile]:
    """Receive chunks into a temp file, refusing as soon as the kind's limit is passed.

    The temp file is gone when the block exits, whatever happened.
    """
    with tempfile.SpooledTemporaryFile(max_size=spool_bytes) as file:
        digest, size, head = hashlib.sha256(), 0, b""
        async for chunk in chunks:
            size += len(chunk)
            kind.check_size(size)  # stop reading here: the rest of an oversized body is never taken
            digest.update(chunk)
            if len(head) < HEAD_BYTES:
                head = (head + chunk)[:HEAD_BYTES]
            file.write(chunk)
        if size == 0:
            raise refusals.empty()
        file.seek(0)
        yield StagedFile(file=file, size=size, sha256=digest.hexdigest(), head=head)


async def file_chunks(file: IO[bytes]) -> AsyncIterator[bytes]:
    """A file read back as chunks, so a file made here goes through the same intake as an upload."""
    file.seek(0)
    while chunk := await asyncio.to_thread(file.read, READ_CHUNK):
        yield chunk


async def inspect(upload: StagedFile, kind: EvidenceKind) -> FileType:
    """The file's type from its bytes, refused unless the kind accepts it and it opens."""
    signature = identify(upload.head)
    file_type = kind.check_type(signature.file_type if signature else None, describe(upload.head))
    try:
        await asyncio.to_thread(_check_opens, upload.file, file_type)
    finally:
        upload.file.seek(0)
    return file_type


def _check_opens(file: IO[bytes], file_type: FileType) -> None:
    if file_type is FileType.PDF:
        _check_pdf(file)
    else:
        _check_image(file, file_type)


def _check_pdf(file: IO[bytes]) -> None:
    file.seek(0, 2)
    file.seek(max(0, file.tell() - PDF_TAIL_BYTES))
    if b"%%EOF" not in file.read():
        raise refusals.unreadable_pdf("no %%EOF marker: the file is truncated")
    file.seek(0)
    try:
        reader = pypdf.PdfReader(file)
        if reader.is_encrypted and not reader.decrypt(""):
            raise refusals.unreadable_pdf("encrypted with a password")
        if len(reader.pages) == 0:
            raise refusals.unreadable_pdf("no pages")
    except (PyPdfError, ValueError, KeyError, TypeError) as error:
        raise refusals.unreadable_pdf(f"{type(error).__name__}: {error}") from error


def _check_image(file: IO[bytes], file_type: FileType) -> None:
    file.seek(0)
    try:
        with Image.open(file) as image:
            image.verify()  # structure and checksums, without decoding every pixel into memory
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as error:
        raise refusals.unreadable_image(file_type.label, f"{type(error).__name__}: {error}") from error
