"""Credits reads its settings, the shared ones and the look-up budget, from CME_* variables."""

from cme_credits.config import CreditsSettings


def test_shared_and_look_up_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("CME_DATABASE_URL", "postgresql+asyncpg://cme:secret@db:5432/cme_credits")
    monkeypatch.setenv("CME_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
    monkeypatch.setenv("CME_REDIS_URL", "redis://redis:6379/0")
    monkeypatch.setenv("CME_PUBLIC_QUERY_HOURLY_POINTS", "7")
    settings = CreditsSettings()
    assert settings.database_url.endswith("/cme_credits") and settings.public_query_hourly_points == 7
