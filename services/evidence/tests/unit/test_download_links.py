"""Download links are presigned, short-lived, and signed for the host browsers call."""

from datetime import timedelta
from urllib.parse import parse_qs, unquote, urlsplit

from minio import Minio

from cme_evidence.adapters.storage import ObjectStore


def client(endpoint: str, secure: bool) -> Minio:
    return Minio(endpoint, access_key="key", secret_key="secret", secure=secure, region="us-east-1")


def test_a_link_expires_and_names_the_file_for_the_browser():
    store = ObjectStore(client("minio:9000", secure=False), "cme-evidence")
    url = store.download_url("evidence/ev-1", timedelta(seconds=300), "学分证明.pdf", "application/pdf")
    query = parse_qs(urlsplit(url).query)
    assert query["X-Amz-Expires"] == ["300"]
    assert "学分证明.pdf" in unquote(query["response-content-disposition"][0])
    assert query["response-content-type"] == ["application/pdf"]


def test_a_public_endpoint_signs_links_for_the_public_host():
    store = ObjectStore(client("minio:9000", secure=False), "cme-evidence",
                        presigner=client("files.example.cn", secure=True))
    url = store.download_url("evidence/ev-1", timedelta(seconds=60), "a.pdf", "application/pdf")
    assert url.startswith("https://files.example.cn/cme-evidence/evidence/ev-1?")
