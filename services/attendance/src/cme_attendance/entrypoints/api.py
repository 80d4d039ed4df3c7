"""HTTP API of the attendance service: scan uploads, QR codes, live counts, attendee list, execution report."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field

from cme_attendance.adapters import qr_images
from cme_attendance.adapters.tickets import NonceMemory
from cme_attendance.entrypoints import exports
from cme_attendance.entrypoints.answers import AttendeeList
from cme_attendance.entrypoints.dependencies import UoW
from cme_attendance.entrypoints.qr_links import qr_url
from cme_attendance.service_layer import reports, sessions, uploads
from cme_attendance.service_layer.upload_groups import UploadGroups
from cme_contracts.events import ScanRecordSubmitted
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


async def _upload(request: Request, uow: UoW, principal: Principal, raws: list[dict]) -> list[dict]:
    runtime = request.app.state.runtime
    await _throttle(request, principal)
    return await uploads.upload(uow, NonceMemory(runtime.redis), uploads.Uploader.signed_in(principal),
                                raws, limit=runtime.settings.max_batch_records)


@router.post("/scan-batches")
async def upload_batch(batch: ScanBatch, request: Request, uow: UoW,
                       principal: Principal = Depends(require_roles(*UPLOADERS))) -> dict:
    """Upload scan records; each is reported accepted, duplicate or refused with its reason."""
    results = await _upload(request, uow, principal, batch.records)
    totals = {status: sum(1 for r in results if r["status"] == status)
              for status in ("accepted", "duplicate", "refused")}
    return {"results": results, **totals}


@router.post("/scans")
async def upload_scan(record: ScanRecordSubmitted, request: Request,
                      principal: Principal = Depends(require_roles(*UPLOADERS))) -> dict:
    """Upload one scan record as it happens (a device online at the venue); written together with
    the others arriving at the same moment (service_layer/upload_groups.py)."""
    await _throttle(request, principal)
    groups: UploadGroups = request.app.state.upload_groups
    return await groups.upload(uploads.Uploader.signed_in(principal), record.model_dump(mode="json"))


@router.get("/sessions/{session_id}")
async def session_details(session_id: str, request: Request, uow: UoW,
                          principal: Principal = Depends(require_roles(*VIEWERS))) -> dict:
    """The session's windows and the URLs in its QR codes right now."""
    session = await sessions.viewable(uow, principal, session_id)
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
async def qr_image(session_id: str, direction: Direction, fmt: str, request: Request, uow: UoW,
                   principal: Principal = Depends(require_roles(*VIEWERS))) -> Response:
    """The current check-in or check-out QR code as PNG or SVG (二维码)."""
    if fmt not in ("png", "svg"):
        raise DomainError("qr.unknown_format", "二维码格式只支持 png 或 svg", format=fmt)
    session = await sessions.viewable(uow, principal, session_id)
    url = qr_url(request.app.state.runtime.settings, session, direction, request.app.state.runtime.clock.now())
    body, media = (qr_images.png(url), "image/png") if fmt == "png" else (qr_images.svg(url), "image/svg+xml")
    return Response(body, media_type=media, headers={"Cache-Control": "no-store"})


@router.get("/sessions/{session_id}/counts")
async def live_counts(session_id: str, uow: UoW, principal: Principal = Depends(require_roles(*VIEWERS))) -> dict:
    """Who is in and who has left (在场/已签退), and how many scans were refused."""
    return (await sessions.live_counts(uow, principal, session_id))[1]


@router.get("/sessions/{session_id}/refused-scans")
async def refused_scans(session_id: str, uow: UoW, principal: Principal = Depends(require_roles(*VIEWERS))) -> dict:
    """The failed-scan log (扫码失败记录) of a session, newest first."""
    rows = await sessions.refused_scans(uow, principal, session_id)
    return {"refused_scans": [{k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in row.items()}
                              for row in rows]}


@router.get("/sessions/{session_id}/attendees", responses=TABLE_RESPONSES, response_model=AttendeeList)
async def attendees(session_id: str, uow: UoW, fmt: TableFormat | None = Depends(table_format),
                    principal: Principal = Depends(require_roles(*VIEWERS))):
    """The attendee list with times per day, attended hours, flags and the rule's pre-selection;
    `format=xlsx|csv` downloads it, one row per person and day."""
    session, listing = await reports.attendee_list(uow, principal, session_id)
    if fmt:
        return list_response(exports.attendee_days(listing), exports.ATTENDEES, fmt,
                             filename=f"学员名单-{session.project_name}", fallback=f"attendees-{session_id}")
    return listing


@router.get("/sessions/{session_id}/execution-report", responses=TABLE_RESPONSES)
async def execution_report(session_id: str, uow: UoW, fmt: TableFormat | None = Depends(table_format),
                           principal: Principal = Depends(require_roles(*VIEWERS))):
    """What was reported for the session (执行情况): the attendees with their hours; `format=xlsx|csv`
    downloads it."""
    session, report = await reports.submitted_report(uow, principal, session_id)
    if fmt:
        return list_response(report["attendees"], exports.execution_report(report), fmt,
                             filename=f"执行情况上报-{session.project_name}", fallback=f"execution-report-{session_id}")
    return report


@router.post("/sessions/{session_id}/execution-report", status_code=201)
async def submit_execution_report(session_id: str, body: ExecutionReportRequest, uow: UoW,
                                  principal: Principal = Depends(require_roles(Role.UNIT_ADMIN))) -> dict:
    """Submit the attendees who completed the required hours (执行情况上报), within the deadline."""
    answer = await reports.submit_report(uow, principal, session_id, body.id_numbers)
    return answer.as_dict()
