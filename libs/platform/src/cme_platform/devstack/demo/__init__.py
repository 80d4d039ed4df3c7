"""`make demo` (`cme-demo [URL]`): a small demonstration data set loaded into a running
`make dev` stack through the front door's public APIs, so that a newcomer can sign in as each
role and see real content. Running it again reuses what exists.

The URL comes from the argument, else `CME_DEMO_URL`, else http://127.0.0.1:8080.
"""

from __future__ import annotations

import os
import sys
import time

from cme_platform.devstack.demo import credits, people, session
from cme_platform.devstack.demo.api import DemoFailed, FrontDoor
from cme_platform.devstack.demo.people import HANGZHOU, JINJIANG, PASSWORD, SUZHOU

DEFAULT_URL = "http://127.0.0.1:8080"


def sign_in_table() -> list[tuple[str, str, str, str]]:
    """Who to sign in as after the demo: (user, password, role, what they see)."""
    sz, jj, hz = SUZHOU, JINJIANG, HANGZHOU
    return [
        (sz.learners[0].id_number, PASSWORD, "学员 孙七 (苏州)", "已通过的国家级Ⅰ类学分和江苏省电子证书（下载、核验）"),
        (
            sz.owner.id_number,
            PASSWORD,
            "立项用户 周建国 (苏州)",
            "已批准举办的项目、会场二维码、学员名单（李明未签退）",
        ),
        (sz.admin_username, PASSWORD, "单位管理员 苏州市立医院", "举办申请、执行情况、学员审批"),
        ("js-admin", "Jiangsu2026", "江苏省继教办", "已批准的举办申请、审核过的学分"),
        (jj.learners[0].id_number, PASSWORD, "学员 刘洋 (锦江区)", "区级Ⅱ类学分：待锦江区医学会审核"),
        (jj.admin_username, PASSWORD, "单位管理员 锦江区妇幼保健院", "刘洋已审、赵敏未上报（草稿）"),
        ("jj-district", "Jinjiang2026", "锦江区医学会", "待审核队列中刘洋的区级Ⅱ类学分"),
        (hz.learners[1].id_number, PASSWORD, "学员 王磊 (杭州)", "外省学分：各级审核中、退回（附理由）"),
        (hz.admin_username, PASSWORD, "单位管理员 杭州市第一人民医院", "待单位审核的一条；草稿、审核中、退回、通过"),
        ("hz-city", "Hangzhou2026", "杭州市继教办", "待市级审核的学分"),
        ("zj-admin", "Zhejiang2026", "浙江省继教办", "待省级审核的学分、异地备案名单（项目查询）"),
    ]


def print_table(rows: list[tuple[str, str, str, str]]) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(2)]
    print(f"\n{'user':<{widths[0]}}  {'password':<{widths[1]}}  role — what you will see")
    for user, password, role, sees in rows:
        print(f"{user:<{widths[0]}}  {password:<{widths[1]}}  {role} — {sees}")


def load(url: str) -> None:
    """Load the demonstration data set into the stack whose front door is `url`."""
    api = FrontDoor(url)
    try:
        print(f"loading the demo into {url}", flush=True)
        suzhou, jinjiang, hangzhou = (people.register_unit(api, unit) for unit in (SUZHOU, JINJIANG, HANGZHOU))
        print("  units and people registered and approved", flush=True)
        held = session.start(api, suzhou)  # the session runs while the rest is loaded
        print("  Jiangsu session approved" if held else "  Jiangsu certificate already issued", flush=True)
        credits.projects(api, jinjiang, hangzhou)
        credits.credits(api, jinjiang, hangzhou)
        print("  projects, remote-filing list and credits in every review state", flush=True)
        if held:
            session.finish(api, suzhou, held)
            print("  Jiangsu session reported, credit approved, certificate issued", flush=True)
    finally:
        api.close()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    url = (args[0] if args else os.environ.get("CME_DEMO_URL", DEFAULT_URL)).rstrip("/")
    started = time.monotonic()
    try:
        load(url)
    except DemoFailed as failed:
        print(f"demo failed: {failed}", file=sys.stderr)
        return 1
    except OSError as error:  # the stack is not running there
        print(f"demo failed: cannot reach {url} ({error}); is `make dev` running?", file=sys.stderr)
        return 1
    print(f"  done in {time.monotonic() - started:.0f} s")
    print_table(sign_in_table())
    return 0
