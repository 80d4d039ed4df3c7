"""Scans accepted, duplicate and refused are counted on /metrics by reason, once committed."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from prometheus_client import REGISTRY

from cme_platform.auth import Role
from cme_platform.testing.tokens import auth_header

DEVICE = auth_header(Role.DEVICE, account_id="device-metrics")


def scans(outcome: str, reason: str = "") -> float:
    return REGISTRY.get_sample_value("cme_scans_total", {"outcome": outcome, "reason": reason}) or 0.0


async def test_scans_are_counted_by_outcome_and_reason(make, service):
    app, client = service
    day = date.today() - timedelta(days=2)
    event = make.approval(start=make.at(day, 8))
    await make.add_session(app, event)
    person = make.id_number(3)
    records = [{"session_id": event.session_id, "device_id": "dev-m", "nonce": uuid.uuid4().hex, "id_number": person,
                "name": "刷卡学员", "direction": d, "scanned_at": make.at(day, h).isoformat()}
               for d, h in (("in", 8), ("out", 16), ("in", 23))]
    before = (scans("accepted"), scans("duplicate", "scan.duplicate_upload"), scans("refused", "scan.outside_window"))

    for _ in range(2):
        answer = await client.post("/api/attendance/scan-batches", json={"records": records}, headers=DEVICE)
        assert answer.status_code < 300, answer.text
    after = (scans("accepted"), scans("duplicate", "scan.duplicate_upload"), scans("refused", "scan.outside_window"))
    assert [a - b for a, b in zip(after, before, strict=True)] == [2, 2, 2]

    metrics = (await client.get("/metrics")).text
    assert 'cme_scans_total{outcome="refused",reason="scan.outside_window"}' in metrics
