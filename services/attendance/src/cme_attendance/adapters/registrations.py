"""The learners' registration forms (学员信息) and questionnaire answers (调查问卷), read and written
through one session."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from cme_attendance.adapters.tables import questionnaire_answers, registrations
from cme_platform.db import Repository


class RegistrationRepository(Repository):
    """What a learner told the session at check-in, and answered at check-out; one of each per person."""

    async def add(self, row: dict) -> bool:
        """Store the registration form; False when this person already registered for the session."""
        result = await self.session.execute(insert(registrations).values(**row).on_conflict_do_nothing()
                                            .returning(registrations.c.id_number))
        return result.first() is not None

    async def by_phone(self, session_id: str, phone: str) -> list[dict]:
        """The registrations of a session with this phone number."""
        rows = await self.session.execute(select(registrations).where(
            registrations.c.session_id == session_id, registrations.c.phone == phone))
        return [dict(row) for row in rows.mappings()]

    async def of_session(self, session_id: str) -> dict[str, dict]:
        """Registration forms of a session by ID number."""
        rows = await self.session.execute(select(registrations).where(registrations.c.session_id == session_id))
        return {row["id_number"]: dict(row) for row in rows.mappings()}

    async def save_answers(self, session_id: str, id_number: str, answers: dict, at: datetime) -> None:
        """Keep the questionnaire answers (the first submission counts)."""
        await self.session.execute(insert(questionnaire_answers).values(
            session_id=session_id, id_number=id_number, answers=answers, submitted_at=at).on_conflict_do_nothing())
