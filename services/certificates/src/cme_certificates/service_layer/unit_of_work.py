"""The certificates service's unit of work: one transaction, and the repository that works in it.

It lives in the service layer, as in Cosmic Python: the use cases, the issuer and the renderer depend
on it, and it is the one place that knows which adapters make up a transaction.
"""

from __future__ import annotations

from cme_certificates.adapters.repository import CertificateRepository
from cme_platform.db import UnitOfWork

__all__ = ["CertificatesUnitOfWork"]


class CertificatesUnitOfWork(UnitOfWork):
    """`async with uow: ...; await uow.commit()`, with the certificates repository on the unit's session.

    The repository exists only while the unit is entered; it is made anew on the unit's session.
    """

    certificates: CertificateRepository
    """Certificates, their serials, stored PDFs and credentials, and revocations."""
