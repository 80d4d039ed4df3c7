"""The Jiangsu session (seed 003): a national project applied for, confirmed and approved to be
held, attendance from the unit's swipe reader, the execution report, the provincial office's
approval, and so the demo's first certificate.

A hold application must be submitted before its session starts, and an execution report is
accepted only after the session ended, so the session is planned a minute ahead and lasts a
minute: `start` approves it, the rest of the demo runs while it is held, `finish` reports it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from cme_platform.devstack.demo.api import DemoFailed, FrontDoor, eventually, stack_now
from cme_platform.devstack.demo.people import Signed

PROJECT_NAME = "急危重症护理新进展学习班"
PROVINCE = ("js-admin", "Jiangsu2026")
SESSION_LENGTH = timedelta(minutes=1)


@dataclass
class HeldSession:
    """An approved session, or None when an earlier run already brought it to a certificate."""

    session_id: str
    ends: datetime
    opened: datetime  # when the doors opened (the first swipe-in)


def national_number() -> str:
    return f"{stack_now().year}-14-02-001（国）"


def _plan(now: datetime) -> tuple[dict, datetime]:
    # Whole minutes (the registry keeps times to the minute): the first full minute at least
    # 10 s away, time to submit before it starts (the files are usually stored within a second
    # or two; a late submission plans again), and a one-minute session, so the wait for its end
    # is 70-130 s. One that would run past midnight moves to the next day.
    starts = (now + timedelta(seconds=70)).replace(second=0, microsecond=0)
    if (starts + SESSION_LENGTH).date() != starts.date():
        starts = datetime.combine(starts.date() + timedelta(days=1), datetime.min.time(), now.tzinfo)
    ends = starts + SESSION_LENGTH
    # The doors opened hours before: the reader recorded arrivals since then.
    window = {
        "opens_at": (now - timedelta(hours=4)).isoformat(),
        "closes_at": (ends + timedelta(minutes=30)).isoformat(),
    }
    day = {"day": str(starts.date()), "starts": starts.strftime("%H:%M"), "ends": ends.strftime("%H:%M")}
    return {"venue": "苏州市立医院学术报告厅", "expected_attendance": 80, "qr_refresh_seconds": 600,
            "days": [day], "check_in_window": window, "check_out_window": window}, ends


def _project_id(api: FrontDoor, suzhou: Signed) -> str:
    number = national_number()
    answer = api.call("POST", "/api/projects", who=suzhou.owner, allow=(409,), json={
        "number": number, "name": PROJECT_NAME, "credit_class": "I", "credits": 1, "jurisdiction": "jiangsu",
        "discipline": "护理学/急诊护理学", "lead": suzhou.unit.owner.name, "sponsor": suzhou.unit.name})
    if answer.status_code == 201:
        return answer.json()["id"]
    found = api.json("GET", "/api/projects", params={"number": number})["items"]
    return found[0]["id"]


def already_certified(api: FrontDoor, suzhou: Signed) -> bool:
    learner = suzhou.learners[suzhou.unit.learners[0].name]
    return bool(api.json("GET", "/api/certificates/mine", who=learner)["items"])


def start(api: FrontDoor, suzhou: Signed) -> HeldSession | None:
    """Apply to hold the session, confirm and approve it; None when the certificate exists already."""
    if already_certified(api, suzhou):
        return None
    project_id = _project_id(api, suzhou)
    attachments = {kind: api.upload_pdf(suzhou.owner, kind, f"{name}.pdf")
                   for kind, name in (("meeting_notice", "举办通知（红章）"), ("schedule", "会议日程"))}
    now = stack_now()
    plan, ends = _plan(now)
    application = api.json("POST", f"/api/projects/{project_id}/hold-applications", who=suzhou.owner,
                           json=plan | {"attachments": attachments})
    url = f"/api/projects/hold-applications/{application['id']}"

    def submitted() -> bool | None:
        nonlocal ends
        answer = api.call("POST", f"{url}/submit", who=suzhou.owner, allow=(409, 422))
        if answer.status_code == 200:
            return True
        code = answer.json()["error"]["code"]
        if code == "hold_application.too_late":  # the files took long to be stored: a later minute
            replan, ends = _plan(stack_now())
            api.call("PUT", url, who=suzhou.owner, json=replan | {"attachments": attachments})
            return None
        if code != "hold_application.attachment_not_stored":  # until EvidenceStored reaches projects
            raise DemoFailed(f"hold application not submitted: {answer.text}")
        return None

    eventually(submitted, "the hold application's files to be stored", timeout=60, interval=0.5)
    api.call("POST", f"{url}/confirm", who=suzhou.admin)
    province = api.sign_in(*PROVINCE)
    session_id = api.json("POST", f"{url}/approve", who=province)["session_id"]
    eventually(lambda: api.call("GET", f"/api/attendance/sessions/{session_id}", who=suzhou.owner,
                                allow=(404,)).status_code == 200 or None, "attendance to open the session")
    return HeldSession(session_id, ends, now - timedelta(hours=3, minutes=10))


def finish(api: FrontDoor, suzhou: Signed, held: HeldSession) -> None:
    """After the session: the swipes arrive, the unit reports, the province approves the credit."""
    wait = (held.ends - stack_now()).total_seconds() + 1
    if wait > 0:
        print(f"  waiting {wait:.0f} s for the Jiangsu session to end …", flush=True)
        time.sleep(wait)
    _swipes(api, suzhou, held)
    completed = suzhou.unit.learners[0]  # 李明, who left without swiping out, is not reported
    report = api.json("POST", f"/api/attendance/sessions/{held.session_id}/execution-report", who=suzhou.admin,
                      json={"id_numbers": [completed.id_number]})
    if not report["results"][0]["message"].startswith("已完成规定学时"):
        raise DemoFailed(f"execution report: {report}")
    province = api.sign_in(*PROVINCE)

    def queued() -> list[str] | None:
        queue = api.json("GET", "/api/credits/queue", who=province)["credits"]
        ids = [c["credit_id"] for c in queue if c["project_name"] == PROJECT_NAME and c["name"] == completed.name]
        return ids or None

    ids = eventually(queued, "the session's credit in js-admin's queue")
    api.json("POST", "/api/credits/reviews", who=province, json={"credit_ids": ids, "decision": "approve"})
    eventually(lambda: already_certified(api, suzhou) or None, "the certificate of the Jiangsu learner", timeout=90)


def _swipes(api: FrontDoor, suzhou: Signed, held: HeldSession) -> None:
    """The unit's ID-card reader uploads its records afterwards (seed 004: 刷卡记录)."""
    device = api.json("POST", "/api/identity/devices", who=suzhou.admin,
                      json={"client_id": f"reader-{held.session_id[:8]}", "name": "报告厅刷卡机"})
    token = api.json("POST", "/api/identity/device-tokens",
                     json={"client_id": device["client_id"], "secret": device["secret"]})["token"]
    completed, partial = suzhou.unit.learners
    now = stack_now()
    swipes = [(completed, "in", held.opened), (completed, "out", now),
              (partial, "in", held.opened + timedelta(hours=2))]  # 李明 came late and left without swiping out
    records = [{"session_id": held.session_id, "device_id": device["client_id"], "nonce": f"demo-{n}",
                "id_number": person.id_number, "name": person.name, "direction": direction,
                "scanned_at": moment.replace(microsecond=0).isoformat()}
               for n, (person, direction, moment) in enumerate(swipes)]
    result = api.json("POST", "/api/attendance/scan-batches", who={"Authorization": f"Bearer {token}"},
                      json={"records": records})
    if result.get("refused"):
        raise DemoFailed(f"swipe records refused: {result}")
