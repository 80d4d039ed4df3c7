"""The printable certificate (电子学分证书 PDF), drawn with reportlab.

The CJK font (WenQuanYi Micro Hei, shipped on PyPI as `paperang-p2-fonts-cjk`) is parsed
once per process and embedded as a subset in every PDF, so the certificate prints the same
on a machine without Chinese fonts and its text can be searched and extracted.
"""

from __future__ import annotations

import io
from datetime import datetime
from functools import cache
from importlib.resources import files

import qrcode
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from cme_certificates.domain.model import Certificate, chinese_date
from cme_certificates.domain.rules import CertificateRules
from cme_contracts.identifiers import mask_id_number

FONT = "WenQuanYiMicroHei"
PAGE = landscape(A4)
CRIMSON = Color(0.62, 0.09, 0.11)
GOLD = Color(0.72, 0.56, 0.24)
QR_SIZE = 38 * mm


@cache
def register_font() -> str:
    """Register the CJK font with reportlab (once per process) and return its name."""
    path = files("paperang_p2_fonts_cjk") / "fonts" / "wqy-microhei.ttc"
    pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))
    return FONT


def render_many(items: list[tuple[Certificate, CertificateRules, str]]) -> list[bytes]:
    """Render several issued certificates (certificate, rules, verify URL); a render process's unit of work."""
    return [render_certificate(certificate, rules, url, _issued_at(certificate)) for certificate, rules, url in items]


def _issued_at(certificate: Certificate) -> datetime:
    if certificate.issued_at is None:
        raise ValueError(f"certificate {certificate.certificate_number} is rendered before it is issued")
    return certificate.issued_at


def render_certificate(certificate: Certificate, rules: CertificateRules, verify_url: str,
                       issued_at: datetime) -> bytes:
    """The certificate as a one-page A4 landscape PDF with an embedded CJK font and a QR code.

    Invariant: no creation time or random document id, so the same facts always give the
    same bytes, whenever and wherever they are drawn.
    """
    register_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE, pageCompression=1, invariant=1)
    canvas.setTitle(f"{rules.title} {certificate.certificate_number}")
    canvas.setSubject(certificate.certificate_number)
    canvas.setAuthor(certificate.issuing_office)
    canvas.setKeywords(verify_url)
    _frame(canvas)
    _heading(canvas, rules, certificate)
    _statement(canvas, certificate)
    issued_on = chinese_date(rules.local_date(issued_at))
    _fields(canvas, certificate, issued_on)
    _qr(canvas, verify_url)
    _signature(canvas, certificate, issued_on)
    _footer(canvas, rules)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _frame(canvas: Canvas) -> None:
    width, height = PAGE
    canvas.setStrokeColor(CRIMSON)
    canvas.setLineWidth(3)
    canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(1)
    canvas.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)


def _heading(canvas: Canvas, rules: CertificateRules, certificate: Certificate) -> None:
    width, height = PAGE
    canvas.setFillColor(CRIMSON)
    canvas.setFont(FONT, 28)
    canvas.drawCentredString(width / 2, height - 38 * mm, rules.title)
    canvas.setFont(FONT, 10)
    canvas.setFillColor(black)
    canvas.drawCentredString(width / 2, height - 46 * mm, "Continuing Medical Education Credit Certificate")
    canvas.drawRightString(width - 22 * mm, height - 22 * mm, f"证书编号：{certificate.certificate_number}")


def _statement(canvas: Canvas, certificate: Certificate) -> None:
    width, height = PAGE
    number = f"（项目编号：{certificate.project_number}）" if certificate.project_number else ""
    text = (f"<b>{_escape(certificate.name)}</b> 同志：<br/>"
            f"　　参加{_escape(certificate.project_name)}{_escape(number)}，经考核合格，"
            f"授予{certificate.level_label}{certificate.class_label}继续医学教育学分 "
            f"<b>{certificate.credits_text}</b> 分。特发此证。")
    style = ParagraphStyle("statement", fontName=FONT, fontSize=15, leading=24, wordWrap="CJK")
    paragraph = Paragraph(text, style)
    _, used = paragraph.wrap(width - 60 * mm, 40 * mm)
    paragraph.drawOn(canvas, 30 * mm, height - 58 * mm - used)


def _fields(canvas: Canvas, certificate: Certificate, issued_on: str) -> None:
    rows = [
        ("姓　　名", certificate.name),
        ("身份证号", mask_id_number(certificate.id_number)),
        ("工作单位", certificate.unit or "—"),
        ("项目编号", certificate.project_number or "—"),
        ("项目名称", certificate.project_name),
        ("级别类别", f"{certificate.level_label}　{certificate.class_label}"),
        ("学　　分", _credits_line(certificate)),
        ("举办时间", certificate.period_text),
        ("签发日期", issued_on),
    ]
    label_style = ParagraphStyle("label", fontName=FONT, fontSize=11, leading=15, textColor=CRIMSON)
    value_style = ParagraphStyle("value", fontName=FONT, fontSize=11, leading=15, wordWrap="CJK")
    y = PAGE[1] - 92 * mm
    for label, value in rows:
        text = Paragraph(_escape(value), value_style)
        _, used = text.wrap(150 * mm, 30 * mm)
        caption = Paragraph(label, label_style)
        caption.wrap(25 * mm, 15)
        caption.drawOn(canvas, 32 * mm, y - 15)
        text.drawOn(canvas, 56 * mm, y - used)
        y -= max(used, 15) + 3


def _qr(canvas: Canvas, verify_url: str) -> None:
    draw_qr(canvas, verify_url, (PAGE[0] - 30 * mm - QR_SIZE, 70 * mm), QR_SIZE, "扫码验证证书真伪")


def draw_qr(canvas: Canvas, url: str, at: tuple[float, float], size: float, caption: str) -> None:
    """A QR code of `url` with its lower left corner `at`, a link over it and a caption under it."""
    x, y = at
    # A fixed mask: choosing the best of eight took a quarter of the drawing time, and any mask scans.
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=0)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    module = size / len(matrix)
    path = canvas.beginPath()
    # One filled path of horizontal runs: far fewer PDF operators than a square per module.
    for row, cells in enumerate(matrix):
        top = y + size - (row + 1) * module
        for start, length in _dark_runs(cells):
            path.rect(x + start * module, top, length * module, module)
    canvas.setFillColor(black)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.linkURL(url, (x, y, x + size, y + size), relative=0)
    canvas.setFont(FONT, 9)
    canvas.drawCentredString(x + size / 2, y - 5 * mm, caption)


def _dark_runs(cells) -> list[tuple[int, int]]:
    runs, start = [], None
    for index, dark in enumerate([*cells, 0]):
        if dark and start is None:
            start = index
        elif not dark and start is not None:
            runs.append((start, index - start))
            start = None
    return runs


def _signature(canvas: Canvas, certificate: Certificate, issued_on: str) -> None:
    width, _ = PAGE
    canvas.setFillColor(black)
    canvas.setFont(FONT, 13)
    canvas.drawRightString(width - 28 * mm, 44 * mm, certificate.issuing_office)
    canvas.drawRightString(width - 28 * mm, 36 * mm, issued_on)


def _footer(canvas: Canvas, rules: CertificateRules) -> None:
    canvas.setFont(FONT, 8.5)
    canvas.setFillColor(Color(0.35, 0.35, 0.35))
    canvas.drawCentredString(PAGE[0] / 2, 18 * mm, rules.footer)


def _credits_line(certificate: Certificate) -> str:
    hours = f"（{certificate.hours:g} 学时）" if certificate.hours else ""
    return f"{certificate.credits_text} 分{hours}"


def certificate_number_in(pdf: bytes) -> str | None:
    """The certificate number a PDF names in its metadata (Subject), or None if it names none
    or is not a readable PDF. A compliance proof's PDF names `proof:<proof id>` there."""
    try:
        metadata = PdfReader(io.BytesIO(pdf)).metadata
        subject = metadata.subject if metadata is not None else None
    except (PyPdfError, ValueError, AttributeError, KeyError, TypeError):
        return None
    return subject.strip() if isinstance(subject, str) and subject.strip() else None


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
