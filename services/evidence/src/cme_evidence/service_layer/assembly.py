"""Pictures into one PDF (图片合并为PDF), for rules that ask for a single PDF.

img2pdf embeds JPEGs as they are (no re-compression, so a photographed certificate stays
as legible as it was taken) and PNGs losslessly; each picture becomes one A4 page, in
the order the learner gave, scaled to fit, turned upright by its EXIF orientation (a
landscape picture gets a landscape page).
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from typing import BinaryIO

import img2pdf

from cme_evidence.adapters.storage import ObjectStore
from cme_evidence.domain import access, refusals
from cme_evidence.domain.evidence import Evidence, Uploader, subject_of
from cme_evidence.domain.filetypes import FileType
from cme_evidence.domain.kinds import EvidenceKind
from cme_evidence.service_layer.commands import Intent, take_upload
from cme_evidence.service_layer.intake import file_chunks
from cme_evidence.service_layer.reading import find_evidence
from cme_evidence.service_layer.unit_of_work import EvidenceUnitOfWork
from cme_platform.auth import Principal

A4 = (img2pdf.mm_to_pt(210), img2pdf.mm_to_pt(297))
_LAYOUT = img2pdf.get_layout_fun(A4, fit=img2pdf.FitMode.into, auto_orient=True)
_IMAGE_TYPES = {FileType.JPEG.content_type, FileType.PNG.content_type}


def check_count(count: int, limit: int) -> None:
    """Refuse more pictures than one assembly may take."""
    if count > limit:
        raise refusals.too_many_images(count, limit)


def check_pictures(images: Sequence[Evidence]) -> None:
    """Refuse anything that is not a picture."""
    for image in images:
        if image.content_type not in _IMAGE_TYPES:
            raise refusals.not_an_image(image.id, image.content_type)


async def assemble_pictures(uow: EvidenceUnitOfWork, store: ObjectStore, owner: Principal, image_ids: Sequence[str],
                            kind: EvidenceKind, filename: str | None, subject_type: str | None,
                            subject_id: str | None, spool_bytes: int) -> Evidence:
    """Put the owner's pictures into one PDF, a page each in the order given (合并为一个PDF).

    Every picture must be stored and the owner's; the subject is checked only then, so an unknown or
    foreign picture is what a request with several faults is told first.
    """
    images = [await find_evidence(uow, image_id) for image_id in image_ids]
    for image in images:
        access.check_owner(owner, image)
    intent = Intent(kind, filename, subject_of(subject_type, subject_id), assembled_from=tuple(image_ids))
    return await assemble_evidence(uow, store, images, access.uploader_of(owner), intent, spool_bytes)


async def assemble_evidence(uow: EvidenceUnitOfWork, store: ObjectStore, images: Sequence[Evidence],
                            uploader: Uploader, intent: Intent, spool_bytes: int) -> Evidence:
    """Assemble pictures into one PDF and store it like any upload (same checks, same event)."""
    check_pictures(images)
    async with assembled_pdf(store, images) as pdf:
        return await take_upload(uow, store, file_chunks(pdf), uploader, intent, spool_bytes)


@asynccontextmanager
async def assembled_pdf(store: ObjectStore, images: Sequence[Evidence]) -> AsyncIterator[BinaryIO]:
    """A temp file holding one PDF with a page per picture, in the order given."""
    async with AsyncExitStack() as stack:
        paths = []
        for image in images:
            local = stack.enter_context(tempfile.NamedTemporaryFile(suffix=".img"))
            await store.copy_into(image.object_key, local)
            local.flush()
            paths.append(local.name)
        output = stack.enter_context(tempfile.TemporaryFile())
        await asyncio.to_thread(_convert, paths, output)
        output.seek(0)
        yield output


def _convert(paths: list[str], output: BinaryIO) -> None:
    try:
        img2pdf.convert(*paths, layout_fun=_LAYOUT, rotation=img2pdf.Rotation.ifvalid, outputstream=output)
    except (img2pdf.ImageOpenError, ValueError, OSError) as error:
        raise refusals.assembly_failed(f"{type(error).__name__}: {error}") from error
