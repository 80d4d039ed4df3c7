"""The projects service's FastAPI app and process entry point (`cme-projects`)."""

from fastapi import FastAPI

from cme_platform.settings import load_settings
from cme_platform.web import serve, service_app
from cme_projects.bootstrap import bootstrap
from cme_projects.config import ProjectsSettings
from cme_projects.domain.rules import check_rule_files
from cme_projects.entrypoints import api, hold_api


def create_app(settings: ProjectsSettings | None = None) -> FastAPI:
    """The app with its runtime; settings from the environment unless given."""
    settings = settings or load_settings(ProjectsSettings)
    # The hold-application routes come first so `/api/projects/hold-applications` is not read as a project id.
    return service_app(
        bootstrap(settings), title="CME projects service 项目服务", routers=[hold_api.router, api.router]
    )


def main() -> None:
    """Run the service (console script `cme-projects`)."""
    serve(create_app, ProjectsSettings, rule_checks=(check_rule_files,))
