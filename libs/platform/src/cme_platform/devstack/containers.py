"""Run the four servers in Docker through testcontainers (CME_INFRA=testcontainers).

For machines with a Docker engine; the images are the real servers, not stand-ins.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from typing import Any

from .endpoints import InfraEndpoints, InfraError

ACCESS_KEY = "cme"
SECRET_KEY = "cme-secret-key"


@contextmanager
def container_infrastructure() -> Iterator[InfraEndpoints]:
    """Start PostgreSQL, Redis, Kafka and MinIO containers; remove them on exit."""
    with ExitStack() as stack:
        try:
            pg, cache, broker, minio = _start(stack)
        except Exception as exc:
            first_line = str(exc).strip().split("\n")[0] or type(exc).__name__
            raise InfraError(f"testcontainers failed to start: {first_line}") from exc
        redis_address = f"{cache.get_container_host_ip()}:{cache.get_exposed_port(cache.port)}"
        yield InfraEndpoints(
            postgres_url=pg.get_connection_url(driver=None),
            redis_url=f"redis://{redis_address}/0",
            kafka_bootstrap=broker.get_bootstrap_server(),
            s3_endpoint=f"http://{minio.get_config()['endpoint']}",
            s3_access_key=ACCESS_KEY,
            s3_secret_key=SECRET_KEY,
        )


def _start(stack: ExitStack) -> list[Any]:
    # Imported here: the docker SDK is slow to import and only this path needs it.
    from testcontainers.community.kafka import KafkaContainer
    from testcontainers.community.minio import MinioContainer
    from testcontainers.community.postgres import PostgresContainer
    from testcontainers.community.redis import RedisContainer

    pg = PostgresContainer(
        "postgres:18", username="postgres", password="postgres", dbname="postgres", driver=None
    ).with_command("postgres -c max_connections=300 -c fsync=off -c synchronous_commit=off")
    others = [
        RedisContainer("redis:7"),
        KafkaContainer(),
        MinioContainer(access_key=ACCESS_KEY, secret_key=SECRET_KEY),
    ]
    for container in (pg, *others):
        stack.callback(container.stop)  # safe on a container that never started
    # One first, alone: it starts testcontainers' reaper, whose set-up is not thread-safe.
    pg.start()
    with ThreadPoolExecutor(len(others)) as pool:
        list(pool.map(lambda container: container.start(), others))
    return [pg, *others]
