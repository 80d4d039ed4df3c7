"""The certificates service's unit of work: one transaction, and the repository that works in it.

It lives in the service layer, as in Cosmic Python: the use cases, the issuer and the renderer depend
on it, and it is the one place that knows which adapters make up a transaction.
"""

from __future__ import annotations

from cme_certificates.adapters.proofs import ProofRepository
from cme_certificates.adapters.repository import CertificateRepository
from cme_platform.db import UnitOfWork

__all__ = ["CertificatesUnitOfWork"]


class CertificatesUnitOfWork(UnitOfWork):
    """`async with uow: ...; await uow.commit()`, with the certificates and proofs repositories on the unit's session.

    The repositories exist only while the unit is entered; each is made anew on the unit's session.
    """

    certificates: CertificateRepository
    """Certificates, their serials, stored PDFs and credentials, and revocations."""
    proofs: ProofRepository
    """Compliance proofs as issued (学分达标证明)."""
