"""The uploaded files of remote-education institutions, each kept with its row-level report."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert

from cme_credits.adapters.tables import import_batch
from cme_platform.db import Repository


class ImportBatchRepository(Repository):
    """One row per uploaded template."""

    async def add(self, batch_id: str, *, institution: str, sha256: str, filename: str, report: dict) -> None:
        """Keep an upload's report; a batch already kept is left as it is."""
        await self.session.execute(insert(import_batch).values(
            batch_id=batch_id, institution=institution, sha256=sha256, filename=filename, report=report)
            .on_conflict_do_nothing())
