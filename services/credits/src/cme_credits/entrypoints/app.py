"""The credits service's FastAPI app and process entry point (`cme-credits`)."""

from fastapi import FastAPI

from cme_credits.bootstrap import bootstrap
from cme_credits.config import CreditsSettings
from cme_credits.domain.rules import check_rule_files
from cme_credits.entrypoints import early_review_api, queries_api
from cme_credits.entrypoints.api import router
from cme_platform.settings import load_settings
from cme_platform.web import serve, service_app


def create_app(settings: CreditsSettings | None = None) -> FastAPI:
    """The app with its runtime; settings from the environment unless given."""
    settings = settings or load_settings(CreditsSettings)
    return service_app(bootstrap(settings), title="CME credits service 学分服务",
                       routers=[router, early_review_api.router, queries_api.router])


def main() -> None:
    """Run the service (console script `cme-credits`)."""
    serve(create_app, CreditsSettings, rule_checks=(check_rule_files,))
