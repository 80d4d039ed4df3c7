"""Through the front door the portal (which answers `/`) does not show its metrics, readiness or API
documents (on its own port it still does, for operators); its pages are served."""

from __future__ import annotations

import pytest

from cme_platform.testing.services import through_edge
from cme_portal.config import PortalSettings
from cme_portal.entrypoints.app import create_app


@pytest.mark.parametrize("path", ["/metrics", "/docs", "/openapi.json", "/readyz"])
async def test_internals_are_not_served_through_the_edge(signing_key, path):
    app = create_app(PortalSettings(jwt_public_key=signing_key[1]))
    async with through_edge(app) as visitor:
        answer = await visitor.get(path)
        home = await visitor.get("/")
    assert answer.status_code == 404 and answer.json()["error"]["code"] == "edge.no_route"
    assert home.status_code == 200 and "继续医学教育学分平台" in home.text
