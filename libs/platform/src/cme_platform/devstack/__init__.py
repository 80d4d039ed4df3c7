"""Real PostgreSQL, Redis, Kafka and S3 for development and tests, without Docker.

`infrastructure()` finds or starts the four services and yields their InfraEndpoints.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .containers import container_infrastructure
from .databases import drop_database, ensure_database
from .endpoints import InfraEndpoints, InfraError
from .local import local_infrastructure
from .probes import wait_for_endpoints

__all__ = [
    "InfraEndpoints",
    "InfraError",
    "drop_database",
    "ensure_database",
    "infrastructure",
]


@contextmanager
def infrastructure(
    data_dir: Path | None = None, *, persistent: bool = False
) -> Iterator[InfraEndpoints]:
    """Yield endpoints of running services, starting them if need be; stop what was started.

    In this order: services named by the CME_INFRA_* variables (nothing is started, but each
    must answer); testcontainers when CME_INFRA=testcontainers; else local processes on free
    loopback ports with data and logs/ under `data_dir`. A temporary `data_dir` is removed
    afterwards. `persistent` keeps the data safe (no fsync=off, Redis append-only file), keeps
    even a temporary `data_dir`, reuses an existing PostgreSQL cluster there, and takes
    fixed ports from CME_DEV_POSTGRES_PORT, CME_DEV_REDIS_PORT, CME_DEV_KAFKA_PORT and
    CME_DEV_S3_PORT when set. S3 keeps its objects on disk either way; a persistent broker keeps
    its topics and offsets in that S3 server, a throw-away one in memory.
    """
    given = InfraEndpoints.from_env()
    if given is not None:
        wait_for_endpoints(given)
        yield given
    elif os.environ.get("CME_INFRA") == "testcontainers":
        with container_infrastructure() as endpoints:
            yield endpoints
    else:
        with local_infrastructure(data_dir, persistent) as endpoints:
            yield endpoints
