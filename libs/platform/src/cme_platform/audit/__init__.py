"""The tamper-evident audit stream (审计流): signed, hash-chained records per service.

`UnitOfWork` turns every published integration event and every `uow.audit(...)` call into
an `AuditEntry`; at commit `chain.append` numbers, chains and signs them; `AuditRelay`
publishes them to `cme.audit` in chain order; `verify` (and the `cme-audit` tool) checks a
replayed stream. The format is documented in contracts/audit.md.
"""

from cme_platform.audit.keys import AuditSigner, Keyring, ephemeral_signer, signer_for
from cme_platform.audit.record import GENESIS_HASH, RECORD_TYPE, AuditEntry

__all__ = ["GENESIS_HASH", "RECORD_TYPE", "AuditEntry", "AuditSigner", "Keyring", "ephemeral_signer", "signer_for"]
