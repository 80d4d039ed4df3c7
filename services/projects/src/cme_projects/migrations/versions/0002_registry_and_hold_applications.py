"""The full registry, hold applications with their steps, and the stored-evidence mirror.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_PROJECT_COLUMNS = (
    sa.Column("number_normalized", sa.String(100), nullable=False, server_default=""),
    sa.Column("session_no", sa.Integer, nullable=False, server_default="1"),
    sa.Column("discipline", sa.String(200)),
    sa.Column("lead", sa.String(100)),
    sa.Column("sponsor", sa.String(300)),
    sa.Column("co_organizer", sa.String(300)),
    sa.Column("venue", sa.String(300)),
    sa.Column("start_date", sa.Date),
    sa.Column("end_date", sa.Date),
    sa.Column("online", sa.Boolean, nullable=False, server_default="false"),
    sa.Column("remote_filing", sa.Boolean, nullable=False, server_default="false"),
    sa.Column("status", sa.String(20), nullable=False, server_default="published"),
    sa.Column("owner_id", sa.String(100)),
    sa.Column("unit_id", sa.String(100)),
    sa.Column("source", sa.String(20), nullable=False, server_default="entry"),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
)


def upgrade() -> None:
    for column in _PROJECT_COLUMNS:
        op.add_column("projects", column)
    op.execute("UPDATE projects SET number_normalized = number WHERE number_normalized = ''")
    op.alter_column("projects", "number_normalized", server_default=None)
    op.create_index("ix_projects_number_normalized", "projects", ["number_normalized"])
    op.create_index("ix_projects_owner_id", "projects", ["owner_id"])
    op.create_index("ix_projects_unit_id", "projects", ["unit_id"])
    op.create_unique_constraint("uq_projects_number", "projects", ["jurisdiction", "number_normalized", "session_no"])
    op.create_table(
        "hold_applications",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("project_id", sa.String(36), nullable=False, index=True),
        sa.Column("jurisdiction", sa.String(40), nullable=False, index=True),
        sa.Column("owner_id", sa.String(100), nullable=False, index=True),
        sa.Column("unit_id", sa.String(100), nullable=False, index=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("plan", JSONB, nullable=False),
        sa.Column("return_reason", sa.Text),
        sa.Column("submitted_at", sa.DateTime(timezone=True)),
        sa.Column("session_id", sa.String(36)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "hold_application_steps",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("application_id", sa.String(36), nullable=False, index=True),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("actor_id", sa.String(100), nullable=False),
        sa.Column("actor_role", sa.String(40), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "stored_evidence",
        sa.Column("evidence_id", sa.String(64), primary_key=True),
        sa.Column("owner_id", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("subject_type", sa.String(40)),
        sa.Column("subject_id", sa.String(64)),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("content_type", sa.String(200), nullable=False),
        sa.Column("filename", sa.String(300), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("stored_evidence")
    op.drop_table("hold_application_steps")
    op.drop_table("hold_applications")
    op.drop_constraint("uq_projects_number", "projects")
    for name in ("ix_projects_unit_id", "ix_projects_owner_id", "ix_projects_number_normalized"):
        op.drop_index(name, "projects")
    for column in reversed(_PROJECT_COLUMNS):
        op.drop_column("projects", column.name)
