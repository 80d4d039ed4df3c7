"""Topics take their shape from settings, `cme-topics` creates and checks them, and a service
refuses to start on topics that are not as configured."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from cme_contracts import topics
from cme_platform.messaging import topic_admin
from cme_platform.messaging.topic_admin import TopicSpec
from cme_platform.messaging.topics_cli import main as cme_topics
from cme_platform.settings import KafkaSettings, load_settings


def settings(**values) -> KafkaSettings:
    return KafkaSettings(kafka_bootstrap_servers="127.0.0.1:9092", **values)


def test_partitions_replicas_and_retention_come_from_settings():
    chosen = settings(kafka_partitions=12, kafka_replication_factor=3, kafka_min_insync_replicas=2,
                      kafka_retention_ms=86_400_000)
    spec = topic_admin.spec_for(topics.CREDITS, chosen)
    assert (spec.partitions, spec.replication_factor) == (12, 3)
    assert spec.config == {"min.insync.replicas": "2", "retention.ms": "86400000"}


def test_the_audit_stream_is_kept_forever_by_default():
    assert topic_admin.spec_for(topics.AUDIT, settings()).config["retention.ms"] == "-1"
    assert topic_admin.spec_for(topics.CREDITS, settings()).config["retention.ms"] != "-1"


def test_every_dead_letter_topic_and_the_replay_log_are_platform_topics():
    names = topic_admin.platform_topics()
    assert {"cme.dlt.credits", "cme.dlt.certificates", "cme.dlt.evidence", topics.REPLAYED} <= set(names)
    assert set(topics.ALL) <= set(names)


def test_more_insync_replicas_than_copies_is_refused_in_one_line(monkeypatch, capsys):
    monkeypatch.setenv("CME_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
    monkeypatch.setenv("CME_KAFKA_REPLICATION_FACTOR", "1")
    monkeypatch.setenv("CME_KAFKA_MIN_INSYNC_REPLICAS", "2")
    with pytest.raises(SystemExit):
        load_settings(KafkaSettings)
    assert "CME_KAFKA_MIN_INSYNC_REPLICAS must not exceed CME_KAFKA_REPLICATION_FACTOR" in capsys.readouterr().err


async def test_a_mis_partitioned_or_missing_topic_is_named(infra):
    run = uuid.uuid4().hex[:6]
    await topic_admin.create_missing(infra.kafka_bootstrap, [TopicSpec(f"cme.test.few.{run}", 2)])
    wrong = await topic_admin.problems(infra.kafka_bootstrap, [
        TopicSpec(f"cme.test.few.{run}", 6), TopicSpec(f"cme.test.absent.{run}", 6)])
    assert wrong == [f"cme.test.absent.{run} 不存在 (missing)", f"cme.test.few.{run} 有 2 个分区，应为 6 (partitions)"]


async def test_cme_topics_creates_every_platform_topic_then_finds_nothing_wrong(infra, monkeypatch, capsys):
    monkeypatch.setenv("CME_KAFKA_BOOTSTRAP_SERVERS", infra.kafka_bootstrap)
    assert await asyncio.to_thread(cme_topics, ["create"]) == 0
    assert await asyncio.to_thread(cme_topics, ["check"]) == 0
    assert "均符合配置" in capsys.readouterr().out
    monkeypatch.setenv("CME_KAFKA_PARTITIONS", "5")
    assert await asyncio.to_thread(cme_topics, ["check"]) == 1
    assert "应为 5" in capsys.readouterr().err
