"""Who is told what when something happens: one function per kind of event, pure.

Each returns the notices to write, one per recipient, keyed by the event id so that a second
delivery of the same event writes nothing. Texts are Chinese and name the page where the
person acts; an ID number is always masked.
"""

from __future__ import annotations

from datetime import datetime

from cme_notifications.domain.model import Notice, beijing_date, credits_text, masked
from cme_notifications.domain.recipients import Recipient

DESK = "/me"  # every role's desk (工作台), where the person acts
MESSAGES = "/me/messages"
LEVEL_NAMES = {"unit": "单位", "district": "区县继教主管部门", "city": "地市继教主管部门", "province": "省继教办"}


def _key(event_id: str, recipient: Recipient) -> str:
    return f"{event_id}:{recipient.kind.value}:{recipient.key}"


def _notice(event_id: str, recipient: Recipient, category: str, title: str, body: str, link: str,
            jurisdiction: str | None = None) -> Notice:
    return Notice(_key(event_id, recipient), recipient, category, title, body, link, jurisdiction)


def hold_application_approved(event_id: str, *, owner_id: str, project_number: str, project_name: str,
                              session_id: str, jurisdiction: str) -> list[Notice]:
    """举办申请审核通过 → the owner, who can now fetch the QR codes."""
    body = (f"您申请举办的项目“{project_name}”（{project_number}）已由省继教办审核通过，"
            "可在工作台获取签到、签退二维码。活动结束后请在两周内上报执行情况。")
    return [_notice(event_id, Recipient.account(owner_id), "hold_application.approved", "举办申请已通过", body,
                    f"{DESK}#session-{session_id}", jurisdiction)]


def hold_application_returned(event_id: str, *, owner_id: str, project_number: str | None,
                              reason: str) -> list[Notice]:
    """举办申请退回修改 → the owner, with the office's reason."""
    project = f"（{project_number}）" if project_number else ""
    body = f"您的举办申请{project}被省继教办退回修改。退回原因：{reason}。请修改后重新提交。"
    return [_notice(event_id, Recipient.account(owner_id), "hold_application.returned", "举办申请被退回修改", body,
                    DESK)]


def execution_reported(event_id: str, *, jurisdiction: str, project_number: str, project_name: str,
                       attendees: int, submitted_at: datetime) -> list[Notice]:
    """执行情况已上报 → the provincial office, which grants the credits."""
    body = (f"项目“{project_name}”（{project_number}）已于{beijing_date(submitted_at)}上报执行情况，"
            f"共 {attendees} 名学员，请在两周内审核并授予学分。")
    return [_notice(event_id, Recipient.office(jurisdiction), "execution.reported", "执行情况待审核", body, DESK,
                    jurisdiction)]


def credit_approved(event_id: str, *, id_number: str, project_name: str, credit_class: str, credits: float,
                    year: int, jurisdiction: str) -> list[Notice]:
    """学分审核通过 → the learner."""
    body = (f"您（{masked(id_number)}）的学分“{project_name}”{credit_class}类 {credits_text(credits)} 分"
            f"已审核通过，计入 {year} 年度。电子证书生成后可在工作台下载。")
    return [_notice(event_id, Recipient.learner(id_number), "credit.approved", "学分已审核通过", body,
                    f"{DESK}?year={year}", jurisdiction)]


def credit_rejected(event_id: str, *, id_number: str, review_level: str, reason: str, project_name: str | None,
                    unit_id: str | None) -> list[Notice]:
    """学分被退回 (unit or city level: correct and submit again) or 审核不通过 (the province's final word).

    A return from above the unit also goes to the unit, which forwarded the credit and helps
    the learner correct it.
    """
    level = LEVEL_NAMES.get(review_level, review_level)
    what = f"“{project_name}”" if project_name else ""
    if review_level == "province":
        learner_title, category = "学分审核未通过", "credit.rejected"
        body = f"您（{masked(id_number)}）的学分{what}经{level}审核未通过。原因：{reason}。如有疑问请联系单位科教科。"
    else:
        learner_title, category = "学分被退回", "credit.returned"
        body = (f"您（{masked(id_number)}）的学分{what}被{level}退回。退回原因：{reason}。"
                "请在工作台用修改器更正后重新上报；更换附件须重新录入。")
    notices = [_notice(event_id, Recipient.learner(id_number), category, learner_title, body, DESK)]
    if unit_id and review_level not in ("unit", "province"):
        unit_body = f"本单位学员（{masked(id_number)}）的学分{what}被{level}退回。退回原因：{reason}。"
        notices.append(_notice(event_id, Recipient.unit(unit_id), category, "本单位学员学分被退回", unit_body, DESK))
    return notices


def credit_revoked(event_id: str, *, id_number: str, reason: str) -> list[Notice]:
    """已生效学分被撤销 → the learner."""
    body = f"您（{masked(id_number)}）的一条已生效学分被省继教办撤销。原因：{reason}。"
    return [_notice(event_id, Recipient.learner(id_number), "credit.revoked", "学分已撤销", body, DESK)]


def certificate_issued(event_id: str, *, id_number: str, certificate_number: str, issued_at: datetime) -> list[Notice]:
    """电子证书已签发 → the learner."""
    body = f"您的电子学分证书（编号 {certificate_number}）已于{beijing_date(issued_at)}签发，可在工作台下载或验证。"
    return [_notice(event_id, Recipient.learner(id_number), "certificate.issued", "电子证书已签发", body,
                    f"{DESK}#certificates")]


def certificate_revoked(event_id: str, *, id_number: str, certificate_number: str, reason: str) -> list[Notice]:
    """电子证书已撤销 → the learner."""
    body = f"您的电子学分证书（编号 {certificate_number}）已撤销。原因：{reason}。"
    return [_notice(event_id, Recipient.learner(id_number), "certificate.revoked", "电子证书已撤销", body,
                    f"{DESK}#certificates")]


def evidence_refused(event_id: str, *, owner_id: str, filename: str, reason: str) -> list[Notice]:
    """证明材料不予认可 → the person who uploaded it."""
    body = f"您上传的材料“{filename}”未被认可。原因：{reason}。请重新上传。"
    return [_notice(event_id, Recipient.account(owner_id), "evidence.refused", "证明材料未被认可", body, DESK)]


def account_decided(event_id: str, *, account_id: str, approved: bool, name: str) -> list[Notice]:
    """注册审核结果 → the person who registered (by SMS too: they cannot sign in before it)."""
    # The desk: signed in it is where the person works; signed out it leads to the sign-in page.
    if approved:
        title, body = "注册已通过", f"{name}，您的注册申请已由所属单位审核通过，现在可以登录。"
    else:
        title, body = "注册未通过", f"{name}，所属单位未通过您的注册申请，如有疑问请联系单位科教科。"
    category = "account.approved" if approved else "account.rejected"
    return [_notice(event_id, Recipient.account(account_id), category, title, body, DESK)]
