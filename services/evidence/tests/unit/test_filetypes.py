"""Types are told from the bytes, and a refused file is named in words."""

from cme_evidence.domain.filetypes import FileType, describe, identify


def test_pdf_jpeg_and_png_are_recognised_from_their_first_bytes(files):
    assert identify(files.pdf()[:16]).file_type is FileType.PDF
    assert identify(files.jpeg()[:16]).file_type is FileType.JPEG
    assert identify(files.png()[:16]).file_type is FileType.PNG


def test_a_windows_program_is_named_but_has_no_accepted_type(files):
    signature = identify(files.exe()[:16])
    assert signature.file_type is None
    assert "exe" in signature.label


def test_text_is_described_as_unrecognised():
    assert identify(b"hello, world") is None
    assert describe(b"hello, world") == "无法识别的文件类型"


def test_each_type_has_the_content_type_and_extension_served_on_download():
    assert (FileType.PDF.content_type, FileType.PDF.extension) == ("application/pdf", ".pdf")
    assert (FileType.JPEG.content_type, FileType.JPEG.extension) == ("image/jpeg", ".jpg")
