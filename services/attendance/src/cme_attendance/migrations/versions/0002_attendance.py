"""Sessions, registrations, scans, the failed-scan log, questionnaires and execution reports.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from alembic import op

from cme_attendance.adapters.tables import (execution_reports, metadata, questionnaire_answers, refused_scans,
                                            registrations, scans, sessions)

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TABLES = (sessions, registrations, scans, refused_scans, questionnaire_answers, execution_reports)


def upgrade() -> None:
    # The tables as first defined; later changes get their own migration with explicit DDL.
    metadata.create_all(op.get_bind(), tables=list(TABLES))


def downgrade() -> None:
    metadata.drop_all(op.get_bind(), tables=list(TABLES))
