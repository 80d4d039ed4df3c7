"""The learner's flow on a phone: registration at check-in, phone + questionnaire at check-out."""

from __future__ import annotations

from cme_attendance.domain import qr
from cme_attendance.domain.errors import ScanRefused
from cme_attendance.domain.identity import validate_mobile
from cme_attendance.domain.rules import rule_set
from cme_attendance.domain.session import AttendanceSession, Ticket
from cme_attendance.service_layer.scanning import ScanOutcome, record_scan, refuse
from cme_attendance.service_layer.sessions import load_session
from cme_attendance.service_layer.unit_of_work import AttendanceUnitOfWork
from cme_contracts.events import ScanRecordSubmitted
from cme_contracts.events.attendance import ScanMethod
from cme_contracts.events.common import Direction


def _record(ticket: Ticket, id_number: str, name: str) -> ScanRecordSubmitted:
    # The ticket is the nonce: posting the same form twice is one scan.
    return ScanRecordSubmitted(session_id=ticket.session_id, device_id=f"phone:{ticket.phone_id}",
                               nonce=ticket.ticket_id, id_number=id_number, name=name,
                               direction=ticket.direction, scanned_at=ticket.scanned_at)


async def open_scan(uow: AttendanceUnitOfWork, key: bytes, token: str, direction: Direction, phone_id: str
                    ) -> AttendanceSession:
    """A learner scanned a venue QR code: the session, if the token is genuine and its window open now.
    A refusal is kept before it is raised; a forged token under the session it claims, so the owner
    sees the attempts."""
    async with uow:
        now, session_id = uow.clock.now(), None
        try:
            parsed = qr.parse(key, token)
            session_id = parsed.session_id
            session = await load_session(uow, parsed.session_id)
            qr.accept(parsed, direction, session.window(direction), session.qr_refresh_seconds, now,
                      rule_set(session.jurisdiction).timezone)
        except ScanRefused as refusal:
            await refuse(uow, None, ScanMethod.QR, refusal, now, session_id=session_id or refusal.details.get(
                "session_id"), device_id=f"phone:{phone_id}")
            await uow.commit()
            raise
    return session


async def check_in(uow: AttendanceUnitOfWork, ticket: Ticket, form: dict) -> ScanOutcome:
    """Record the check-in scan and keep the registration form with it."""
    async with uow:
        now = uow.clock.now()
        outcome = await record_scan(uow, _record(ticket, form["id_number"], form["name"]), ScanMethod.QR, now)
        if outcome.status != "refused":
            await uow.registrations.add(dict(session_id=ticket.session_id, registered_at=now,
                                                                 **form))
        await uow.commit()
    return outcome


async def identify(uow: AttendanceUnitOfWork, ticket: Ticket, phone: str) -> tuple[AttendanceSession, dict]:
    """The session and the registration of the person checking out, found by phone; a refusal (no
    such registration, or several) is kept in the failed-scan log before it is raised."""
    async with uow:
        session = await load_session(uow, ticket.session_id)
        try:
            return session, await _registration(uow, ticket, phone)
        finally:
            await uow.commit()


async def _registration(uow: AttendanceUnitOfWork, ticket: Ticket, phone: str) -> dict:
    try:
        phone = validate_mobile(phone)
        found = await uow.registrations.by_phone(ticket.session_id, phone)
        if not found:
            raise ScanRefused("scan.check_out_without_check_in",
                              "未找到该手机号的签到记录，不能签退：请先扫描签到二维码完成签到", phone=phone)
        if len(found) > 1:
            raise ScanRefused("scan.phone_ambiguous", "该手机号登记了多名学员，请联系会务人员核实", phone=phone)
    except ScanRefused as refusal:
        await refuse(uow, None, ScanMethod.QR, refusal, uow.clock.now(), session_id=ticket.session_id,
                     device_id=f"phone:{ticket.phone_id}")
        raise
    return found[0]


async def check_out(uow: AttendanceUnitOfWork, ticket: Ticket, registration: dict, answers: dict) -> ScanOutcome:
    """Record the check-out scan (refused without a check-in that day) and keep the questionnaire."""
    async with uow:
        now = uow.clock.now()
        record = _record(ticket, registration["id_number"], registration["name"])
        outcome = await record_scan(uow, record, ScanMethod.QR, now, require_check_in=True)
        if outcome.status != "refused":
            await uow.registrations.save_answers(ticket.session_id, registration["id_number"], answers, now)
        await uow.commit()
    return outcome
