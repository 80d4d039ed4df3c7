"""What a hold application needs before it is submitted (上报): its files, and the jurisdiction's lead time."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from cme_platform.errors import DomainError
from cme_projects.domain.rules import ATTACHMENT_NAMES, RuleSet

if TYPE_CHECKING:  # the application's own types; it calls these checks when it is submitted
    from cme_projects.domain.hold_application import Plan, StoredFile


def check_attachments(plan: Plan, rules: RuleSet, files: dict[str, StoredFile], *, owner_id: str) -> None:
    """Every required file is referenced, stored by the evidence service, of its kind,
    the owner's own, and within the size limit (附件最大50M)."""
    for kind in rules.required_attachments:
        name = ATTACHMENT_NAMES.get(kind, kind)
        evidence_id = plan.attachments.get(kind)
        if not evidence_id:
            raise DomainError("hold_application.attachment_missing", f"请先上传{name}", kind=kind)
        stored = files.get(evidence_id)
        if stored is None:
            raise DomainError(
                "hold_application.attachment_not_stored",
                # The projects service hears of a stored file over the broker, a moment after the upload.
                f"{name}尚未登记完成：如刚刚上传，请稍候几秒再提交；否则请重新上传",
                kind=kind,
                evidence_id=evidence_id,
            )
        if stored.kind != kind or stored.owner_id != owner_id:
            raise DomainError("hold_application.attachment_mismatch", f"所附文件不是申请人上传的{name}",
                              kind=kind, evidence_id=evidence_id)
        if stored.size > rules.max_attachment_bytes:
            limit = rules.max_attachment_bytes // (1024 * 1024)
            raise DomainError("hold_application.attachment_too_large", f"{name}超过 {limit}M 的大小限制",
                              kind=kind, size=stored.size, limit=rules.max_attachment_bytes)


def check_lead_time(plan: Plan, rules: RuleSet, at: datetime) -> None:
    """Refuse a submission later than the jurisdiction allows, naming when it was due."""
    first = min(plan.days, key=lambda d: d.day)
    due = datetime.combine(first.day, first.starts, rules.zone) - timedelta(days=rules.min_lead_days)
    if at > due:
        when = due.strftime("%Y-%m-%d %H:%M")
        rule = f"须在举办前{rules.min_lead_days}天提交" if rules.min_lead_days else "须在举办开始前提交"
        raise DomainError(
            "hold_application.too_late",
            f"{rules.name}规定举办申请{rule}，本次应于 {when} 前提交，已逾期",
            due=due.isoformat(),
            min_lead_days=rules.min_lead_days,
        )
