"""Settings of the evidence service (all `CME_*` variables; see cme_platform.settings)."""

from pydantic import Field

from cme_platform.settings import ServiceSettings


class EvidenceSettings(ServiceSettings):
    """Object storage is required here: the service is the files' only home."""

    service_name: str = "evidence"
    s3_endpoint: str = Field(description="http(s)://host:port of MinIO or another S3 server")
    s3_access_key: str
    s3_secret_key: str
    s3_bucket: str = "cme-evidence"
    s3_public_endpoint: str | None = Field(
        default=None, description="Where browsers reach object storage, if not at s3_endpoint (download URLs are "
                                  "signed for this host), e.g. https://files.example.cn")
    evidence_download_ttl_seconds: int = Field(
        default=300, ge=10, le=3600, description="How long a presigned download URL stays valid.")
    evidence_orphan_after_hours: float = Field(
        default=24, gt=0, description="A file never attached to a record for this long is an orphan.")
    evidence_spool_bytes: int = Field(
        default=1024 * 1024, ge=0, description="Bytes of an upload kept in memory before it spills to a temp file.")
    evidence_max_assembled_images: int = Field(default=30, ge=1, description="Pictures per assembled PDF at most.")
    evidence_orphan_report_seconds: float = Field(
        default=300, gt=0, description="How often the orphan gauge is refreshed.")
