"""Who may see a certificate by its number: it names a person, the units and projects they
attended, so a number alone opens nothing (numbers are printed and shared).

- Its details and verdict: whoever also gives the learner's name (seed 003: number + name), or
  the token in the certificate's QR code, or the learner signed in.
- Its PDF and credential (the full name, printed): the token or the learner signed in.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from cme_certificates.domain.model import Certificate
from cme_platform.auth import Principal, Role


def _same_name(given: str, actual: str) -> bool:
    def fold(text: str) -> str:
        return "".join(unicodedata.normalize("NFKC", text).split())

    return bool(given) and fold(given) == fold(actual)


@dataclass(frozen=True)
class Access:
    """What a visitor showed along with a certificate number."""

    name: str | None = None
    token_valid: bool = False
    learner_id_number: str | None = None  # the signed-in learner's own ID number

    @classmethod
    def shown(cls, *, name: str | None, token_valid: bool, principal: Principal | None) -> Access:
        """What a visitor showed: the name typed, whether the QR token holds, and a sign-in, which counts
        only for a learner (their own certificates, by their ID number)."""
        learner = principal.id_number if principal is not None and principal.role is Role.LEARNER else None
        return cls(name=name, token_valid=token_valid, learner_id_number=learner)

    def _is_learner(self, certificate: Certificate) -> bool:
        return bool(self.learner_id_number) and (self.learner_id_number or "").upper() == certificate.id_number

    def may_view(self, certificate: Certificate) -> bool:
        """The details and the verdict."""
        return self.may_download(certificate) or _same_name(self.name or "", certificate.name)

    def may_download(self, certificate: Certificate) -> bool:
        """The PDF and the signed credential."""
        return self.token_valid or self._is_learner(certificate)
