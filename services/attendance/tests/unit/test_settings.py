"""The attendance service refuses to start without its signing key and Redis."""

import pytest
from pydantic import ValidationError

from cme_attendance.config import AttendanceSettings
from cme_platform.settings import describe_error

BASE = {"database_url": "postgresql+asyncpg://u:p@127.0.0.1:5432/cme_attendance",
        "kafka_bootstrap_servers": "127.0.0.1:9092"}


def test_the_qr_signing_key_and_redis_are_required(monkeypatch):
    for name in ("CME_QR_SIGNING_KEY", "CME_REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ValidationError) as error:
        AttendanceSettings(**BASE)
    message = describe_error(error.value)
    assert "CME_QR_SIGNING_KEY" in message and "CME_REDIS_URL" in message


def test_a_short_signing_key_is_refused():
    with pytest.raises(ValidationError):
        AttendanceSettings(**BASE, redis_url="redis://127.0.0.1:6379/0", qr_signing_key="too-short")
