"""`cme-topics`: create or check the platform's topics as the CME_KAFKA_* settings say (主题管理).

    cme-topics create   # the deploy step (Kubernetes Job, compose one-shot) and `make dev`
    cme-topics check    # exit 1 with one line per topic that is missing or mis-partitioned

Reads CME_KAFKA_BOOTSTRAP_SERVERS, CME_KAFKA_PARTITIONS, CME_KAFKA_REPLICATION_FACTOR,
CME_KAFKA_MIN_INSYNC_REPLICAS, CME_KAFKA_RETENTION_MS and CME_KAFKA_AUDIT_RETENTION_MS.
Creating is idempotent; an existing topic is never changed (re-partitioning is an operator's
decision), only reported by `check`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from cme_platform.messaging import topic_admin
from cme_platform.messaging.kafka import wait_for_broker
from cme_platform.settings import KafkaSettings, load_settings

BROKER_WAIT_SECONDS = 120


async def _run(command: str, settings: KafkaSettings) -> list[str]:
    await wait_for_broker(settings.kafka_bootstrap_servers, BROKER_WAIT_SECONDS)
    wanted = topic_admin.specs(settings)
    if command == "create":
        for name in await topic_admin.create_missing(settings.kafka_bootstrap_servers, wanted):
            print(f"已创建主题 {name}")
    return await topic_admin.problems(settings.kafka_bootstrap_servers, wanted)


def main(argv: list[str] | None = None) -> int:
    """Entry point of `cme-topics`."""
    parser = argparse.ArgumentParser(prog="cme-topics", description="按配置创建或检查平台的 Kafka 主题")
    parser.add_argument("command", choices=("create", "check"))
    args = parser.parse_args(argv)
    settings = load_settings(KafkaSettings)
    try:
        wrong = asyncio.run(_run(args.command, settings))
    except ConnectionError as error:
        print(f"cme-topics: {error}", file=sys.stderr)
        return 2
    for problem in wrong:
        print(f"cme-topics: {problem}", file=sys.stderr)
    if not wrong:
        print(f"{len(topic_admin.platform_topics())} 个主题均符合配置")
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
