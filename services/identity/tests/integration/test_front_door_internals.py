"""Through the front door the identity service does not show its metrics, readiness or API documents
(on its own port it still does, for operators); its API is served."""

from __future__ import annotations

import pytest

from cme_identity.config import IdentitySettings
from cme_identity.entrypoints.app import create_app
from cme_platform.testing.services import migrated_database, settings_for, through_edge


@pytest.mark.parametrize("path", ["/metrics", "/docs", "/openapi.json", "/readyz"])
async def test_internals_are_not_served_through_the_edge(infra, signing_key, path):
    private, public = signing_key
    app = create_app(settings_for(infra, IdentitySettings, await migrated_database(infra, "cme_identity"),
                                  jwt_private_key=private, jwt_public_key=public))
    async with through_edge(app) as visitor:
        answer = await visitor.get(path)
        regions = await visitor.get("/api/identity/regions")
    assert answer.status_code == 404 and answer.json()["error"]["code"] == "edge.no_route"
    assert regions.status_code == 200
