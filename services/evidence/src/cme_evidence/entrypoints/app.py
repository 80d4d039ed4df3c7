"""The evidence service's FastAPI app and process entry point (`cme-evidence`)."""

from fastapi import FastAPI

from cme_evidence.bootstrap import bootstrap
from cme_evidence.config import EvidenceSettings
from cme_evidence.entrypoints import api, operations, refusal_api
from cme_platform.settings import load_settings
from cme_platform.storage import create_minio
from cme_platform.web import serve, service_app


def create_app(settings: EvidenceSettings | None = None) -> FastAPI:
    """The app with its runtime; settings from the environment unless given."""
    settings = settings or load_settings(EvidenceSettings)
    # The orphans routes come first so `/orphans` is not taken for an evidence id.
    app = service_app(bootstrap(settings), title="CME evidence service 证明材料服务",
                      routers=[operations.router, api.router, refusal_api.router])
    public = settings.s3_public_endpoint
    app.state.presigner = create_minio(settings.model_copy(update={"s3_endpoint": public})) if public else None
    return app


def main() -> None:
    """Run the service (console script `cme-evidence`)."""
    serve(create_app, EvidenceSettings)
