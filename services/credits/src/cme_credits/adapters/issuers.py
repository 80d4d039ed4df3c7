"""Other issuers over HTTP (签发方): their published keys, their revocation lists, and the
credential a certificate PDF points at.

Every fetch has a short timeout and its answer is kept for a while (a small TTL cache per
process): a learner entering a credential waits seconds at most, an issuer that is down
costs one refusal ("try again later"), and reviewers never wait on it, because the verdict
is recorded on the entry when it is made.
"""

from __future__ import annotations

import io
import time
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from cme_credits.domain.credentials import IssuerKey, refused
from cme_platform.credentials.signing import proof_is_valid, public_key_of
from cme_platform.credentials.status_list import is_set
from cme_platform.errors import DomainError


class IssuerUnreachable(DomainError):
    """An issuer's keys or status list could not be read in time: nothing is wrong with the credential."""

    status_code = 503


class IssuerDirectory:
    """Reads issuers' keys and status lists, with a timeout and a TTL cache."""

    def __init__(self, *, timeout: float, ttl: float, rewrites: dict[str, str] | None = None,
                 transport: httpx.AsyncBaseTransport | None = None):
        self._client = httpx.AsyncClient(timeout=timeout, transport=transport, follow_redirects=False)
        self._ttl = ttl
        # Keyed by URL: a handful of issuers and their status lists, so it needs no bound.
        self._cache: dict[str, tuple[float, object]] = {}
        # This platform's own public URLs are read at the certificates service's internal address.
        self._rewrites = rewrites or {}

    async def close(self) -> None:
        """Close the HTTP connections."""
        await self._client.aclose()

    async def keys(self, url: str | None, issuer: str) -> dict[str, IssuerKey]:
        """The issuer's verification methods by multikey: from its did:key, its profile or a JWK Set."""
        if url is None:
            key_id = issuer.removeprefix("did:key:")
            return {key_id: IssuerKey(public_key_of(key_id))}
        published = await self._json(url)
        if not isinstance(published, dict):
            return {}
        # An issuer profile lists Multikey verification methods (with `expires` once retired);
        # a JWK Set lists keys named by their multikey (`exp` in seconds).
        methods = published.get("verificationMethod", [])
        listed: list[tuple[object, object]] = [
            (m.get("publicKeyMultibase"), m.get("expires")) for m in methods if isinstance(m, dict)]
        listed += [(k.get("kid"), k.get("exp")) for k in published.get("keys", []) if isinstance(k, dict)]
        keys: dict[str, IssuerKey] = {}
        for named, expires in listed:
            try:
                keys[str(named)] = IssuerKey(public_key_of(str(named)), _instant(expires))
            except ValueError:
                continue  # not an Ed25519 key: it cannot have signed an eddsa-jcs-2022 proof
        return keys

    async def revoked(self, document: dict, keys: dict[str, IssuerKey]) -> bool:
        """Whether the issuer's signed status list has the credential's bit set."""
        status = document.get("credentialStatus")
        if not isinstance(status, dict) or status.get("statusPurpose") != "revocation":
            return False
        listed = await self._json(str(status.get("statusListCredential", "")))
        valid_keys = {k: v.public_key for k, v in keys.items()}
        if not isinstance(listed, dict) or not proof_is_valid(listed, valid_keys):
            raise refused("status_unverifiable", "无法核验该证书的撤销状态（状态列表签名无效），不能录入")
        try:
            return is_set(listed["credentialSubject"]["encodedList"], int(status["statusListIndex"]))
        except (KeyError, TypeError, ValueError, IndexError, OSError):
            raise refused("status_unverifiable", "无法核验该证书的撤销状态（状态列表无法读取），不能录入") from None

    async def credential_in_pdf(self, pdf: bytes, trusted_origins: set[str]) -> dict:
        """The credential a certificate PDF points at: its verify link (document keywords, the same
        link as its QR code) names the certificate and its token on a trusted issuer's site."""
        try:
            metadata = PdfReader(io.BytesIO(pdf)).metadata
            link = str(metadata.get("/Keywords", "") or "") if metadata is not None else ""
        except (PyPdfError, ValueError, AttributeError, KeyError, TypeError):
            link = ""  # not a readable PDF: refused below as carrying no credential
        parts = urlsplit(link)
        origin = f"{parts.scheme}://{parts.netloc}"
        path, _, number = parts.path.rpartition("/")
        if not path.endswith("/certificates/verify") or not number:
            raise refused("pdf_without_credential", "该PDF中没有可核验的电子证书信息（验证链接）：请上传签发方平台"
                          "下载的证书原件，或上传证书的凭证 JSON 文件")
        if origin not in trusted_origins:
            raise refused("untrusted_issuer", "该证书PDF的签发平台不在认可的签发方名单中，不能凭此证书录入",
                          issuer=origin)
        base = path.removesuffix("/certificates/verify")
        document = await self._json(f"{origin}{base}/api/certificates/{number}/credential?{parts.query}", cache=False)
        if not isinstance(document, dict):
            raise refused("unreadable", "未能从签发方取得该证书的电子凭证")
        return document

    async def _json(self, url: str, *, cache: bool = True) -> object:
        now = time.monotonic()
        kept = self._cache.get(url)
        if cache and kept and kept[0] > now:
            return kept[1]
        try:
            response = await self._client.get(self._rewritten(url))
            response.raise_for_status()
            value = response.json()
        except (httpx.HTTPError, ValueError):
            raise IssuerUnreachable("credential.issuer_unreachable", "暂时无法连接证书签发方核验电子证书，"
                                    "请稍后再试，或改为上传学分证PDF录入", url=url) from None
        if cache:
            self._cache[url] = (now + self._ttl, value)
        return value

    def _rewritten(self, url: str) -> str:
        for public, internal in self._rewrites.items():
            if url.startswith(public):
                return internal + url.removeprefix(public)
        return url


def _instant(value: object) -> datetime | None:
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    try:
        moment = datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment

