"""`cme-dlt`: looking at and replaying a consumer's dead-letter topic (死信重放).

    cme-dlt list   --bootstrap kafka:9092 --consumer credits
    cme-dlt replay --bootstrap kafka:9092 --consumer credits [--event-id ID ...]

A message lands in `cme.dlt.<consumer>` after its handler failed every retry; its headers
say why and where it came from. Once the cause is fixed (a deployment, a corrected
reference), `replay` sends each message back to the topic it came from, with its key, so it
goes to the same partition as the events of the same learner. Replaying is safe to repeat:
the consumer's inbox skips any event it has handled since.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import dataclass

from aiokafka import ConsumerRecord

from cme_contracts import Envelope
from cme_contracts.topics import dead_letter_topic
from cme_platform.messaging.kafka import create_producer, read_all


@dataclass(frozen=True)
class DeadLetter:
    """One parked message and why it was parked."""

    offset: int
    topic: str
    key: bytes | None
    value: bytes
    reason: str
    event_id: str | None
    event_type: str | None

    @classmethod
    def from_record(cls, record: ConsumerRecord) -> DeadLetter:
        """Read the dead-letter headers the consumer wrote."""
        headers = {k: v.decode(errors="replace") for k, v in record.headers or ()}
        try:
            envelope = Envelope.from_bytes(record.value)
            event_id, event_type = envelope.id, envelope.type
        except ValueError:
            event_id = event_type = None
        return cls(record.offset, headers.get("dlt-topic", ""), record.key, record.value,
                   headers.get("dlt-reason", ""), event_id, event_type)


async def dead_letters(bootstrap: str, consumer: str) -> list[DeadLetter]:
    """Everything in the consumer's dead-letter topic, oldest first."""
    return [DeadLetter.from_record(r) for r in await read_all(bootstrap, dead_letter_topic(consumer))]


async def replay(bootstrap: str, consumer: str, event_ids: set[str] | None = None) -> list[DeadLetter]:
    """Send dead letters (all, or those with the given event ids) back to their topics; returns them."""
    chosen = [d for d in await dead_letters(bootstrap, consumer)
              if d.topic and (not event_ids or d.event_id in event_ids)]
    producer = create_producer(bootstrap, client_id=f"cme-dlt-{consumer}")
    await producer.start()
    try:
        for letter in chosen:
            origin = f"{dead_letter_topic(consumer)}:{letter.offset}".encode()
            await producer.send_and_wait(letter.topic, letter.value, key=letter.key,
                                         headers=[("dlt-replayed-from", origin)])
    finally:
        await producer.stop()
    return chosen


def main(argv: list[str] | None = None) -> int:
    """Entry point of `cme-dlt`."""
    root = argparse.ArgumentParser(prog="cme-dlt", description="查看与重放消费者的死信主题")
    root.add_argument("command", choices=("list", "replay"))
    root.add_argument("--bootstrap", required=True, help="Kafka 地址 host:port")
    root.add_argument("--consumer", required=True, help="消费者名（即服务名，如 credits）")
    root.add_argument("--event-id", action="append", help="只重放这些事件（可重复）")
    args = root.parse_args(argv)
    try:
        if args.command == "list":
            letters = asyncio.run(dead_letters(args.bootstrap, args.consumer))
        else:
            letters = asyncio.run(replay(args.bootstrap, args.consumer, set(args.event_id or ()) or None))
    except (OSError, ConnectionError) as error:
        print(f"cme-dlt: {error}", file=sys.stderr)
        return 2
    for d in letters:
        print(json.dumps({"offset": d.offset, "topic": d.topic, "event_id": d.event_id, "event_type": d.event_type,
                          "reason": d.reason}, ensure_ascii=False))
    if args.command == "replay":
        print(f"已重放 {len(letters)} 条到原主题", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
