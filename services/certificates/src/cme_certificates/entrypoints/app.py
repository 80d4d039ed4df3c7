"""The certificates service's FastAPI app and process entry point (`cme-certificates`)."""

from fastapi import FastAPI

from cme_certificates.bootstrap import bootstrap
from cme_certificates.config import CertificatesSettings
from cme_certificates.domain.rules import check_rule_files
from cme_certificates.entrypoints.api import router, well_known
from cme_certificates.entrypoints.pages import pages
from cme_certificates.entrypoints.proof_pages import pages as proof_pages
from cme_certificates.entrypoints.proofs_api import router as proofs_router
from cme_platform.settings import load_settings
from cme_platform.web import serve, service_app


def create_app(settings: CertificatesSettings | None = None) -> FastAPI:
    """The app with its runtime; settings from the environment unless given."""
    settings = settings or load_settings(CertificatesSettings)
    return service_app(bootstrap(settings), title="CME certificates service 证书服务",
                       routers=[proofs_router, router, well_known, proof_pages, pages])


def main() -> None:
    """Run the service (console script `cme-certificates`)."""
    serve(create_app, CertificatesSettings, rule_checks=(check_rule_files,))
