"""The message centre: events become one message per recipient, a person reads, counts and
marks their own messages, and SMS goes out through the chosen channel after the quiet hours."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import time_machine

from cme_contracts.events import AccountApproved, CreditRejected, HoldApplicationReturned, HoldApplicationSubmitted
from cme_platform.auth import Role
from cme_platform.testing.services import eventually
from cme_platform.testing.tokens import auth_header


def rejection(id_number: str, **overrides) -> CreditRejected:
    values = dict(credit_id=f"credit-{uuid.uuid4().hex[:8]}", id_number=id_number, review_level="city",
                  reason="证书编号与登记不符", rejected_by="city-reviewer", rejected_at=datetime.now(UTC),
                  unit_id=f"unit-{uuid.uuid4().hex[:6]}", project_name="疼痛治疗新进展学习班")
    return CreditRejected(**(values | overrides))


async def test_a_learner_reads_counts_and_marks_their_messages(service, new_id_number):
    # Two returns, not an approval: the certificates service of the same test session consumes
    # approvals and would add its own "certificate issued" message to this learner's list.
    id_number = new_id_number()
    await service.deliver(rejection(id_number, project_name="疼痛治疗新进展学习班"))
    await service.deliver(rejection(id_number, project_name="护理学进展"))
    await eventually(lambda: _count(service, "learner", id_number, 2))
    me = auth_header(Role.LEARNER, account_id=f"acc-{id_number}", id_number=id_number)

    listed = (await service.client.get("/api/notifications/mine", headers=me)).json()
    assert listed["unread"] == 2 and [m["title"] for m in listed["items"]] == ["学分被退回", "学分被退回"]
    assert "护理学进展" in listed["items"][0]["body"] and "疼痛治疗" in listed["items"][1]["body"]
    assert (await service.client.get("/api/notifications/mine/unread-count", headers=me)).json() == {"unread": 2}
    first = listed["items"][1]["message_id"]

    stranger = auth_header(Role.LEARNER, account_id="someone-else", id_number=new_id_number())
    refused = await service.client.post(f"/api/notifications/{first}/read", headers=stranger)
    assert refused.status_code == 404 and refused.json()["error"]["code"] == "message.not_found"

    assert (await service.client.post(f"/api/notifications/{first}/read", headers=me)).json() == {"marked": 1}
    assert (await service.client.get("/api/notifications/mine/unread-count", headers=me)).json() == {"unread": 1}
    assert (await service.client.post("/api/notifications/mine/read", headers=me)).json() == {"marked": 1}
    unread = (await service.client.get("/api/notifications/mine?unread_only=true", headers=me)).json()
    assert unread["items"] == [] and unread["unread"] == 0


async def test_the_unit_reads_the_return_of_its_learners_credit(service, new_id_number):
    id_number = new_id_number()
    returned = rejection(id_number)
    await service.deliver(returned)
    admin = auth_header(Role.UNIT_ADMIN, account_id="admin-1", unit_id=returned.unit_id)
    listed = await eventually(lambda: _mine(service, admin))
    assert listed[0]["title"] == "本单位学员学分被退回" and id_number not in listed[0]["body"]


async def test_sms_goes_out_after_the_quiet_hours(service, new_id_number):
    id_number = new_id_number()
    me = auth_header(Role.LEARNER, account_id=f"acc-{id_number}", id_number=id_number)
    # Quiet hours are Beijing time: give them on that clock.
    beijing = datetime.now(UTC) + timedelta(hours=8)
    quiet = {"quiet_start": (beijing - timedelta(minutes=30)).strftime("%H:%M"),
             "quiet_end": (beijing + timedelta(minutes=30)).strftime("%H:%M")}
    saved = await service.client.put("/api/notifications/preferences", headers=me,
                                     json={"channels": ["sms"], "phone": "13900001111", **quiet})
    assert saved.status_code == 200, saved.text
    await service.deliver(rejection(id_number))
    [row] = await eventually(lambda: _count(service, "learner", id_number, 1))
    [delivery] = await service.deliveries_of(row.message_id)
    assert delivery.status == "pending" and delivery.not_before > datetime.now(UTC) + timedelta(minutes=25)
    assert service.runtime.channels["sms"].to("13900001111") == []

    with time_machine.travel(delivery.not_before + timedelta(seconds=1), tick=True):
        await service.runtime.dispatcher.send_due()
        [sent] = await eventually(lambda: _texted(service, "13900001111"))
    assert "学分被退回" in sent.title


async def test_sms_without_quiet_hours_is_sent_at_once_with_the_link(service, new_id_number):
    id_number = new_id_number()
    me = auth_header(Role.LEARNER, account_id=f"acc-{id_number}", id_number=id_number)
    phone = f"137{uuid.uuid4().int % 10**8:08d}"
    await service.client.put("/api/notifications/preferences", headers=me, json={"channels": ["sms"], "phone": phone})
    before = _sent_by_sms(await service.client.get("/metrics"))
    await service.deliver(rejection(id_number))
    [sent] = await eventually(lambda: _texted(service, phone))
    assert sent.text.startswith("【继教平台】") and "证书编号与登记不符" in sent.text and id_number not in sent.text
    assert sent.link.endswith("/me")
    assert _sent_by_sms(await service.client.get("/metrics")) >= before + 1, "the SMS is counted by channel"


def _sent_by_sms(metrics) -> float:
    line = next((line for line in metrics.text.splitlines()
                 if line.startswith('cme_notifications_sent_total{channel="sms"}')), None)
    return float(line.split()[-1]) if line else 0.0


async def test_sms_without_a_phone_is_refused(service):
    me = auth_header(Role.LEARNER, account_id="acc-x", id_number="51010419850312123X")
    refused = await service.client.put("/api/notifications/preferences", headers=me, json={"channels": ["sms"]})
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "preferences.address_missing"


async def test_an_approved_registration_is_texted_to_the_phone_given(service):
    account_id = f"acc-{uuid.uuid4().hex[:8]}"
    phone = f"136{uuid.uuid4().int % 10**8:08d}"
    await service.deliver(AccountApproved(account_id=account_id, role="learner", name="李静怡", unit_id="u-1",
                                          jurisdiction="sichuan", phone=phone, decided_by="admin-1",
                                          decided_at=datetime.now(UTC)))
    [sent] = await eventually(lambda: _texted(service, phone))
    assert "现在可以登录" in sent.text


async def _count(service, kind: str, key: str, expected: int):
    rows = await service.messages_to(kind, key)
    return rows if len(rows) >= expected else None


async def _mine(service, headers: dict):
    return (await service.client.get("/api/notifications/mine", headers=headers)).json()["items"]


async def _texted(service, phone: str):
    return service.runtime.channels["sms"].to(phone)


async def test_a_returned_hold_application_reaches_its_owner_with_the_reason(service):
    owner = f"owner-{uuid.uuid4().hex[:8]}"
    application = f"app-{uuid.uuid4().hex[:8]}"
    await service.deliver(HoldApplicationSubmitted(
        application_id=application, project_id="p-7", project_number="2027-02-02-002（国）", jurisdiction="jiangsu",
        owner_id=owner, unit_id="unit-7", submitted_at=datetime.now(UTC)))
    await service.deliver(HoldApplicationReturned(application_id=application, project_id="p-7",
                                                  reason="会议通知缺少红章", returned_by="office-1",
                                                  returned_at=datetime.now(UTC)))
    owner_headers = auth_header(Role.PROJECT_OWNER, account_id=owner)
    [message] = await eventually(lambda: _mine(service, owner_headers))
    assert message["title"] == "举办申请被退回修改" and "会议通知缺少红章" in message["body"]
    assert "2027-02-02-002（国）" in message["body"]
