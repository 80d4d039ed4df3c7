"""HTTP API of the attendance service: scan uploads, QR codes, live counts, attendee list, execution report."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field, ValidationError

from cme_attendance.adapters import qr_images, repository
from cme_attendance.adapters.tickets import NonceMemory
from cme_attendance.entrypoints import exports
from cme_attendance.entrypoints.access import ensure_reporter, ensure_view, may_upload, qr_url
from cme_attendance.service_layer import reports
from cme_attendance.service_layer.batches import record_batch
from cme_attendance.service_layer.scanning import refuse_malformed
from cme_attendance.service_layer.sessions import load_session
from cme_contracts.events import ScanRecordSubmitted
from cme_contracts.events.attendance import ScanMethod
from cme_contracts.events.common import Direction
from cme_platform.auth import Principal, Role, require_roles
from cme_platform.errors import DomainError
from cme_platform.ratelimit import hit, refuse
from cme_platform.tabular import TableFormat
from cme_platform.web.downloads import TABLE_RESPONSES, list_response, table_format

router = APIRouter(prefix="/api/attendance", tags=["attendance"])
VIEWERS = (Role.PROJECT_OWNER, Role.UNIT_ADMIN, Role.PROVINCIAL_OFFICE, Role.REGULATOR)
UPLOADERS = (Role.DEVICE, Role.PROJECT_OWNER)


class ScanBatch(BaseModel):
    """Scan records from a swipe device or an organizer's system (刷卡记录上传)."""

    # Records are read one by one, so one malformed record is refused alone (and kept),
    # not the whole batch the device would then retry forever.
    records: list[dict[str, Any]] = Field(min_length=1)


class ExecutionReportRequest(BaseModel):
    """The attendees the unit admin selected as having completed the required hours."""

    id_numbers: list[str] = Field(min_length=1)


async def _throttle(request: Request, principal: Principal) -> None:
    runtime = request.app.state.runtime
    limit = runtime.settings.device_requests_per_minute
    if await hit(runtime.redis, f"attendance-upload:{principal.account_id}", limit, 60) > limit:
        raise refuse("rate_limited", "上传过于频繁，请稍后再试", 60, limit=limit)


def _read(raw: dict) -> ScanRecordSubmitted | list[str]:
    """The record, or the problems of each field that could not be read."""
    try:
        return ScanRecordSubmitted.model_validate(raw)
    except ValidationError as error:
        return [f"{'.'.join(str(p) for p in e['loc'])}（{e['msg']}）" for e in error.errors()]


async def _upload(request: Request, principal: Principal, raws: list[dict]) -> list[dict]:
    """Record scans in time order, answering remembered nonces from Redis without the database."""
    runtime = request.app.state.runtime
    if len(raws) > runtime.settings.max_batch_records:
        raise DomainError("scan.batch_too_large", f"每批最多上传 {runtime.settings.max_batch_records} 条记录",
                          limit=runtime.settings.max_batch_records)
    await _throttle(request, principal)
    read = [_read(raw) for raw in raws]
    valid = [i for i, r in enumerate(read) if isinstance(r, ScanRecordSubmitted)]
    records = [read[i] for i in valid]
    memory = NonceMemory(runtime.redis)
    keys = [(r.session_id, r.device_id, r.nonce) for r in records]
    known = {i for i, seen in enumerate(await memory.seen(keys)) if seen}
    now = runtime.clock.now()
    async with runtime.uow() as uow:
        outcomes = dict(zip(valid, await record_batch(
            uow, records, ScanMethod.ID_CARD, now, actor=principal.account_id,
            may_upload=lambda session: may_upload(principal, session), known=known), strict=True))
        for index, problems in enumerate(read):
            if not isinstance(problems, ScanRecordSubmitted):
                outcomes[index] = await refuse_malformed(uow, raws[index], problems, now, actor=principal.account_id)
        await uow.commit()
    await memory.remember([keys[n] for n, i in enumerate(valid) if outcomes[i].status != "refused" and n not in known])
    return [{"index": i, "nonce": raws[i].get("nonce"), **outcomes[i].as_dict()} for i in range(len(raws))]


@router.post("/scan-batches")
async def upload_batch(batch: ScanBatch, request: Request,
                       principal: Principal = Depends(require_roles(*UPLOADERS))) -> dict:
    """Upload scan records; each is reported accepted, duplicate or refused with its reason."""
    results = await _upload(request, principal, batch.records)
    totals = {
        status: sum(1 for r in results if r["status"] == status) for status in ("accepted", "duplicate", "refused")
    }
    return {"results": results, **totals}


@router.post("/scans")
async def upload_scan(record: ScanRecordSubmitted, request: Request,
                      principal: Principal = Depends(require_roles(*UPLOADERS))) -> dict:
    """Upload one scan record as it happens (a device online at the venue)."""
    return (await _upload(request, principal, [record.model_dump(mode="json")]))[0]


async def _viewable(request: Request, session_id: str, principal: Principal):
    async with request.app.state.runtime.uow() as uow:
        session = await load_session(uow, session_id)
    ensure_view(principal, session)
    return session


@router.get("/sessions/{session_id}")
async def session_details(session_id: str, request: Request,
                          principal: Principal = Depends(require_roles(*VIEWERS))) -> dict:
    """The session's windows and the URLs in its QR codes right now."""
    session = await _viewable(request, session_id, principal)
    settings, now = request.app.state.runtime.settings, request.app.state.runtime.clock.now()
    return {
        "session_id": session.session_id, "project_number": session.project_number,
        "project_name": session.project_name, "venue": session.venue, "jurisdiction": session.jurisdiction,
        "check_in_window": session.check_in_window.model_dump(mode="json"),
        "check_out_window": session.check_out_window.model_dump(mode="json"),
        "qr_refresh_seconds": session.qr_refresh_seconds, "required_hours": session.required_hours,
        "check_in_url": qr_url(settings, session, Direction.IN, now),
        "check_out_url": qr_url(settings, session, Direction.OUT, now),
    }


@router.get("/sessions/{session_id}/qr/{direction}.{fmt}")
async def qr_image(session_id: str, direction: Direction, fmt: str, request: Request,
                   principal: Principal = Depends(require_roles(*VIEWERS))) -> Response:
    """The current check-in or check-out QR code as PNG or SVG (二维码)."""
    if fmt not in ("png", "svg"):
        raise DomainError("qr.unknown_format", "二维码格式只支持 png 或 svg", format=fmt)
    session = await _viewable(request, session_id, principal)
    url = qr_url(request.app.state.runtime.settings, session, direction, request.app.state.runtime.clock.now())
    body, media = (qr_images.png(url), "image/png") if fmt == "png" else (qr_images.svg(url), "image/svg+xml")
    return Response(body, media_type=media, headers={"Cache-Control": "no-store"})


@router.get("/sessions/{session_id}/counts")
async def live_counts(session_id: str, request: Request,
                      principal: Principal = Depends(require_roles(*VIEWERS))) -> dict:
    """Who is in and who has left (在场/已签退), and how many scans were refused."""
    await _viewable(request, session_id, principal)
    async with request.app.state.runtime.uow() as uow:
        return await repository.counts(uow.session, session_id)


@router.get("/sessions/{session_id}/refused-scans")
async def refused_scans(session_id: str, request: Request,
                        principal: Principal = Depends(require_roles(*VIEWERS))) -> dict:
    """The failed-scan log (扫码失败记录) of a session, newest first."""
    await _viewable(request, session_id, principal)
    async with request.app.state.runtime.uow() as uow:
        rows = await repository.refusals_of(uow.session, session_id)
    return {"refused_scans": [{k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in row.items()}
                              for row in rows]}


@router.get("/sessions/{session_id}/attendees", responses=TABLE_RESPONSES)
async def attendees(session_id: str, request: Request, fmt: TableFormat | None = Depends(table_format),
                    principal: Principal = Depends(require_roles(*VIEWERS))):
    """The attendee list with times per day, attended hours, flags and the rule's pre-selection;
    `format=xlsx|csv` downloads it, one row per person and day."""
    session = await _viewable(request, session_id, principal)
    async with request.app.state.runtime.uow() as uow:
        listing = await reports.attendee_list(uow, session)
    if fmt:
        return list_response(exports.attendee_days(listing), exports.ATTENDEES, fmt,
                             filename=f"学员名单-{session.project_name}", fallback=f"attendees-{session_id}")
    return listing


@router.get("/sessions/{session_id}/execution-report", responses=TABLE_RESPONSES)
async def execution_report(session_id: str, request: Request, fmt: TableFormat | None = Depends(table_format),
                           principal: Principal = Depends(require_roles(*VIEWERS))):
    """What was reported for the session (执行情况): the attendees with their hours; `format=xlsx|csv`
    downloads it."""
    session = await _viewable(request, session_id, principal)
    async with request.app.state.runtime.uow() as uow:
        report = await reports.submitted_report(uow, session)
    if fmt:
        return list_response(report["attendees"], exports.execution_report(report), fmt,
                             filename=f"执行情况上报-{session.project_name}", fallback=f"execution-report-{session_id}")
    return report


@router.post("/sessions/{session_id}/execution-report", status_code=201)
async def submit_execution_report(session_id: str, body: ExecutionReportRequest, request: Request,
                                  principal: Principal = Depends(require_roles(Role.UNIT_ADMIN))) -> dict:
    """Submit the attendees who completed the required hours (执行情况上报), within the deadline."""
    async with request.app.state.runtime.uow() as uow:
        session = await load_session(uow, session_id)
        ensure_reporter(principal, session)
        answer = await reports.submit_report(uow, session, body.id_numbers, principal.account_id, uow.clock.now(),
                                             city_id=principal.city_id)
        await uow.commit()
    return answer.as_dict()
