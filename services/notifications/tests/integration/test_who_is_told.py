"""Each event reaches the address its message is for, through the real broker: the learner by
ID number, the office by jurisdiction, the uploader and the registrant by account."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from cme_contracts.events import (
    AccountRejected,
    CertificateIssued,
    CertificateRevoked,
    CreditRevoked,
    EvidenceRefused,
    ExecutionReported,
)
from cme_platform.testing.services import eventually

NOW = datetime(2026, 12, 1, 20, 30, tzinfo=UTC)  # 2 December in Beijing


def _cases(tag: str, jurisdiction: str) -> list[tuple[object, str, str, str]]:
    person = f"5101{uuid.uuid4().int % 10**13:013d}X"
    account = f"acc-{tag}-{uuid.uuid4().hex[:6]}"
    return [
        (CertificateIssued(certificate_id="c-1", certificate_number="SC202600000123", credit_id="cr-1",
                           id_number=person, issued_at=NOW, verify_url="https://x/verify"),
         "learner", person, "2026年12月2日签发"),
        (CertificateRevoked(certificate_id="c-1", certificate_number="SC202600000123", credit_id="cr-1",
                            id_number=person, reason="学分更正", revoked_at=NOW), "learner", person, "学分更正"),
        (CreditRevoked(credit_id="cr-1", id_number=person, reason="抽查不合格", revoked_by="office", revoked_at=NOW),
         "learner", person, "抽查不合格"),
        (ExecutionReported(report_id="r", session_id="s", project_id="p", project_number="P-1",
                           project_name="护理学进展", jurisdiction=jurisdiction, level="provincial",
                           credit_class="II", credits=1, start_date=date(2026, 11, 30), end_date=date(2026, 11, 30),
                           unit_id="u", submitted_by="admin", submitted_at=NOW, attendees=[]),
         "office", jurisdiction, "请在两周内审核"),
        (EvidenceRefused(evidence_id="e-1", owner_id=account, kind="credit_proof", filename="证明.pdf",
                         reason="扫描件不清晰", refused_by="unit-admin", refused_at=NOW),
         "account", account, "扫描件不清晰"),
        (AccountRejected(account_id=account, role="learner", name="赵六", decided_by="admin", decided_at=NOW),
         "account", account, "未通过您的注册申请"),
    ]


NAMES = [type(case[0]).__name__ for case in _cases("names", "sichuan")]


@pytest.mark.parametrize("index", range(len(NAMES)), ids=NAMES)
async def test_the_event_reaches_its_recipient_in_chinese(service, new_province, index):
    event, kind, key, expected = _cases(str(index), new_province())[index]  # fresh addresses for each test
    await service.deliver(event)

    async def told():
        return [m for m in await service.messages_to(kind, key) if expected in m.body]

    [message] = await eventually(told)
    assert message.link.startswith("/")
    assert kind != "learner" or key not in message.body  # ID numbers are masked
