"""Certificate PDFs in object storage (MinIO / S3) through the runtime's minio client."""

from __future__ import annotations

import asyncio
import hashlib
import io
from dataclasses import dataclass

from minio import Minio


@dataclass(frozen=True)
class StoredPdf:
    """Where a certificate's PDF is, and the SHA-256 of the bytes that were issued."""

    key: str
    sha256: str | None

    @staticmethod
    def digest(pdf: bytes) -> str:
        """The hex SHA-256 of PDF bytes."""
        return hashlib.sha256(pdf).hexdigest()


class CertificateStore:
    """Puts and gets PDFs in one bucket; the blocking minio calls run in worker threads."""

    def __init__(self, client: Minio, bucket: str):
        self.client = client
        self.bucket = bucket

    @staticmethod
    def key_for(certificate_number: str, year: int) -> str:
        """Object key of a certificate's PDF, grouped by credit year."""
        return f"certificates/{year}/{certificate_number}.pdf"

    async def put_pdf(self, key: str, pdf: bytes) -> None:
        """Store one PDF (overwriting is harmless: the same certificate renders the same facts)."""
        await asyncio.to_thread(self.client.put_object, self.bucket, key, io.BytesIO(pdf), len(pdf),
                                content_type="application/pdf")

    async def get_pdf(self, key: str) -> bytes:
        """Read one PDF back."""
        def read() -> bytes:
            response = self.client.get_object(self.bucket, key)
            try:
                return response.read()
            finally:
                response.close()
                response.release_conn()

        return await asyncio.to_thread(read)
