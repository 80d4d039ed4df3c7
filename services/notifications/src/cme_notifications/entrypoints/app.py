"""The notifications service's FastAPI app and process entry point (`cme-notifications`)."""

from fastapi import FastAPI

from cme_notifications.bootstrap import bootstrap
from cme_notifications.config import NotificationsSettings
from cme_notifications.domain.rules import check_rule_files
from cme_notifications.entrypoints.api import router
from cme_platform.settings import load_settings
from cme_platform.web import serve, service_app


def create_app(settings: NotificationsSettings | None = None) -> FastAPI:
    """The app with its runtime; settings from the environment unless given."""
    settings = settings or load_settings(NotificationsSettings)
    return service_app(bootstrap(settings), title="CME notifications service 消息通知服务", routers=[router])


def main() -> None:
    """Run the service (console script `cme-notifications`)."""
    serve(create_app, NotificationsSettings, rule_checks=(check_rule_files,))
