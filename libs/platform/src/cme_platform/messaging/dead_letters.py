"""`cme-dlt`: looking at and replaying a consumer's dead-letter topic (死信重放).

    cme-dlt list   --bootstrap kafka:9092 --consumer credits [--all]
    cme-dlt replay --bootstrap kafka:9092 --consumer credits [--event-id ID ...] [--position P:O ...]

A message lands in `cme.dlt.<consumer>` after its handler failed every retry; its headers
say why and where it came from. Once the cause is fixed (a deployment, a corrected
reference), `replay` sends each message back to the topic it came from, with its key, so it
goes to the same partition as the events of the same learner.

Replay takes the live dead letters only, and moves each one it handles out of the live set by
recording its position (partition:offset) on `cme.dlt.replayed`: a second replay does not
send it again. A message that still fails validation (not an envelope, an unknown type, a
payload that does not fit its schema) can never succeed, so it is skipped and reported, never
put back. Messages are chosen by event id or, for those without one, by position.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import dataclass

from aiokafka import ConsumerRecord
from pydantic import ValidationError

from cme_contracts import Envelope, parse_event
from cme_contracts.topics import REPLAYED, dead_letter_topic
from cme_platform.messaging.kafka import create_producer, ensure_topics, read_all


@dataclass(frozen=True)
class DeadLetter:
    """One parked message, where it is parked, and why."""

    partition: int
    offset: int
    topic: str
    key: bytes | None
    value: bytes
    reason: str
    event_id: str | None
    event_type: str | None

    @property
    def position(self) -> str:
        """Where it sits in the dead-letter topic: `partition:offset`."""
        return f"{self.partition}:{self.offset}"

    @classmethod
    def from_record(cls, record: ConsumerRecord) -> DeadLetter:
        """Read the dead-letter headers the consumer wrote."""
        headers = {k: v.decode(errors="replace") for k, v in record.headers or ()}
        event_id: str | None
        event_type: str | None
        try:
            envelope = Envelope.from_bytes(record.value)
            event_id, event_type = envelope.id, envelope.type
        except ValueError:
            event_id = event_type = None
        return cls(record.partition, record.offset, headers.get("dlt-topic", ""), record.key, record.value,
                   headers.get("dlt-reason", ""), event_id, event_type)

    def invalid(self) -> str | None:
        """Why this message can never be handled (it fails validation), or None if it might be."""
        if not self.topic:
            return "来源主题未知 (no dlt-topic header)"
        try:
            parse_event(Envelope.from_bytes(self.value))
        except (ValidationError, ValueError, KeyError) as error:
            return f"校验失败: {type(error).__name__}: {str(error)[:300]}"
        return None


@dataclass(frozen=True)
class ReplayReport:
    """What a replay sent back and what it skipped (with why)."""

    replayed: list[DeadLetter]
    skipped: list[tuple[DeadLetter, str]]


async def dead_letters(bootstrap: str, consumer: str, *, include_replayed: bool = False) -> list[DeadLetter]:
    """The consumer's dead letters, oldest first: the live ones, or all of them."""
    topic = dead_letter_topic(consumer)
    await ensure_topics(bootstrap, (topic, REPLAYED))
    letters = [DeadLetter.from_record(r) for r in await read_all(bootstrap, topic)]
    if include_replayed:
        return letters
    done = await _replayed_positions(bootstrap, topic)
    return [d for d in letters if d.position not in done]


async def _replayed_positions(bootstrap: str, topic: str) -> set[str]:
    positions = set()
    for record in await read_all(bootstrap, REPLAYED):
        mark = json.loads(record.value)
        if mark.get("topic") == topic:
            positions.add(f"{mark['partition']}:{mark['offset']}")
    return positions


def _chosen(letter: DeadLetter, event_ids: set[str] | None, positions: set[str] | None) -> bool:
    if not event_ids and not positions:
        return True
    return bool(event_ids and letter.event_id in event_ids) or bool(positions and letter.position in positions)


async def replay(bootstrap: str, consumer: str, event_ids: set[str] | None = None,
                 positions: set[str] | None = None) -> ReplayReport:
    """Send the chosen live dead letters back to their topics, skipping those that fail validation.

    Each handled one (sent or skipped) is marked on the replay log, so it leaves the live set.
    """
    chosen = [d for d in await dead_letters(bootstrap, consumer) if _chosen(d, event_ids, positions)]
    topic = dead_letter_topic(consumer)
    report = ReplayReport([], [])
    producer = create_producer(bootstrap, client_id=f"cme-dlt-{consumer}")
    await producer.start()
    try:
        for letter in chosen:
            problem = letter.invalid()
            if problem is None:
                origin = f"{topic}:{letter.position}".encode()
                await producer.send_and_wait(letter.topic, letter.value, key=letter.key,
                                             headers=[("dlt-replayed-from", origin)])
                report.replayed.append(letter)
            else:
                report.skipped.append((letter, problem))
            # Marked after the send: a crash in between replays it once more, which the inbox absorbs.
            mark = {"topic": topic, "partition": letter.partition, "offset": letter.offset,
                    "event_id": letter.event_id, "outcome": "replayed" if problem is None else "skipped",
                    "reason": problem}
            await producer.send_and_wait(REPLAYED, json.dumps(mark, ensure_ascii=False).encode(), key=topic.encode())
    finally:
        await producer.stop()
    return report


def _describe(letter: DeadLetter, **extra) -> str:
    return json.dumps({"position": letter.position, "topic": letter.topic, "event_id": letter.event_id,
                       "event_type": letter.event_type, "reason": letter.reason, **extra}, ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    """Entry point of `cme-dlt`."""
    root = argparse.ArgumentParser(prog="cme-dlt", description="查看与重放消费者的死信主题")
    root.add_argument("command", choices=("list", "replay"))
    root.add_argument("--bootstrap", required=True, help="Kafka 地址 host:port")
    root.add_argument("--consumer", required=True, help="消费者名（即服务名，如 credits）")
    root.add_argument("--event-id", action="append", help="只重放这些事件（可重复）")
    root.add_argument("--position", action="append", help="只重放死信主题中这些位置 分区:位点（可重复）")
    root.add_argument("--all", action="store_true", help="list 时也列出已重放或已跳过的")
    args = root.parse_args(argv)
    try:
        if args.command == "list":
            for letter in asyncio.run(dead_letters(args.bootstrap, args.consumer, include_replayed=args.all)):
                print(_describe(letter))
            return 0
        report = asyncio.run(replay(args.bootstrap, args.consumer, set(args.event_id or ()) or None,
                                    set(args.position or ()) or None))
    except (OSError, ConnectionError) as error:
        print(f"cme-dlt: {error}", file=sys.stderr)
        return 2
    for letter in report.replayed:
        print(_describe(letter, outcome="replayed"))
    for letter, problem in report.skipped:
        print(_describe(letter, outcome="skipped", skipped_because=problem))
    print(f"已重放 {len(report.replayed)} 条到原主题，跳过 {len(report.skipped)} 条无法通过校验的消息", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
