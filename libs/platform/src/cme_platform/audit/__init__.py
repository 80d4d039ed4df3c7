"""The tamper-evident audit stream (审计流): signed, hash-chained records per service.

`UnitOfWork` turns every published integration event and every `uow.audit(...)` call into
an `AuditEntry`, stored at commit (`chain.store`); the service's `AuditSealer` numbers, chains
and signs them off the write path (`chain.seal_stored`); `AuditRelay`
publishes them to `cme.audit` in chain order; `verify` (and the `cme-audit` tool) checks a
replayed stream. The format is documented in contracts/audit.md.
"""

from cme_platform.audit.keys import AuditSigner, Keyring, ephemeral_signer, signer_for
from cme_platform.audit.record import GENESIS_HASH, RECORD_TYPE, AuditEntry

__all__ = ["GENESIS_HASH", "RECORD_TYPE", "AuditEntry", "AuditSigner", "Keyring", "ephemeral_signer", "signer_for"]
