"""Verifying a replayed audit stream (审计流校验): signatures, hashes and each service's chain.

Records of one service arrive in chain order (one partition per service). The verifier
walks them in stream order and names every record that was altered (its hash or signature
does not match its content), removed (a sequence number never arrives), or reordered (a
record arrives after one that follows it in the chain). A record delivered twice unchanged
is the transport's at-least-once delivery, counted but not a finding.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cme_platform.audit.keys import Keyring
from cme_platform.audit.record import FORMAT, GENESIS_HASH, RECORD_TYPE, body_of, record_hash, signature_valid

ALTERED, REMOVED, REORDERED, UNKNOWN_KEY, BROKEN_LINK, MALFORMED = (
    "altered", "removed", "reordered", "unknown_key", "broken_link", "malformed")


@dataclass(frozen=True)
class Finding:
    """One problem, naming the record by service, sequence number and stream position."""

    kind: str
    service: str | None
    sequence: int | None
    position: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.service} #{self.sequence}" if self.service else "?"
        at = f" (位置 {self.position})" if self.position else ""
        return f"[{self.kind}] {where}{at}: {self.message}"


@dataclass
class _Chain:
    """What has been seen of one service's chain."""

    hashes: dict[int, str] = field(default_factory=dict)
    links: dict[int, str] = field(default_factory=dict)
    altered: set[int] = field(default_factory=set)
    highest: int = 0


@dataclass
class Report:
    """The outcome of a verification."""

    records: int = 0
    duplicates: int = 0
    findings: list[Finding] = field(default_factory=list)
    heads: dict[str, int] = field(default_factory=dict)

    @property
    def intact(self) -> bool:
        """True when nothing was altered, removed or reordered."""
        return not self.findings


def record_of(message: dict[str, Any]) -> dict[str, Any]:
    """The audit record in a message: the envelope's `data`, or the message itself."""
    if message.get("type") == RECORD_TYPE and isinstance(message.get("data"), dict):
        return message["data"]
    return message


def verify(messages: Iterable[tuple[str, dict[str, Any]]], keyring: Keyring) -> Report:
    """Check every (position, message) in stream order; returns the report with all findings."""
    report, chains = Report(), dict[str, _Chain]()
    for position, message in messages:
        report.records += 1
        _check(record_of(message), position, keyring, report, chains)
    for service, chain in chains.items():
        missing = sorted(set(range(1, chain.highest + 1)) - set(chain.hashes))
        for sequence in missing:
            gap = f"第 {sequence} 条记录缺失（在 #{sequence - 1} 与 #{sequence + 1} 之间被删除）"
            report.findings.append(Finding(REMOVED, service, sequence, None, gap))
        report.heads[service] = chain.highest
    return report


def _check(record: dict[str, Any], position: str, keyring: Keyring, report: Report, chains: dict[str, _Chain]) -> None:
    service, sequence = record.get("service"), record.get("sequence")
    if record.get("format") != FORMAT or not isinstance(service, str) or not isinstance(sequence, int):
        report.findings.append(Finding(MALFORMED, None, None, position, "不是审计记录（格式不符）"))
        return
    chain = chains.setdefault(service, _Chain())
    claimed = str(record.get("hash", ""))
    if sequence in chain.hashes:
        if chain.hashes[sequence] == claimed and record_hash(body_of(record)) == claimed:
            report.duplicates += 1
            return
        report.findings.append(Finding(ALTERED, service, sequence, position, "同一序号出现了内容不同的两条记录"))
        return

    def note(kind: str, message: str) -> None:
        report.findings.append(Finding(kind, service, sequence, position, message))

    if record_hash(body_of(record)) != claimed:
        note(ALTERED, "内容与其哈希不符（记录被修改）")
        chain.altered.add(sequence)
    else:
        key = keyring.get(service, str(record.get("key_id")))
        if key is None:
            note(UNKNOWN_KEY, f"签名密钥 {record.get('key_id')} 不在 {service} 的可信公钥中")
        elif not signature_valid(record, key):
            note(ALTERED, "签名无效（记录被修改后重新计算了哈希）")
            chain.altered.add(sequence)
    if sequence < chain.highest:
        note(REORDERED, f"顺序错乱：#{sequence} 出现在 #{chain.highest} 之后")
    chain.hashes[sequence] = claimed
    chain.highest = max(chain.highest, sequence)
    _check_links(record, service, sequence, chain, note)


def _check_links(record: dict[str, Any], service: str, sequence: int, chain: _Chain, note) -> None:
    """The record's previous_hash against its predecessor; for a late record, its successor's too."""
    chain.links[sequence] = str(record.get("previous_hash"))
    previous = GENESIS_HASH if sequence == 1 else chain.hashes.get(sequence - 1)
    if previous is not None and chain.links[sequence] != previous and sequence - 1 not in chain.altered:
        note(BROKEN_LINK, f"previous_hash 与 #{sequence - 1} 的哈希不符（中间有记录被替换或插入）")
    after = chain.links.get(sequence + 1)
    if after is not None and after != chain.hashes[sequence] and sequence not in chain.altered:
        note(BROKEN_LINK, f"#{sequence + 1} 的 previous_hash 与本记录的哈希不符")
