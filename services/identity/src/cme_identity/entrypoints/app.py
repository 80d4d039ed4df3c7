"""The identity service's FastAPI app and process entry point (`cme-identity`)."""

from fastapi import FastAPI

from cme_identity.bootstrap import bootstrap, token_issuer
from cme_identity.config import IdentitySettings
from cme_identity.entrypoints.api import router
from cme_platform.settings import load_settings
from cme_platform.web import serve, service_app


def create_app(settings: IdentitySettings | None = None) -> FastAPI:
    """The app with its runtime; settings from the environment unless given."""
    settings = settings or load_settings(IdentitySettings)
    runtime = bootstrap(settings)
    app = service_app(runtime, title="CME identity service 账号与角色", routers=[router])
    app.state.issuer = token_issuer(settings)
    return app


def main() -> None:
    """Run the service (console script `cme-identity`)."""
    serve(create_app, IdentitySettings)
