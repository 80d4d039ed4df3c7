"""/readyz says why the service is not ready when its consumer has lost its topics
(the consumer's side of that is libs/platform/tests/test_consumer_recovery.py)."""

from __future__ import annotations

import uuid

from cme_platform.testing.services import eventually

from .conftest import notifications_service


async def test_readiness_names_the_consumer_that_lost_its_topics_and_recovers(infra, fresh_database):
    async with notifications_service(infra, fresh_database, f"notifications-ready-{uuid.uuid4().hex[:6]}") as service:
        async def ready():
            return (await service.client.get("/readyz")).status_code == 200

        await eventually(ready, timeout=60)
        (consumer,) = service.runtime.consumers
        consumer.problem = "主题不存在: cme.credits.events"  # what the consumer records when the broker came back empty
        answer = await service.client.get("/readyz")
        assert answer.status_code == 503
        assert answer.json()["checks"]["consumers"].endswith("主题不存在: cme.credits.events")
        consumer.problem = None
        assert await ready()
