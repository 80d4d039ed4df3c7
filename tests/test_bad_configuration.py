"""A service with bad configuration stops with one line saying what to fix, not a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cme_platform.messaging import ensure_topics
from cme_platform.messaging.topic_admin import platform_topics
from cme_platform.testing.services import migrated_database

COMMAND = str(Path(sys.executable).parent / "cme-projects")


def run_service(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CME_")}
    return subprocess.run([COMMAND], env=clean | env, capture_output=True, text=True, timeout=60)


def assert_one_clear_line(result: subprocess.CompletedProcess, *needles: str) -> None:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_missing_settings_are_named():
    result = run_service({})
    assert result.returncode == 2
    assert_one_clear_line(result, "CME_DATABASE_URL", "CME_KAFKA_BOOTSTRAP_SERVERS", "missing")


@pytest.mark.parametrize(("name", "value"), [
    ("CME_DATABASE_URL", "mysql://nope"),
    ("CME_KAFKA_BOOTSTRAP_SERVERS", "no-port-here"),
    ("CME_HTTP_PORT", "eighty"),
])
def test_malformed_setting_is_named(name, value):
    env = {"CME_DATABASE_URL": "postgresql+asyncpg://u@127.0.0.1:1/db", "CME_KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1"}
    result = run_service(env | {name: value})
    assert result.returncode == 2
    assert_one_clear_line(result, name)


def test_a_typo_in_a_jurisdictions_rules_stops_the_service_naming_the_file_and_the_key(tmp_path: Path):
    (tmp_path / "hainan.toml").write_text('id = "hainan"\nname = "海南省"\nlevel = "province"\nparent = "national"\n'
                                          '[projects]\nmin_lead_dayz = 14\n', encoding="utf-8")
    env = {"CME_DATABASE_URL": "postgresql+asyncpg://u@127.0.0.1:1/db", "CME_KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1",
           "CME_JURISDICTIONS_DIRS": str(tmp_path)}
    result = run_service(env)
    assert result.returncode == 2
    assert_one_clear_line(result, "hainan.toml", "[projects]", "min_lead_dayz")


async def test_unreachable_broker_stops_the_service_with_the_reason(infra):
    url = await migrated_database(infra, "cme_projects")
    result = run_service({
        "CME_DATABASE_URL": url, "CME_KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1", "CME_STARTUP_TIMEOUT_SECONDS": "2",
    })
    assert result.returncode == 1
    assert_one_clear_line(result, "Kafka broker at 127.0.0.1:1", "did not answer")


async def test_topics_not_as_configured_stop_the_service_with_the_reason(infra):
    url = await migrated_database(infra, "cme_projects")
    await ensure_topics(infra.kafka_bootstrap, platform_topics())
    result = run_service({
        "CME_DATABASE_URL": url, "CME_KAFKA_BOOTSTRAP_SERVERS": infra.kafka_bootstrap,
        "CME_KAFKA_PARTITIONS": "5", "CME_KAFKA_CREATE_TOPICS": "false", "CME_STARTUP_TIMEOUT_SECONDS": "5",
    })
    assert result.returncode == 1
    assert_one_clear_line(result, "cme-topics create", "cme.credits.events 有 6 个分区，应为 5")
