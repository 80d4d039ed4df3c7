"""The platform as certificate issuer (发证机构): its signing key, published keys and URLs."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import datetime

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from cme_certificates.config import CertificatesSettings
from cme_certificates.domain.credential import Urls
from cme_platform.credentials.signing import Signer, load_private_key, multikey, public_key_of


@dataclass(frozen=True)
class Authority:
    """Signs credentials and says which public keys verify them."""

    signer: Signer
    urls: Urls
    public_keys: dict[str, Ed25519PublicKey] = field(default_factory=dict)
    expires: dict[str, datetime] = field(default_factory=dict)  # retired keys: when each stopped being valid

    @classmethod
    def from_settings(cls, settings: CertificatesSettings) -> Authority:
        """The authority of one process, from CME_CERT_SIGNING_KEY and CME_PUBLIC_BASE_URL."""
        key = load_private_key(settings.cert_signing_key)
        urls = Urls(settings.public_base_url.rstrip("/"))
        key_id = multikey(key.public_key())
        signer = Signer(key, f"{urls.issuer}#{key_id}")
        # Retired keys still verify what they signed here; the profile says when they expired.
        retired = {k: public_key_of(k) for k in settings.cert_retired_keys if k != key_id}
        return cls(signer, urls, {key_id: key.public_key()} | retired, dict(settings.cert_retired_keys))

    def access_token(self, number: str) -> str:
        """The unguessable token of a certificate, carried in its QR code: an HMAC of the number.

        Derived rather than stored, so every certificate has one; the key is derived from the
        signing key, so rotating CME_CERT_SIGNING_KEY changes the tokens (older printed QR codes
        then verify with number + name).
        """
        raw = self.signer.key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                            serialization.NoEncryption())
        key = hashlib.sha256(b"cme-certificate-access\0" + raw).digest()
        digest = hmac.new(key, number.encode(), hashlib.sha256).digest()[:16]
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def token_valid(self, number: str, token: str | None) -> bool:
        """Whether a token given with a number is that certificate's."""
        # Bytes: compare_digest refuses str with non-ASCII characters, and a token is whatever a visitor typed.
        if not token:
            return False
        return hmac.compare_digest(self.access_token(number).encode(), token.encode("utf-8", "surrogatepass"))

    def verify_link(self, number: str) -> str:
        """The verify page with the token: what the QR code and the learner's links open."""
        return f"{self.urls.verify_page(number)}?token={self.access_token(number)}"

    def proof_token(self, proof_id: str) -> str:
        """A compliance proof's token: the same HMAC, over a name no certificate number can take."""
        return self.access_token("proof:" + proof_id)

    def proof_link(self, proof_id: str) -> str:
        """A compliance proof's verify page with its token: what its QR code opens."""
        return f"{self.urls.proof_page(proof_id)}?token={self.proof_token(proof_id)}"

    def proof_token_valid(self, proof_id: str, token: str | None) -> bool:
        """Whether a token given with a proof id is that proof's."""
        return self.token_valid("proof:" + proof_id, token)

    def jwks(self) -> dict:
        """The verification keys as a JWK Set (OKP / Ed25519), each named by its multikey."""
        keys = []
        for key_id, key in self.public_keys.items():
            raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
            x = base64.urlsafe_b64encode(raw).decode().rstrip("=")
            expires = {"exp": int(self.expires[key_id].timestamp())} if key_id in self.expires else {}
            keys.append({"kty": "OKP", "crv": "Ed25519", "x": x, "kid": key_id, "alg": "EdDSA", "use": "sig"} | expires)
        return {"keys": keys}

    def issuer_profile(self) -> dict:
        """The issuer's Open Badges Profile with its Multikey verification methods."""
        methods = [
            {"id": f"{self.urls.issuer}#{key_id}", "type": "Multikey", "controller": self.urls.issuer,
             "publicKeyMultibase": key_id}
            | ({"expires": self.expires[key_id].isoformat()} if key_id in self.expires else {})
            for key_id in self.public_keys
        ]
        return {
            "@context": ["https://www.w3.org/ns/credentials/v2",
                         "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
            "id": self.urls.issuer,
            "type": ["Profile"],
            "name": "继续医学教育学分管理平台",
            "verificationMethod": methods,
            "assertionMethod": [m["id"] for m in methods],
        }

