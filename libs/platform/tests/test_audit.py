"""The audit stream: every record signed and chained; the verifier names what was tampered with."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from cme_contracts import topics
from cme_contracts.events import CreditClass, ProjectLevel, ProjectPublished
from cme_platform import context
from cme_platform.audit import AuditEntry, AuditSigner, Keyring
from cme_platform.audit.chain import link
from cme_platform.audit.cli import main as cme_audit
from cme_platform.audit.keys import public_pem
from cme_platform.audit.record import record_hash
from cme_platform.audit.relay import AuditRelay
from cme_platform.audit.sealer import AuditSealer
from cme_platform.audit.verify import ALTERED, REMOVED, REORDERED, UNKNOWN_KEY, verify
from cme_platform.db import UnitOfWork, outbox
from cme_platform.messaging import create_producer, ensure_topics
from cme_platform.messaging.kafka import read_all
from cme_platform.testing.services import platform_database

SIGNER = AuditSigner(Ed25519PrivateKey.generate())


def keyring(*signers: AuditSigner, service: str = "credits") -> Keyring:
    ring = Keyring()
    for signer in signers:
        ring.add(service, signer.private_key.public_key())
    return ring


def stream(count: int = 6, signer: AuditSigner = SIGNER, **link_args) -> list[dict]:
    entries = [AuditEntry(action="cme.credits.CreditGranted.v1", subject=f"credit-{i}", actor="acct-9",
                          details={"credits": 2, "learner": "张三"}) for i in range(count)]
    return link("credits", signer, entries, **link_args)


def positioned(records: list[dict]) -> list[tuple[str, dict]]:
    return [(f"0:{offset}", record) for offset, record in enumerate(records)]


def findings(records: list[dict], ring: Keyring | None = None) -> list[tuple[str, int]]:
    report = verify(positioned(records), ring or keyring(SIGNER))
    return [(f.kind, f.sequence) for f in report.findings]


class TestVerifier:
    def test_an_intact_stream_is_accepted(self):
        report = verify(positioned(stream()), keyring(SIGNER))
        assert report.intact and report.records == 6 and report.heads == {"credits": 6}

    def test_an_altered_record_is_named_by_its_sequence(self):
        records = stream()
        records[2] = {**records[2], "details": {"credits": 20, "learner": "张三"}}
        assert findings(records) == [(ALTERED, 3)]

    def test_an_altered_record_whose_hash_was_recomputed_fails_its_signature(self):
        records = stream()
        forged = {**records[2], "actor": "acct-evil"}
        forged["hash"] = record_hash({k: v for k, v in forged.items() if k not in ("hash", "signature")})
        records[2] = forged
        assert findings(records) == [(ALTERED, 3)], "the successor's broken link is a consequence, not news"

    def test_a_removed_record_is_named_by_its_sequence(self):
        records = stream()
        del records[2]
        assert findings(records) == [(REMOVED, 3)]

    def test_two_swapped_records_are_named_together(self):
        records = stream()
        records[2], records[3] = records[3], records[2]
        report = verify(positioned(records), keyring(SIGNER))
        assert [(f.kind, f.sequence, f.position) for f in report.findings] == [(REORDERED, 3, "0:3")]
        assert "#4" in report.findings[0].message

    def test_a_record_delivered_twice_unchanged_is_counted_not_reported(self):
        records = stream()
        report = verify(positioned([*records[:3], records[2], *records[3:]]), keyring(SIGNER))
        assert report.intact and report.duplicates == 1

    def test_a_chain_continues_across_a_key_rotation_when_the_keyring_holds_both_keys(self):
        rotated = AuditSigner(Ed25519PrivateKey.generate())
        first = stream(3)
        records = first + stream(3, rotated, after=3, head=first[-1]["hash"])
        assert findings(records, keyring(SIGNER, rotated)) == []
        assert findings(records, keyring(rotated)) == [(UNKNOWN_KEY, 1), (UNKNOWN_KEY, 2), (UNKNOWN_KEY, 3)]


    def test_each_service_chain_is_checked_on_its_own_in_an_interleaved_stream(self):
        other = AuditSigner(Ed25519PrivateKey.generate())
        entries = [AuditEntry(action="cme.certificates.CertificateIssued.v1", subject=f"cert-{i}") for i in range(4)]
        certificates = link("certificates", other, entries)
        certificates[1] = {**certificates[1], "subject": "cert-x"}
        mixed = [record for pair in zip(stream(4), certificates, strict=True) for record in pair]
        ring = keyring(SIGNER)
        ring.add("certificates", other.private_key.public_key())
        report = verify(positioned(mixed), ring)
        assert [(f.kind, f.service, f.sequence) for f in report.findings] == [(ALTERED, "certificates", 2)]


class TestCommandLine:
    @pytest.fixture
    def files(self, tmp_path):
        keys = tmp_path / "keys.json"
        keys.write_text(json.dumps({"credits": [SIGNER.public_pem()]}))
        return keys, tmp_path / "audit.jsonl"

    def test_verify_exits_zero_for_an_intact_file(self, files, capsys):
        keys, path = files
        path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in stream()), encoding="utf-8")
        assert cme_audit(["verify", "--keys", str(keys), "--file", str(path)]) == 0
        assert "完整" in capsys.readouterr().out

    def test_verify_exits_one_and_prints_the_altered_line(self, files, capsys):
        keys, path = files
        records = stream()
        records[4]["subject"] = "credit-x"
        path.write_text("\n".join(json.dumps(r) for r in records))
        assert cme_audit(["verify", "--keys", str(keys), "--file", str(path), "--json"]) == 1
        out = json.loads(capsys.readouterr().out)
        assert [(f["kind"], f["sequence"], f["position"]) for f in out["findings"]] == [(ALTERED, 5, "第5行")]


@pytest.fixture
async def audited_db(infra):
    """A fresh database with the platform tables (outbox, inbox, audit chain)."""
    async with platform_database(infra, "audit") as sessions:
        yield sessions


def published(project_id: str) -> ProjectPublished:
    return ProjectPublished(
        project_id=project_id, number="2021-03-05-129（国）", number_normalized="2021-03-05-129(国)",
        name="测试项目", level=ProjectLevel.NATIONAL, credit_class=CreditClass.I, credits=4,
        jurisdiction="jiangsu", year=2021,
    )


async def test_concurrent_writers_of_one_service_build_one_signed_chain_that_the_tool_verifies_from_kafka(
        infra, audited_db, tmp_path, capsys):
    service = f"audit-test-{uuid.uuid4().hex[:8]}"

    async def approve(n: int) -> None:
        trace = context.use(context.TraceContext(traceparent=f"00-{n:032x}-{n:016x}-01"))
        token = context.act_as(f"acct-{n}", "provincial_office")
        try:
            uow = UnitOfWork(audited_db, service)
            async with uow:
                await uow.publish(published(f"p-{n}"))
                await uow.audit("scan.refused", subject=f"scan-{n}", details={"reason": "不在签到时间内"})
                await uow.commit()
        finally:
            context.reset(token)
            context.reset(trace)

    # Replicas of one service write at once; the sealer chains what they stored in one line.
    await asyncio.gather(*(approve(n) for n in range(12)))
    assert await AuditSealer(audited_db, service=service, signer=SIGNER, batch_size=10).seal_once() == 10
    assert await AuditSealer(audited_db, service=service, signer=SIGNER).seal_once() == 14
    async with audited_db() as s:
        payloads = (await s.execute(select(outbox.c.payload).where(outbox.c.event_type == "cme.audit.AuditRecord.v1")
                                    .order_by(outbox.c.created_at))).scalars().all()
    records = [json.loads(p)["data"] for p in payloads]
    assert [r["sequence"] for r in records] == list(range(1, 25))
    assert verify(positioned(records), keyring(SIGNER, service=service)).intact
    granted = [r for r in records if r["action"] == ProjectPublished.type_name()]
    assert len(granted) == 12 and all(r["actor_role"] == "provincial_office" for r in granted)
    assert {r["actor"] for r in granted} == {f"acct-{n}" for n in range(12)}

    await ensure_topics(infra.kafka_bootstrap)
    producer = create_producer(infra.kafka_bootstrap, client_id="audit-test")
    await producer.start()
    try:
        assert await AuditRelay(audited_db, producer, service=service).relay_once() == 24
    finally:
        await producer.stop()
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps({service: [public_pem(SIGNER.private_key.public_key())]}))
    code = await asyncio.to_thread(cme_audit, ["verify", "--keys", str(keys), "--bootstrap", infra.kafka_bootstrap,
                                               "--service", service])
    out = capsys.readouterr().out
    assert code == 0, out
    assert f"{service} #24" in out
    mine = [r for r in await read_all(infra.kafka_bootstrap, topics.AUDIT) if r.key == service.encode()]
    assert [json.loads(r.value)["data"]["sequence"] for r in mine] == list(range(1, 25)), "published in chain order"
    assert all(dict(r.headers)["traceparent"].decode() == json.loads(r.value)["traceparent"] for r in mine)


async def test_a_rolled_back_change_leaves_no_audit_record_and_the_chain_continues_without_a_gap(audited_db):
    service = f"audit-test-{uuid.uuid4().hex[:8]}"
    for commit in (True, False, True):
        uow = UnitOfWork(audited_db, service)
        async with uow:
            await uow.audit("credit.rejected", subject="credit-1", actor="acct-reviewer",
                            details={"reason": "材料不全"})
            if commit:
                await uow.commit()
    await AuditSealer(audited_db, service=service, signer=SIGNER).seal_once()
    async with audited_db() as s:
        payloads = (await s.execute(select(outbox.c.payload).order_by(outbox.c.created_at))).scalars().all()
    records = [json.loads(p)["data"] for p in payloads]
    assert [r["sequence"] for r in records] == [1, 2]
    assert records[0]["actor"] == "acct-reviewer" and records[0]["actor_role"] is None
    assert verify(positioned(records), keyring(SIGNER, service=service)).intact
