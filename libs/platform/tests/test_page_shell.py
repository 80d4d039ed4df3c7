"""The page shell: a service's own templates come first, the shell's layout and filters are
shared, and the shell needs no signed-in viewer."""

from pathlib import Path

from cme_platform.web.shell import local_time, mask_id, page_templates


def own_templates(folder: Path, **pages: str) -> Path:
    for name, text in pages.items():
        (folder / f"{name}.html").write_text(text, encoding="utf-8")
    return folder


def test_a_page_extends_the_shell_and_leads_back_to_the_portal_without_a_viewer(tmp_path):
    templates = page_templates(
        own_templates(tmp_path, page='{% extends "shell.html" %}{% block content %}你好{% endblock %}')
    )
    html = templates.get_template("page.html").render()
    assert '<a class="brand" href="/">继续医学教育学分平台</a>' in html and '<a href="/">返回首页</a>' in html
    assert "<main>" in html and "你好" in html and "min-height: var(--touch)" in html  # the stylesheet, inline


def test_a_service_adds_its_links_or_replaces_a_part_of_the_shell_by_its_name(tmp_path):
    page = '{% extends "shell.html" %}'
    (tmp_path / "linked").mkdir(), (tmp_path / "replaced").mkdir()
    linked = page_templates(
        own_templates(tmp_path / "linked", page=page), links=(("/certificates/verify", "证书验证"),)
    )
    assert '<a href="/certificates/verify">证书验证</a>' in linked.get_template("page.html").render()
    replaced = page_templates(own_templates(tmp_path / "replaced", page=page, nav="<a href='/login'>登录</a>"))
    html = replaced.get_template("page.html").render()
    assert "<a href='/login'>登录</a>" in html and "返回首页" not in html


def test_the_shared_filters_show_beijing_time_and_masked_id_numbers(tmp_path):
    templates = page_templates(own_templates(tmp_path, f="{{ t|local_time }} {{ n|mask_id }} {{ none|mask_id }}"))
    shown = templates.get_template("f.html").render(t="2026-11-22T02:25:00+00:00", n="11010519491231002X", none=None)
    assert shown == "10:25 1101**********002X —"
    assert local_time(None) == "—" and local_time("2026-12-31T16:30:00+00:00", "%Y-%m-%d %H:%M") == "2027-01-01 00:30"
    assert mask_id("11010519491231002X") == "1101**********002X"


def test_text_from_a_page_is_escaped(tmp_path):
    templates = page_templates(
        own_templates(tmp_path, p='{% extends "shell.html" %}{% block content %}{{ x }}{% endblock %}')
    )
    assert "&lt;script&gt;" in templates.get_template("p.html").render(x="<script>")
