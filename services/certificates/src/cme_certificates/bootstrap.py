"""Wiring of the certificates service: real adapters for a running process."""

import httpx

from cme_certificates.adapters.credits_api import CreditsApi
from cme_certificates.adapters.storage import CertificateStore
from cme_certificates.config import CertificatesSettings
from cme_certificates.service_layer import handlers
from cme_certificates.service_layer.authority import Authority
from cme_certificates.service_layer.issuing import Issuer
from cme_certificates.service_layer.rendering import PdfRenderer
from cme_certificates.service_layer.unit_of_work import CertificatesUnitOfWork
from cme_platform.runtime import Runtime


class CertificatesRuntime(Runtime[CertificatesUnitOfWork]):
    """The shared runtime plus what this service holds for its life: the issuer's key,
    the PDF store, the issuer and the PDF renderer (one key, one S3 client, one pool of
    render processes per process)."""

    settings: CertificatesSettings

    def __init__(self, settings: CertificatesSettings):
        super().__init__(settings, CertificatesUnitOfWork)
        self.authority = Authority.from_settings(settings)
        if self.s3 is None:  # made by the runtime whenever the endpoint and bucket are set, as they must be here
            raise ValueError("the certificates service needs object storage: set CME_S3_ENDPOINT and CME_S3_BUCKET")
        self.store = CertificateStore(self.s3, settings.s3_bucket)
        self.issuer = Issuer(self.uow, self.authority, batch_size=settings.issue_batch_size,
                             poll_seconds=settings.issue_poll_seconds, idle_seconds=settings.outbox_idle_poll_seconds,
                             doorbell=self.doorbell)
        self.renderer = PdfRenderer(self.uow, self.authority, self.store, batch_size=settings.render_batch_size,
                                    poll_seconds=settings.issue_poll_seconds,
                                    idle_seconds=settings.outbox_idle_poll_seconds, doorbell=self.doorbell,
                                    concurrency=settings.issue_concurrency, processes=settings.render_processes)
        self.closers.append(self.renderer.close)
        # The compliance proof asks the credits service, as the learner, through the front door.
        self.credits_api = CreditsApi(httpx.AsyncClient(base_url=settings.services_url, timeout=15))
        self.closers.append(self.credits_api.client.aclose)



def bootstrap(settings: CertificatesSettings) -> CertificatesRuntime:
    """The runtime of one certificates process, with its consumer and issuer registered."""
    runtime = CertificatesRuntime(settings)
    runtime.add_consumer(handlers.CONSUMER, handlers.TOPICS, handlers.HANDLERS)
    runtime.loops.append(runtime.issuer.run)
    runtime.loops.append(runtime.renderer.run)
    return runtime
