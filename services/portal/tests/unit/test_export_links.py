"""Every list on the office desk and the attendee page offers its download, as Excel and as CSV."""

from types import SimpleNamespace

from cme_portal.entrypoints.web import templates

REQUEST = SimpleNamespace(url=SimpleNamespace(path="/me"))


def _links(html: str, path: str) -> list[str]:
    return [f'{path}{"&" if "?" in path else "?"}format={fmt}' for fmt in ("xlsx", "csv") if
            f'href="{path}{"&amp;" if "?" in path else "?"}format={fmt}"' in html]


def test_the_office_desk_offers_the_queue_statistics_credit_status_and_compliance_as_downloads():
    me = SimpleNamespace(role="city_office", name="杭州市", account_id="a1")
    html = templates.env.get_template("office.html").render(
        me=me, pending=[], queue=SimpleNamespace(ok=True, data={"credits": []}), applications=None, waiting=[],
        statistics=SimpleNamespace(ok=True, data={}), charts=[], labels={}, year=2026, request=REQUEST)
    for path in ("/api/credits/queue", "/api/credits/statistics?year=2026", "/api/credits?year=2026",
                 "/api/credits/compliance/people?year=2026"):
        assert len(_links(html, path)) == 2, path
    assert html.count("导出 Excel") == 4 and html.count("导出 CSV") == 4


def test_the_attendee_page_offers_the_list_and_once_reported_the_execution_report():
    data = {"project_name": "学习班", "project_number": "2026480301016 (省)", "required_hours": 6,
            "report_due": "2026-12-20", "report_submitted": False, "attendees": []}
    me = SimpleNamespace(role="unit_admin", name="科教科", account_id="a1")

    def render(**changes):
        return templates.env.get_template("attendees.html").render(
            me=me, session_id="s1", answer=SimpleNamespace(ok=True, data=data | changes), days_left=3,
            request=REQUEST)

    before, after = render(), render(report_submitted=True)
    assert len(_links(before, "/api/attendance/sessions/s1/attendees")) == 2
    assert not _links(before, "/api/attendance/sessions/s1/execution-report")
    assert len(_links(after, "/api/attendance/sessions/s1/execution-report")) == 2
