"""The printed certificate: Chinese text is embedded and extractable, and matches the credit."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from pypdf import PdfReader

from cme_certificates.adapters.pdf import certificate_number_in, render_certificate
from cme_certificates.domain.rules import rules_for

VERIFY_URL = "https://cme.example.cn/certificates/verify/SC202600000123"


def render(certificate) -> PdfReader:
    pdf = render_certificate(certificate, rules_for(certificate.jurisdiction), VERIFY_URL,
                             datetime(2026, 11, 22, 8, tzinfo=UTC))
    return PdfReader(io.BytesIO(pdf))


def test_the_pdf_text_states_the_credit_in_chinese(make_certificate):
    text = render(make_certificate()).pages[0].extract_text()
    for expected in ("四川省继续医学教育电子学分证书", "张晓明", "5101**********123X", "四川大学华西医院麻醉科",
                     "2021-03-05-129（国）", "疼痛治疗新进展学习班", "国家级", "Ⅰ类", "4 分", "12 学时",
                     "2026年3月5日至2026年3月7日", "四川省继续医学教育委员会办公室", "SC202600000123",
                     "2026年11月22日", "扫码验证"):
        assert expected in text, expected
    assert "51010419850312123X" not in text


def test_the_cjk_font_is_embedded_in_the_pdf(make_certificate):
    fonts = [font.get_object() for font in render(make_certificate()).pages[0]["/Resources"]["/Font"].values()]
    embedded = [font for font in fonts if "WenQuanYiMicroHei" in font["/BaseFont"]]
    assert embedded, [font["/BaseFont"] for font in fonts]
    assert all("/FontFile2" in font["/FontDescriptor"].get_object() for font in embedded)


def test_the_qr_code_links_to_the_verification_page(make_certificate):
    annotations = [a.get_object() for a in render(make_certificate()).pages[0]["/Annots"]]
    assert [a["/A"]["/URI"] for a in annotations] == [VERIFY_URL]


def test_another_jurisdiction_prints_its_own_title(make_certificate):
    text = render(make_certificate(jurisdiction="jiangsu", issuing_office="江苏省继续医学教育委员会办公室",
                                   credit_class="II", level="provincial", credits=1.5)).pages[0].extract_text()
    assert "江苏省继续医学教育学分证书" in text and "省级" in text and "Ⅱ类" in text and "1.5 分" in text


def test_the_pdf_names_its_certificate_number_in_its_metadata(make_certificate):
    pdf = render_certificate(make_certificate(), rules_for("sichuan"), VERIFY_URL, datetime(2026, 11, 22, tzinfo=UTC))
    assert certificate_number_in(pdf) == "SC202600000123"
    assert certificate_number_in(b"%PDF-1.4 not really a pdf") is None


def test_the_issue_date_is_the_beijing_date_even_when_utc_is_still_on_the_day_before(make_certificate):
    issued_at = datetime(2026, 12, 1, 19, 25, tzinfo=UTC)  # 03:25 on 2 December in Beijing
    pdf = render_certificate(make_certificate(), rules_for("sichuan"), VERIFY_URL, issued_at)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "2026年12月2日" in text and "2026年12月1日" not in text


def test_the_same_certificate_drawn_twice_gives_the_same_bytes(make_certificate):
    # The renderer and a first download may draw one certificate at once: both must store one file.
    first = render_certificate(make_certificate(), rules_for("sichuan"), VERIFY_URL, datetime(2026, 11, 22, tzinfo=UTC))
    again = render_certificate(make_certificate(), rules_for("sichuan"), VERIFY_URL, datetime(2026, 11, 22, tzinfo=UTC))
    other = render_certificate(make_certificate(name="李静怡"), rules_for("sichuan"), VERIFY_URL,
                               datetime(2026, 11, 22, tzinfo=UTC))
    assert first == again and first != other
