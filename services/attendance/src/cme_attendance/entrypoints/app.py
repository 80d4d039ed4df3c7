"""The attendance service's FastAPI app and process entry point (`cme-attendance`)."""

from fastapi import FastAPI

from cme_attendance.bootstrap import bootstrap, upload_groups
from cme_attendance.config import AttendanceSettings
from cme_attendance.domain.rules import check_rule_files
from cme_attendance.entrypoints import api, check_out_pages, pages
from cme_platform.settings import load_settings
from cme_platform.web import serve, service_app


def create_app(settings: AttendanceSettings | None = None) -> FastAPI:
    """The app with its runtime; settings from the environment unless given."""
    settings = settings or load_settings(AttendanceSettings)
    runtime = bootstrap(settings)
    app = service_app(runtime, title="CME attendance service 考勤服务",
                      routers=[api.router, pages.router, check_out_pages.check_out])
    app.state.upload_groups = upload_groups(runtime, settings)
    return app


def main() -> None:
    """Run the service (console script `cme-attendance`)."""
    serve(create_app, AttendanceSettings, rule_checks=(check_rule_files,))
