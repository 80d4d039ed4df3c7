"""The certificates service's own tables (its database, its migrations)."""

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    Numeric,
    Sequence,
    String,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()

certificate_serial = Sequence("certificate_serial", metadata=metadata, start=1)
"""Serial of certificate numbers and status-list indexes: one value per certificate, never reused."""

certificates = Table(
    "certificates",
    metadata,
    Column("certificate_id", String(36), primary_key=True),
    Column("certificate_number", String(40), nullable=False, unique=True),
    Column("status_index", BigInteger, nullable=False, unique=True),
    Column("credit_id", String(64), nullable=False),
    Column("id_number", String(32), nullable=False),
    Column("name", String(100), nullable=False),
    Column("unit", String(200)),
    Column("project_number", String(100)),
    Column("project_key", String(100)),
    Column("project_name", String(300), nullable=False),
    Column("level", String(20), nullable=False),
    Column("credit_class", String(4), nullable=False),
    Column("credits", Numeric(6, 2), nullable=False),
    Column("hours", Numeric(7, 2)),
    Column("start_date", Date),
    Column("end_date", Date),
    Column("year", Integer, nullable=False),
    Column("jurisdiction", String(40), nullable=False),
    Column("issuing_office", String(200), nullable=False),
    Column("approved_at", DateTime(timezone=True), nullable=False),
    Column("state", String(10), nullable=False),
    Column("issued_at", DateTime(timezone=True)),
    Column("pdf_key", String(200)),
    Column("pdf_sha256", String(64)),
    Column("credential", JSONB),
    Column("revoked_at", DateTime(timezone=True)),
    Column("revoke_reason", Text),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    # At most one live certificate per credit: a duplicated approval finds this key taken.
    Index("ux_certificates_live_credit", "credit_id", unique=True, postgresql_where=text("state <> 'revoked'")),
    # The issuer's query: pending certificates, oldest first.
    Index("ix_certificates_pending", "created_at", postgresql_where=text("state = 'pending'")),
    # The renderer's query: issued certificates whose PDF is not drawn yet.
    Index("ix_certificates_unrendered", "issued_at", postgresql_where=text("state = 'issued' and pdf_sha256 is null")),
    Index("ix_certificates_project_name", "project_key", "name"),
    Index("ix_certificates_id_number", "id_number"),
)
"""电子学分证书: one row per certificate, pending until its credential is signed; its PDF is drawn after."""

compliance_proofs = Table(
    "compliance_proofs",
    metadata,
    Column("proof_id", String(36), primary_key=True),
    Column("id_number", String(32), nullable=False),
    Column("credential", JSONB, nullable=False),
    Column("pdf_sha256", String(64), nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Index("ix_compliance_proofs_id_number", "id_number"),
)
"""学分达标证明: the signed compliance credential as issued, and the SHA-256 of its PDF (drawn from it,
deterministically), so an uploaded PDF can be checked byte for byte and the QR code can open it."""
