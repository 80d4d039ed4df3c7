"""The printable compliance proof (学分达标证明 PDF), drawn from the signed credential alone.

Everything printed is read from the credential, and drawing is deterministic (no creation time,
no random document id), so the same credential always gives the same bytes: the digest
recorded at issue checks an uploaded PDF, and the PDF need not be stored. Its metadata Subject
is `proof:<proof id>`, which is how the verify page recognises an uploaded proof.
"""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from cme_certificates.adapters.pdf import CRIMSON, FONT, draw_qr, register_font
from cme_certificates.domain.model import chinese_date
from cme_certificates.domain.proof import STAFF_LEVELS, credit_label, proof_id_of

QR_SIZE = 32 * mm
SUBJECT_PREFIX = "proof:"
_GREY = Color(0.85, 0.85, 0.85)
_TEXT = ParagraphStyle("text", fontName=FONT, fontSize=10.5, leading=16, wordWrap="CJK")
_CELL = ParagraphStyle("cell", fontName=FONT, fontSize=9, leading=12, wordWrap="CJK")
_HEAD = ParagraphStyle("head", fontName=FONT, fontSize=12, leading=18, textColor=CRIMSON, spaceBefore=6)
_TITLE = ParagraphStyle("title", fontName=FONT, fontSize=22, leading=30, alignment=1, textColor=CRIMSON)


def proof_subject(pdf_subject: str | None) -> str | None:
    """The proof id a PDF's Subject names, or None when it names a certificate or nothing."""
    if pdf_subject and pdf_subject.startswith(SUBJECT_PREFIX):
        return pdf_subject.removeprefix(SUBJECT_PREFIX)
    return None


def render_proof(proof: dict, verify_url: str, timezone: str = "Asia/Shanghai") -> bytes:
    """The proof as an A4 PDF: who (as disclosed), each year's result, each counted credit with
    its certificate number, and a QR code to the verify page showing their states live."""
    register_font()
    buffer = io.BytesIO()
    proof_id = proof_id_of(proof) or ""
    issued_on = chinese_date(datetime.fromisoformat(proof["validFrom"]).astimezone(ZoneInfo(timezone)))
    document = SimpleDocTemplate(buffer, pagesize=A4, invariant=1, title=proof["name"],
                                 subject=SUBJECT_PREFIX + proof_id, author=proof["issuer"]["name"],
                                 keywords=verify_url, leftMargin=18 * mm, rightMargin=18 * mm,
                                 topMargin=18 * mm, bottomMargin=18 * mm)

    def first_page(canvas, _document) -> None:
        width, height = A4
        draw_qr(canvas, verify_url, (width - 18 * mm - QR_SIZE, height - 18 * mm - QR_SIZE - 22 * mm), QR_SIZE,
                "扫码验证（实时查看学分证书状态）")

    story = [Paragraph("继续医学教育学分达标证明", _TITLE), Spacer(0, 4 * mm),
             Paragraph(f"证明编号：{proof_id}", _CELL), Paragraph(f"签发日期：{issued_on}", _CELL),
             Spacer(0, 22 * mm), *_holder(proof), *_years(proof), *_credits(proof),
             Spacer(0, 6 * mm),
             Paragraph(f"签发：{_escape(proof['issuer']['name'])}（电子签名 Ed25519，可扫码或上传本文件验证）", _TEXT),
             Paragraph("以上为签发时的达标情况；各项学分证书的当前状态以扫码验证结果为准。", _CELL)]
    document.build(story, onFirstPage=first_page)
    return buffer.getvalue()


def _holder(proof: dict) -> list:
    subject = proof["credentialSubject"]
    rows = [("姓名", subject.get("name")), ("身份证号", subject.get("idNumberMasked")),
            ("工作单位", subject.get("unit")), ("适用规则", subject["jurisdiction"]["name"])]
    lines = [Paragraph(f"{label}：{_escape(value)}", _TEXT) for label, value in rows if value]
    return [Paragraph("持证人（按本人选择显示）", _HEAD), *lines]


def _years(proof: dict) -> list:
    flowables: list = [Paragraph("达标情况", _HEAD)]
    for year in proof["credentialSubject"]["compliance"]:
        verdict = "达标" if year["met"] else "未达标"
        totals = year["totals"]
        who = f"（{STAFF_LEVELS.get(year.get('staffLevel') or '', '')}）" if year.get("staffLevel") else ""
        text = (f"<b>{year['year']}年度{who}：{verdict}</b>。"
                f"Ⅰ类 {totals['classI']:g} 分，Ⅱ类 {totals['classII']:g} 分，"
                f"计入年度总分 {totals['counted']:g} 分。规则：{_escape(year['rule'])}。")
        window = year.get("nationalWindow")
        if window:
            text += f"近{window['years']}年国家级项目学分 {window['earned']:g} 分（须 {window['required']:g} 分）。"
        if year["missing"]:
            text += "尚缺：" + "；".join(_escape(m) for m in year["missing"]) + "。"
        flowables.append(Paragraph(text, _TEXT))
    return flowables


def _credits(proof: dict) -> list:
    header = ["年度", "项目名称", "级别类别 学分", "证书编号"]
    rows = [[Paragraph(text, _CELL) for text in header]]
    for credit in proof["credentialSubject"]["credits"]:
        rows.append([Paragraph(str(credit["year"]), _CELL), Paragraph(_escape(credit["projectName"]), _CELL),
                     Paragraph(credit_label(credit), _CELL),
                     Paragraph(credit.get("certificateNumber") or "（签发中）", _CELL)])
    table = Table(rows, colWidths=[14 * mm, 72 * mm, 36 * mm, 52 * mm], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, _GREY), ("BACKGROUND", (0, 0), (-1, 0), _GREY),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TEXTCOLOR", (0, 0), (-1, -1), black)]))
    return [Paragraph("计入的学分（每项可凭证书编号查验）", _HEAD), table]


def _escape(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
