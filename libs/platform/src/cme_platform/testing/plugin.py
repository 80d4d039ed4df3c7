"""Shared pytest fixtures for every CME test suite (loaded with `-p cme_platform.testing.plugin`).

Fixtures that cost time are session-scoped and only start when a test asks for them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cme_platform.devstack import InfraEndpoints, infrastructure


@pytest.fixture(scope="session")
def infra() -> Iterator[InfraEndpoints]:
    """Real PostgreSQL, Redis, Kafka and S3, shared by the whole session, stopped at its end.

    Uses the services named by CME_INFRA_* variables when they are set (see infrastructure()).
    """
    with infrastructure() as endpoints:
        yield endpoints
