"""Where the four backing services answer, and how that is passed between processes."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from urllib.parse import urlsplit, urlunsplit

# The environment variable that carries each field of InfraEndpoints.
ENV_VARS = {
    "postgres_url": "CME_INFRA_POSTGRES_URL",
    "redis_url": "CME_INFRA_REDIS_URL",
    "kafka_bootstrap": "CME_INFRA_KAFKA_BOOTSTRAP",
    "s3_endpoint": "CME_INFRA_S3_ENDPOINT",
    "s3_access_key": "CME_INFRA_S3_ACCESS_KEY",
    "s3_secret_key": "CME_INFRA_S3_SECRET_KEY",
}


class InfraError(RuntimeError):
    """A backing service could not be started or does not answer (the message is one line)."""


@dataclass(frozen=True)
class InfraEndpoints:
    """Addresses and credentials of PostgreSQL, Redis, Kafka and S3."""

    postgres_url: str
    redis_url: str
    kafka_bootstrap: str
    s3_endpoint: str
    s3_access_key: str
    s3_secret_key: str

    def database_url(self, database: str, driver: str | None = "asyncpg") -> str:
        """The URL of `database` on the same server; `driver=None` gives a plain libpq URL."""
        # Parse rather than format: container URLs carry a password, local ones do not.
        parts = urlsplit(self.postgres_url)
        scheme = "postgresql" if driver is None else f"postgresql+{driver}"
        return urlunsplit(parts._replace(scheme=scheme, path=f"/{database}"))

    def as_env(self) -> dict[str, str]:
        """The CME_INFRA_* variables that make another process use these same services."""
        return {env: getattr(self, name) for name, env in ENV_VARS.items()}

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> InfraEndpoints | None:
        """The endpoints named by CME_INFRA_* variables, or None unless all of them are set."""
        values = {f.name: environ.get(ENV_VARS[f.name], "") for f in fields(cls)}
        if not all(values.values()):
            return None
        return cls(**values)
