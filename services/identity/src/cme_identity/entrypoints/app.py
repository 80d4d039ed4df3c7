"""The identity service's FastAPI app and process entry point (`cme-identity`)."""

import httpx
from fastapi import FastAPI

from cme_identity.bootstrap import bootstrap, token_issuer
from cme_identity.config import IdentitySettings
from cme_identity.entrypoints import message_pages, owner_forms, public_pages, role_pages, unit_entry
from cme_identity.entrypoints.api import router
from cme_platform.settings import load_settings
from cme_platform.web import serve, service_app


def create_app(settings: IdentitySettings | None = None) -> FastAPI:
    """The app with its runtime; settings from the environment unless given."""
    settings = settings or load_settings(IdentitySettings)
    runtime = bootstrap(settings)
    app = service_app(runtime, title="CME identity service 账号与角色",
                      routers=[router, public_pages.pages, role_pages.pages, message_pages.pages, owner_forms.forms,
                               unit_entry.pages])
    app.state.issuer = token_issuer(settings)
    # The portal pages read the other services through the front door, as the signed-in person.
    app.state.http = httpx.AsyncClient(base_url=settings.services_url, timeout=15)
    runtime.closers.append(app.state.http.aclose)
    return app


def main() -> None:
    """Run the service (console script `cme-identity`)."""
    serve(create_app, IdentitySettings)
