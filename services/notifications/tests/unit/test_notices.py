"""Who is told what: one message per recipient, in Chinese, with the page to act on, and
never a full ID number."""

from __future__ import annotations

from datetime import UTC, datetime

from cme_notifications.domain import notices
from cme_notifications.domain.recipients import AddressKind, Recipient, addresses_of
from cme_platform.auth import Principal, Role

ID = "51010419850312123x"


class TestCreditReturned:
    def test_a_return_by_the_city_reaches_the_learner_and_the_unit_with_the_reason(self):
        written = notices.credit_rejected("evt-1", id_number=ID, review_level="city", reason="证书编号与登记不符",
                                          project_name="疼痛治疗新进展学习班", unit_id="unit-9")
        assert [n.recipient for n in written] == [Recipient.learner(ID), Recipient.unit("unit-9")]
        learner = written[0]
        assert learner.category == "credit.returned" and learner.title == "学分被退回"
        assert "地市继教主管部门" in learner.body and "证书编号与登记不符" in learner.body
        assert learner.link == "/me"

    def test_no_message_shows_the_full_id_number(self):
        written = notices.credit_rejected("evt-1", id_number=ID, review_level="city", reason="材料不全",
                                          project_name=None, unit_id="unit-9")
        for notice in written:
            assert ID.upper() not in notice.body and "5101**********123X" in notice.body

    def test_a_return_by_the_unit_is_not_told_back_to_the_unit(self):
        written = notices.credit_rejected("evt-1", id_number=ID, review_level="unit", reason="学时不足",
                                          project_name=None, unit_id="unit-9")
        assert [n.recipient.kind for n in written] == [AddressKind.LEARNER]

    def test_the_provinces_refusal_is_a_rejection(self):
        written = notices.credit_rejected("evt-1", id_number=ID, review_level="province", reason="不属于认可项目",
                                          project_name=None, unit_id="unit-9")
        assert [(n.category, n.title) for n in written] == [("credit.rejected", "学分审核未通过")]

    def test_each_recipient_has_its_own_key_from_the_event(self):
        written = notices.credit_rejected("evt-1", id_number=ID, review_level="city", reason="x",
                                          project_name=None, unit_id="unit-9")
        assert len({n.key for n in written}) == 2 and all(n.key.startswith("evt-1:") for n in written)


def test_an_approved_hold_application_tells_the_owner_where_the_qr_codes_are():
    [notice] = notices.hold_application_approved("e", owner_id="owner-1", project_number="2026-03-05-129（国）",
                                                 project_name="疼痛治疗新进展学习班", session_id="s-1",
                                                 jurisdiction="sichuan")
    assert notice.recipient == Recipient.account("owner-1")
    assert "二维码" in notice.body and notice.link == "/me#session-s-1"


def test_an_execution_report_tells_the_office_the_beijing_date():
    # 20:30 UTC on 1 December is already 2 December in Beijing.
    [notice] = notices.execution_reported("e", jurisdiction="jiangsu", project_number="P-1", project_name="护理学进展",
                                          attendees=3, submitted_at=datetime(2026, 12, 1, 20, 30, tzinfo=UTC))
    assert notice.recipient == Recipient.office("jiangsu")
    assert "2026年12月2日" in notice.body and "3 名学员" in notice.body


def test_a_returned_hold_application_carries_the_reason():
    [notice] = notices.hold_application_returned("e", owner_id="o", project_number="P-1", reason="日程缺少授课人")
    assert "日程缺少授课人" in notice.body and notice.title == "举办申请被退回修改"


def test_an_approved_registration_says_the_person_may_sign_in():
    [notice] = notices.account_decided("e", account_id="a-1", approved=True, name="张晓明")
    assert notice.link == "/me" and "可以登录" in notice.body


class TestAddresses:
    def test_a_learner_reads_their_account_and_their_id_number(self):
        me = Principal("acc-1", Role.LEARNER, id_number=ID, unit_id="u")
        assert addresses_of(me) == [Recipient.account("acc-1"), Recipient.learner(ID)]

    def test_a_unit_admin_reads_the_units_messages(self):
        me = Principal("acc-2", Role.UNIT_ADMIN, unit_id="u-1")
        assert Recipient.unit("u-1") in addresses_of(me)

    def test_the_provincial_office_reads_its_jurisdictions_messages(self):
        me = Principal("acc-3", Role.PROVINCIAL_OFFICE, jurisdiction="sichuan")
        assert Recipient.office("sichuan") in addresses_of(me)
