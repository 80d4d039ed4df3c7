"""The trust registry (电子证书信任名单): per jurisdiction, whose credentials it accepts as entries.

Data, not code: the `[credits.trusted_issuers.<id>]` tables of the jurisdiction's rule file
(national.toml trusts this platform's own issuer, so every jurisdiction accepts the others'
certificates; a province adds other provinces' platforms, the national project system or a
remote-education platform). Each entry names the issuer as its credentials name it, where its
keys are published, the credential types it may present, and how its levels and classes map
onto ours.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, model_validator

SELF = "self"  # this platform's own certificates service, wherever CME_PUBLIC_BASE_URL puts it
DID_KEY = "did:key:"


class TrustedIssuer(BaseModel):
    """One issuer a jurisdiction accepts credentials from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str  # as a learner reads it in a refusal (江苏省继续医学教育平台)
    issuer: str  # `self`, a did:key, or the issuer profile's URL exactly as `issuer.id` writes it
    keys: str | None = None  # where its verification methods are published; the issuer URL itself by default
    credential_types: tuple[str, ...] = ("OpenBadgeCredential",)
    category: str = "out_of_province"  # the entry category its credentials are entered as
    level: str | None = None  # every credential of this issuer is of this level (national project system)
    credit_class: str | None = None
    levels: dict[str, str] = {}  # else: an achievement tag (国家级) → our level (national)
    classes: dict[str, str] = {}  # and an achievement tag (Ⅰ类) → our class (I)
    tcm: bool = False  # its credits are 中医药 credits (a TCM administration's system): where not handled, refused

    @model_validator(mode="after")
    def _maps_level_and_class(self) -> TrustedIssuer:
        if not (self.level or self.levels) or not (self.credit_class or self.classes):
            raise ValueError(f"trusted issuer {self.name}: give level or levels, and credit_class or classes")
        return self

    def keys_url(self, own_issuer: str) -> str | None:
        """Where to read the issuer's verification methods; None for a did:key (the key is the DID)."""
        if self.issuer.startswith(DID_KEY):
            return None
        return self.keys or self.issuer_id(own_issuer)

    def issuer_id(self, own_issuer: str) -> str:
        """The issuer id its credentials carry (this platform's own for `self`)."""
        return own_issuer if self.issuer == SELF else self.issuer
