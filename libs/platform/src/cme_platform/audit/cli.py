"""`cme-audit`: the regulators' tool for the audit stream (审计流校验工具).

    cme-audit verify --keys keyring.json --bootstrap kafka:9092 [--topic cme.audit]
    cme-audit verify --keys keyring.json --file audit.jsonl
    cme-audit export --bootstrap kafka:9092 > audit.jsonl
    cme-audit keygen --private-key credits-audit.pem      (prints the public key)

`verify` exits 0 when the stream is intact, 1 naming each record that was altered,
removed or reordered, 2 on a usage or connection error.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cme_contracts import topics
from cme_platform.audit.keys import Keyring, private_pem, public_pem
from cme_platform.audit.replay import read_topic
from cme_platform.audit.verify import Report, record_of, verify


def read_jsonl(path: Path) -> Iterator[tuple[str, dict]]:
    """(line number, message) for each non-empty line of a JSONL file."""
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                yield f"第{number}行", json.loads(line)


def print_report(report: Report, as_json: bool) -> None:
    """The verdict for a person, or as JSON for a script."""
    if as_json:
        print(json.dumps({
            "intact": report.intact, "records": report.records, "duplicates": report.duplicates, "heads": report.heads,
            "findings": [vars(f) for f in report.findings],
        }, ensure_ascii=False, indent=2))
        return
    for finding in report.findings:
        print(finding)
    heads = ", ".join(f"{s} #{n}" for s, n in sorted(report.heads.items())) or "无"
    verdict = "完整：全部签名与哈希链校验通过" if report.intact else f"发现 {len(report.findings)} 处问题"
    print(f"{verdict}（共 {report.records} 条，重复投递 {report.duplicates} 条；各服务链尾：{heads}）")


def _verify(args: argparse.Namespace) -> int:
    keyring = Keyring.load(args.keys)
    if args.file:
        messages = list(read_jsonl(args.file))
    else:
        messages = asyncio.run(read_topic(args.bootstrap, args.topic))
    if args.service:
        messages = [(at, m) for at, m in messages if record_of(m).get("service") in args.service]
    report = verify(messages, keyring)
    print_report(report, args.json)
    return 0 if report.intact else 1


def _export(args: argparse.Namespace) -> int:
    for _, message in asyncio.run(read_topic(args.bootstrap, args.topic)):
        print(json.dumps(message, ensure_ascii=False))
    return 0


def _keygen(args: argparse.Namespace) -> int:
    key = Ed25519PrivateKey.generate()
    args.private_key.write_text(private_pem(key), encoding="utf-8")
    args.private_key.chmod(0o600)
    print(public_pem(key.public_key()), end="")
    return 0


def parser() -> argparse.ArgumentParser:
    """The command line."""
    root = argparse.ArgumentParser(prog="cme-audit", description="校验 CME 平台的审计流（签名与哈希链）")
    commands = root.add_subparsers(dest="command", required=True)
    check = commands.add_parser("verify", help="重放审计主题或 JSONL 文件并校验")
    check.add_argument("--keys", type=Path, required=True, help='公钥环 JSON：{"服务名": ["PEM", ...]}')
    source = check.add_mutually_exclusive_group(required=True)
    source.add_argument("--bootstrap", help="Kafka 地址 host:port")
    source.add_argument("--file", type=Path, help="每行一条记录的 JSONL 文件")
    check.add_argument("--topic", default=topics.AUDIT)
    check.add_argument("--service", action="append", help="只校验这些服务的链（可重复）")
    check.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    check.set_defaults(run=_verify)
    export = commands.add_parser("export", help="把审计主题导出为 JSONL（存档）")
    export.add_argument("--bootstrap", required=True)
    export.add_argument("--topic", default=topics.AUDIT)
    export.set_defaults(run=_export)
    keygen = commands.add_parser("keygen", help="生成服务的审计签名密钥对")
    keygen.add_argument("--private-key", type=Path, required=True, help="私钥写入的文件（CME_AUDIT_SIGNING_KEY）")
    keygen.set_defaults(run=_keygen)
    return root


def main(argv: list[str] | None = None) -> int:
    """Entry point of `cme-audit`."""
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except (OSError, ValueError, ConnectionError) as error:
        print(f"cme-audit: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
