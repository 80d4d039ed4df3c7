"""Object storage (MinIO / any S3 server) through the `minio` client."""

from __future__ import annotations

import asyncio
from urllib.parse import urlparse

from minio import Minio

from cme_platform.settings import ServiceSettings


def create_minio(settings: ServiceSettings) -> Minio:
    """A client for CME_S3_ENDPOINT with the configured keys."""
    if not settings.s3_endpoint:
        raise ValueError("CME_S3_ENDPOINT is not set: there is no object storage to connect to")
    url = urlparse(settings.s3_endpoint)
    return Minio(url.netloc, access_key=settings.s3_access_key, secret_key=settings.s3_secret_key,
                 secure=url.scheme == "https", region="us-east-1")


async def ensure_bucket(client: Minio, bucket: str) -> None:
    """Create the bucket if missing (the minio client is blocking: run it in a thread)."""
    if not await asyncio.to_thread(client.bucket_exists, bucket):
        await asyncio.to_thread(client.make_bucket, bucket)
