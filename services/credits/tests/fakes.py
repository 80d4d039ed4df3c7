"""In memory, what the credits service keeps in PostgreSQL beside its ledger: the mirrors of other
services' decisions (`adapters/mirrors.py`), early review (`adapters/early_review.py`) and the import
batches (`adapters/import_batches.py`). The ledger's fake is `ledger_fakes.py`.

`integration/test_repository_contracts.py` runs the same scenarios against these and the real
repositories, so a unit test that trusts them trusts the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import SimpleNamespace

from cme_credits.domain.early_review import Window
from cme_credits.domain.identity import normalize_number
from cme_credits.domain.self_entry import StoredFile


class FakeUnitMemberRepository:
    """Who is registered in which unit, by account id (the table's primary key)."""

    def __init__(self):
        self.members: dict[str, dict] = {}

    async def approve(self, account_id: str, *, unit_id: str, id_number: str, name: str, jurisdiction: str | None,
                      approved_at) -> None:
        self.members[account_id] = {"unit_id": unit_id, "id_number": id_number, "name": name,
                                    "jurisdiction": jurisdiction, "approved_at": approved_at}

    async def remove(self, account_id: str) -> None:
        self.members.pop(account_id, None)

    async def registered_name(self, unit_id: str | None, id_number: str) -> str | None:
        found = [m for m in self.members.values() if m["unit_id"] == (unit_id or "") and m["id_number"] == id_number]
        return max(found, key=lambda m: m["approved_at"])["name"] if found else None


class FakeEvidenceRepository:
    """The stored files evidence announced, the latest announcement of each winning."""

    def __init__(self):
        self.files: dict[str, dict] = {}

    async def save(self, evidence_id: str, **values) -> None:
        self.files[evidence_id] = self.files.get(evidence_id, {}) | values

    async def stored_files(self, evidence_ids: list[str]) -> dict[str, StoredFile]:
        return {i: StoredFile(content_type=self.files[i]["content_type"], owner_id=self.files[i]["owner_id"])
                for i in evidence_ids if i in self.files}


class FakeProjectRepository:
    """The project registry as published, the latest publication of each project winning."""

    def __init__(self):
        self.projects: dict[str, dict] = {}

    async def save(self, project_id: str, **values) -> None:
        self.projects[project_id] = self.projects.get(project_id, {}) | values

    async def facts(self, number: str | None) -> tuple[bool, list]:
        if not number:
            return False, []
        wanted = normalize_number(number)
        rows = [SimpleNamespace(remote_filing=p.get("remote_filing", False), jurisdiction=p["jurisdiction"],
                                co_organizer=p.get("co_organizer"))
                for p in self.projects.values() if p["number_normalized"] == wanted]
        return bool(rows), [r for r in rows if r.remote_filing]


class FakeEarlyReviewRepository:
    """The offices' windows by (jurisdiction, year), the applications, and who each lists."""

    def __init__(self):
        self.windows_set: dict[tuple[str, int], tuple[Window, str]] = {}
        self.applications: dict[str, dict] = {}
        self.applicants: dict[tuple[str, int, str], dict] = {}

    async def save_window(self, jurisdiction: str, window: Window, *, set_by: str) -> None:
        self.windows_set[(jurisdiction, window.year)] = (window, set_by)

    async def windows(self, keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], Window]:
        return {key: self.windows_set[key][0] for key in set(keys) if key in self.windows_set}

    async def add_application(self, application: dict, people: list[dict]) -> None:
        if application["application_id"] in self.applications:
            raise ValueError(f"application {application['application_id']} stored twice")  # the primary key
        self.applications[application["application_id"]] = dict(application)
        for person in people:
            key = (application["jurisdiction"], application["year"], person["id_number"])
            self.applicants[key] = {"application_id": application["application_id"],
                                    "unit_id": application["unit_id"], **person}

    async def listed(self, keys: Iterable[tuple[str, int, str]]) -> set[tuple[str, int, str]]:
        return set(keys) & set(self.applicants)


class FakeImportBatchRepository:
    """Uploaded templates and their reports, once per batch id and per institution's file."""

    def __init__(self):
        self.batches: dict[str, dict] = {}

    async def add(self, batch_id: str, *, institution: str, sha256: str, filename: str, report: dict) -> None:
        if batch_id in self.batches or any((b["institution"], b["sha256"]) == (institution, sha256)
                                           for b in self.batches.values()):
            return
        self.batches[batch_id] = dict(institution=institution, sha256=sha256, filename=filename, report=report)
