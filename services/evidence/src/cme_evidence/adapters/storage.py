"""The bytes of evidence in S3-compatible object storage (MinIO in production).

The minio client blocks, so every call runs in a worker thread. Connection failures and
server errors become one `StorageUnavailable` refusal, so an outage fails an upload with
a clear message and never half-records it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import IO, BinaryIO, cast
from urllib.parse import quote

from minio import Minio
from minio.error import MinioException, S3Error
from urllib3.exceptions import HTTPError

from cme_evidence.domain import refusals

log = logging.getLogger(__name__)
COPY_CHUNK = 1024 * 1024


class ObjectStore:
    """One bucket of evidence objects."""

    def __init__(self, client: Minio, bucket: str, presigner: Minio | None = None):
        self.client = client
        self.bucket = bucket
        # Download links are signed for the host the browser will call, which behind a
        # proxy or outside the cluster network is not the one this service talks to.
        self.presigner = presigner or client

    async def put(self, key: str, data: IO[bytes], size: int, content_type: str, sha256: str) -> None:
        """Store size bytes read from data under key (multipart above minio's part size)."""
        # minio only reads `data`; its annotation names BinaryIO where any binary file object serves
        # (the spooled and named temp files the intake and the assembly make are IO[bytes]).
        with _unavailable_on_failure():
            await asyncio.to_thread(self.client.put_object, self.bucket, key, cast(BinaryIO, data), size,
                                    content_type=content_type, metadata={"sha256": sha256})

    async def remove(self, key: str) -> None:
        """Delete an object (absent objects are not an error: S3 deletes are idempotent)."""
        with _unavailable_on_failure():
            await asyncio.to_thread(self.client.remove_object, self.bucket, key)

    async def copy_into(self, key: str, target: IO[bytes]) -> None:
        """Write an object's bytes into target, a chunk at a time."""
        def copy() -> None:
            response = self.client.get_object(self.bucket, key)
            try:
                for chunk in response.stream(COPY_CHUNK):
                    target.write(chunk)
            finally:
                response.close()
                response.release_conn()

        with _unavailable_on_failure():
            await asyncio.to_thread(copy)

    def download_url(self, key: str, ttl: timedelta, filename: str, content_type: str) -> str:
        """A presigned GET URL valid for ttl that downloads under the given name.

        Signing is local arithmetic (the region is configured), so no request leaves here.
        """
        disposition = f"attachment; filename*=UTF-8''{quote(filename)}"
        return self.presigner.presigned_get_object(
            self.bucket, key, expires=ttl,
            response_headers={"response-content-disposition": disposition, "response-content-type": content_type},
        )


@contextmanager
def _unavailable_on_failure() -> Iterator[None]:
    try:
        yield
    except S3Error as error:
        log.warning("object storage refused a request", extra={"code": error.code})
        raise refusals.storage_unavailable() from error
    except (MinioException, HTTPError, OSError) as error:
        log.warning("object storage unreachable", extra={"error": str(error)})
        raise refusals.storage_unavailable() from error
