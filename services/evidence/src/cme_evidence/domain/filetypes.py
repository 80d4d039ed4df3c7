"""File types told from the bytes (文件类型判断), never from the file name."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# Enough of the head of a file to recognise every signature below.
HEAD_BYTES = 16


class FileType(StrEnum):
    """The types evidence may have."""

    PDF = "pdf"
    JPEG = "jpeg"
    PNG = "png"

    @property
    def content_type(self) -> str:
        """The MIME type stored with the object and served on download."""
        return _CONTENT_TYPES[self]

    @property
    def extension(self) -> str:
        """The file name extension that matches the type."""
        return _EXTENSIONS[self]

    @property
    def label(self) -> str:
        """How people call the type."""
        return _LABELS[self]


_CONTENT_TYPES = {FileType.PDF: "application/pdf", FileType.JPEG: "image/jpeg", FileType.PNG: "image/png"}
_EXTENSIONS = {FileType.PDF: ".pdf", FileType.JPEG: ".jpg", FileType.PNG: ".png"}
_LABELS = {FileType.PDF: "PDF", FileType.JPEG: "JPEG 图片", FileType.PNG: "PNG 图片"}


@dataclass(frozen=True)
class Signature:
    """Leading bytes that identify a format."""

    magic: bytes
    label: str
    file_type: FileType | None = None


SIGNATURES = (
    Signature(b"%PDF-", "PDF", FileType.PDF),
    Signature(b"\xff\xd8\xff", "JPEG 图片", FileType.JPEG),
    Signature(b"\x89PNG\r\n\x1a\n", "PNG 图片", FileType.PNG),
    # Refused, but named, so the refusal can say what was found.
    Signature(b"MZ", "Windows 可执行程序 (exe/dll)"),
    Signature(b"\x7fELF", "Linux 可执行程序"),
    Signature(b"PK\x03\x04", "ZIP 压缩包或 Office 文档 (docx/xlsx)"),
    Signature(b"\xd0\xcf\x11\xe0", "旧版 Office 文档 (doc/xls)"),
    Signature(b"Rar!", "RAR 压缩包"),
    Signature(b"7z\xbc\xaf", "7z 压缩包"),
    Signature(b"GIF8", "GIF 图片"),
    Signature(b"II*\x00", "TIFF 图片"),
    Signature(b"MM\x00*", "TIFF 图片"),
    Signature(b"BM", "BMP 图片"),
)


def identify(head: bytes) -> Signature | None:
    """The signature the first bytes of a file match, if any."""
    for signature in SIGNATURES:
        if head.startswith(signature.magic):
            return signature
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        return Signature(head[4:12], "HEIC 图片（苹果手机照片）")
    return None


def describe(head: bytes) -> str:
    """What the bytes look like, in words, for a refusal."""
    signature = identify(head)
    return signature.label if signature else "无法识别的文件类型"
