"""The office desk: suspicious-attendance flags in words a reviewer reads, and the statistics charts."""

from types import SimpleNamespace

from cme_portal.entrypoints.role_pages import _statistics_charts
from cme_portal.entrypoints.web import templates


def test_flagged_credit_shows_why_it_is_suspicious():
    credit = {"credit_id": "c1", "name": "张三", "unit": "某医院", "project_name": "学习班",
              "project_number": "2026-14-02-410(国)", "year": 2026, "credit_class": "I", "credits": 1.0, "hours": 3.5,
              "evidence_ids": [], "audit_sampled": False, "last_reason": None,
              "attendance_flags": ["many_ids_one_device", "short_attendance"]}
    me = SimpleNamespace(role="provincial_office", name="省继教办", account_id="a1")
    html = templates.env.get_template("office.html").render(
        me=me, pending=[], queue=SimpleNamespace(ok=True, data={"credits": [credit]}), applications=None,
        waiting=[], statistics=SimpleNamespace(ok=True, data={}), charts=[], labels={}, year=2026,
        request=SimpleNamespace(url=SimpleNamespace(path="/me")))
    assert "疑似代签：同一设备短时间登记多人" in html
    assert "疑似代签：在场时间明显不足" in html
    assert '<td data-label="学时">3.5</td>' in html  # attended hours beside the credits


def test_statistics_charts_include_the_compliance_rate():
    charts = _statistics_charts({"by_status": [], "compliance": {"people": 4, "met": 2, "rate": 0.5}})
    ring = next(str(c) for c in charts if "年度学分达标率" in str(c))
    assert ">50%<" in ring and "<tr><td>已达标</td><td>2</td></tr><tr><td>学员</td><td>4</td></tr>" in ring
