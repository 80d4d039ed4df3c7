"""Service settings from environment variables, all with the prefix `CME_`.

A service subclasses `ServiceSettings` to add what it needs (or to make an optional
setting required); the portal, which owns no data, subclasses `WebSettings`, its HTTP
half. `load_settings` turns a missing or malformed setting into one line that
says what to fix, instead of a traceback.
"""

from __future__ import annotations

import sys
from typing import TypeVar

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from cme_platform.addresses import LOOPBACK, parse_networks

ENV_PREFIX = "CME_"


class HttpServerSettings(BaseSettings):
    """How an HTTP process listens and how long it waits for a client (the edge and every service)."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    http_host: str = "127.0.0.1"
    http_port: int = Field(default=8000, ge=1, le=65535)
    http_header_timeout_seconds: float = Field(default=10, gt=0, description="Time for a request's head to arrive.")
    http_body_timeout_seconds: float = Field(default=30, gt=0, description="Longest pause inside a request body.")
    http_keep_alive_seconds: int = Field(
        default=5, ge=1, description="Idle time before a kept-alive connection closes."
    )
    http_max_connections: int = Field(default=1000, ge=1, description="Open connections beyond this are refused.")


class KafkaSettings(BaseSettings):
    """The broker and the shape of the platform's topics (read by services and by `cme-topics`)."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    kafka_bootstrap_servers: str = Field(description="host:port[,host:port]")
    kafka_partitions: int = Field(default=6, ge=1, description="Partitions of every topic; caps a worker's replicas.")
    kafka_replication_factor: int = Field(default=1, ge=1, description="Copies of each partition (production: 3).")
    kafka_min_insync_replicas: int = Field(
        default=1, ge=1, description="Replicas that must have a message before acks=all succeeds (production: 2).")
    kafka_retention_ms: int = Field(
        default=30 * 24 * 3600 * 1000,
        ge=-1,
        description="How long event and dead-letter topics keep messages; -1 forever.",
    )
    kafka_audit_retention_ms: int = Field(
        default=-1, ge=-1, description="How long cme.audit keeps records; -1 (forever) because regulators keep them.")
    kafka_create_topics: bool = Field(
        default=True, description="Create missing topics at start-up; off where a deploy step creates them.")

    @field_validator("kafka_bootstrap_servers")
    @classmethod
    def _host_ports(cls, value: str) -> str:
        for server in value.split(","):
            host, _, port = server.strip().rpartition(":")
            if not host or not port.isdigit():
                raise ValueError(f"{server!r} is not host:port")
        return value

    @model_validator(mode="after")
    def _replicas_fit(self) -> KafkaSettings:
        if self.kafka_min_insync_replicas > self.kafka_replication_factor:
            raise ValueError("CME_KAFKA_MIN_INSYNC_REPLICAS must not exceed CME_KAFKA_REPLICATION_FACTOR")
        return self


class WebSettings(HttpServerSettings):
    """What every HTTP process of the platform reads, with or without data of its own (the portal has none).
    Each field is the variable `CME_<FIELD NAME IN CAPITALS>`."""

    service_name: str
    public_base_url: str = Field(default="http://127.0.0.1:8080", description="Where people reach the front door.")
    log_level: str = "INFO"
    trusted_proxies: str = Field(
        default=LOOPBACK,
        description="Addresses or networks (comma-separated) whose X-Forwarded-For is believed: the edge.",
    )
    jwt_public_key: str | None = Field(default=None, description="PEM of the identity service's Ed25519 public key.")
    startup_timeout_seconds: float = Field(default=30, gt=0)
    clock_offset_seconds: float = Field(
        default=0, description="Shifts this service's clock (tests and demos); 0 in production.")

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: str) -> str:
        parse_networks(value)
        return value


class ServiceSettings(WebSettings, KafkaSettings):
    """What every service that owns data reads: its database, the broker, Redis and S3 besides the HTTP side."""

    database_url: str = Field(description="postgresql+asyncpg://user:password@host:port/database")
    redis_url: str | None = None
    s3_endpoint: str | None = Field(default=None, description="http(s)://host:port of MinIO or another S3 server")
    s3_access_key: str | None = None
    s3_secret_key: str | None = None
    s3_bucket: str | None = None
    audit_signing_key: str | None = Field(
        default=None, description="PEM of this service's Ed25519 private key that signs its audit records."
    )
    run_workers: bool = Field(default=True, description="Run the outbox relay and consumers in this process.")
    kafka_enable_idempotence: bool = Field(
        default=False, description="Turn on only against Apache Kafka; some Kafka-protocol brokers refuse it."
    )
    outbox_batch_size: int = Field(default=200, ge=1)
    outbox_poll_seconds: float = Field(default=0.2, gt=0)
    outbox_idle_poll_seconds: float = Field(
        default=2.0, gt=0, description="The slowest poll of the relays and sealer while idle; this process's own "
                                       "commits wake them at once, so this bounds only rows other processes wrote.")
    consumer_max_attempts: int = Field(default=5, ge=1)
    consumer_backoff_seconds: float = Field(default=0.2, ge=0)

    @field_validator("database_url")
    @classmethod
    def _async_postgres(cls, value: str) -> str:
        if not value.startswith("postgresql+asyncpg://"):
            raise ValueError("must start with postgresql+asyncpg://")
        return value


class PublicLookupSettings(BaseSettings):
    """The budget of a service's public look-ups by ID number (see cme_platform.lookups)."""

    # Mixed into a service's settings after ServiceSettings: the same prefix, or the mix loses it.
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    public_query_limit: int = Field(default=30, ge=1, description="Public look-ups per client address per minute.")
    public_query_hourly_points: int = Field(
        default=100, ge=1, description="Points per client address per hour: 1 a query, k more for its k-th miss.")
    public_query_global_misses_per_hour: int = Field(
        default=2000, ge=1, description="Misses per hour from all addresses together before look-ups pause.")


S = TypeVar("S", bound=BaseSettings)


def describe_error(error: ValidationError) -> str:
    """One line naming each variable that is missing or malformed."""
    parts = []
    for item in error.errors():
        name = ENV_PREFIX + "_".join(str(p) for p in item["loc"]).upper()
        reason = "缺少必填配置 (missing)" if item["type"] == "missing" else item["msg"]
        parts.append(f"{name}: {reason}" if item["loc"] else reason)  # a rule across settings names them itself
    return "configuration error — " + "; ".join(parts)


def load_settings(cls: type[S], **overrides) -> S:
    """Read settings from the environment, or exit with one line saying what to fix."""
    try:
        return cls(**overrides)
    except ValidationError as error:
        print(describe_error(error), file=sys.stderr)
        raise SystemExit(2) from None
