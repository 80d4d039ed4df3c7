"""The portal's FastAPI app and process entry point (`cme-portal`)."""

import httpx
from fastapi import FastAPI

from cme_platform.settings import load_settings
from cme_platform.web import serve, service_app
from cme_portal.bootstrap import bootstrap, services_client
from cme_portal.config import PortalSettings
from cme_portal.entrypoints import message_pages, owner_forms, public_pages, role_pages, unit_entry


def create_app(settings: PortalSettings | None = None, transport: httpx.AsyncBaseTransport | None = None) -> FastAPI:
    """The app with its runtime; settings from the environment unless given; the services reached through
    `transport` when given (tests), else over the network."""
    settings = settings or load_settings(PortalSettings)
    runtime = bootstrap(settings)
    app = service_app(runtime, title="CME portal 门户",
                      routers=[public_pages.pages, role_pages.pages, message_pages.pages, owner_forms.forms,
                               unit_entry.pages])
    # The pages read the services through the front door, as the signed-in person.
    app.state.http = services_client(settings, transport)
    runtime.closers.append(app.state.http.aclose)
    return app


def main() -> None:
    """Run the portal (console script `cme-portal`)."""
    serve(create_app, PortalSettings)
