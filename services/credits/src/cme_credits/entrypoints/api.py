"""HTTP API of the credits service: entering, submitting and reviewing credits, imports."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Request, Response, UploadFile

from cme_credits.domain.errors import CreditRefused
from cme_credits.entrypoints.answers import BulkEntrySummary
from cme_credits.entrypoints.dependencies import Today, UoW
from cme_credits.entrypoints.schemas import (
    BulkEntryIn,
    CorrectionIn,
    CreditIdsIn,
    DecisionIn,
    EntryIn,
    ReasonIn,
    RemoteRecordsIn,
)
from cme_credits.service_layer import credentials, entries, imports, review
from cme_platform.auth import Principal, Role, current_principal, require_roles
from cme_platform.credentials.submission import UnreadableCredential, read_submission
from cme_platform.tabular import MEDIA_TYPES, TableFormat
from cme_platform.web.downloads import table_response

router = APIRouter(prefix="/api/credits", tags=["credits"])
MAX_UPLOAD_BYTES = 20 * 1024 * 1024

_enterers = require_roles(Role.LEARNER, Role.UNIT_ADMIN)
_reviewers = require_roles(Role.UNIT_ADMIN, Role.DISTRICT_OFFICE, Role.CITY_OFFICE, Role.PROVINCIAL_OFFICE)
_institutions = require_roles(Role.REMOTE_EDUCATION)


# A bulk action answers 207 when some items were refused, so a client that only reads the status still notices.
MULTI_STATUS: dict[int | str, dict[str, Any]] = {
    207: {"description": "Some items were refused: each one's `code` and `message` is in `results`."}}


def summary(results: list[dict], response: Response) -> dict:
    """Counts first, then each item with its outcome: a bulk action never hides a refusal in a 200."""
    refused = sum(not r["ok"] for r in results)
    if refused:
        response.status_code = 207
    return {"accepted": len(results) - refused, "refused": refused, "results": results}


@router.post("/entries", status_code=201)
async def enter_credit(body: EntryIn, uow: UoW, principal: Principal = Depends(_enterers)) -> dict:
    """录入学分: one entry, kept as a draft until submitted."""
    entry = body.entry(id_number=body.id_number, name=body.name, evidence_ids=body.evidence_ids)
    return await entries.enter(uow, principal, entry, jurisdiction=body.jurisdiction, unit=body.unit,
                               unit_id=body.unit_id, city_id=body.city_id)


@router.post("/entries/credential", status_code=201)
async def enter_by_credential(request: Request, uow: UoW, submitted: Annotated[object, Depends(read_submission)],
                              principal: Principal = Depends(require_roles(Role.LEARNER))) -> dict:
    """凭电子证书录入: a credential JSON or certificate PDF from a trusted issuer (body, `file` or form field
    `credential`) becomes a draft entry pre-filled from it, marked 已验证电子证书, with no evidence PDF."""
    if not isinstance(submitted, bytes | dict):
        raise UnreadableCredential("credential.unreadable", "无法读取：请上传完整的电子证书凭证 JSON 或证书 PDF 原件")
    runtime = request.app.state.runtime
    return await credentials.enter_by_credential(uow, principal, submitted, runtime.issuers,
                                                 own_issuer=runtime.settings.own_issuer, now=runtime.clock.now())


@router.post("/entries/bulk", responses=MULTI_STATUS, response_model=BulkEntrySummary,
             response_model_exclude_unset=True)
async def enter_for_many(body: BulkEntryIn, uow: UoW, response: Response,
                         principal: Principal = Depends(require_roles(Role.UNIT_ADMIN))) -> dict:
    """单位统一录入: one activity for many people; each person accepted or refused with the reason."""
    activity = body.activity.entry(id_number="", name="", evidence_ids=[])
    people = [p.model_dump() for p in body.people]
    results = await entries.enter_many(uow, principal, activity, people, jurisdiction=body.activity.jurisdiction)
    return summary(results, response)


@router.patch("/entries/{credit_id}")
async def correct_entry(credit_id: str, body: CorrectionIn, uow: UoW,
                        principal: Principal = Depends(_enterers)) -> dict:
    """修改器: correct a rejected or unsubmitted entry (not its evidence)."""
    return await entries.correct(uow, principal, credit_id, body.model_dump(exclude_unset=True))


@router.post("/submissions", responses=MULTI_STATUS)
async def submit_entries(body: CreditIdsIn, response: Response, uow: UoW, today: Today,
                         principal: Principal = Depends(_enterers)) -> dict:
    """上报: drafts enter their review chain (early-review windows apply)."""
    return summary(await review.submit(uow, principal, body.credit_ids, today=today), response)


@router.post("/reviews", responses=MULTI_STATUS)
async def decide(body: DecisionIn, uow: UoW, response: Response,
                 principal: Principal = Depends(_reviewers)) -> dict:
    """审核: approve or reject (with a reason) one or many credits at the caller's level."""
    results = await review.decide(uow, principal, body.credit_ids, approve=body.decision == "approve",
                                  reason=body.reason)
    return summary(results, response)


@router.post("/{credit_id}/revocation")
async def revoke(credit_id: str, body: ReasonIn, uow: UoW,
                 principal: Principal = Depends(current_principal)) -> dict:
    """撤销: the provincial office withdraws an approved credit."""
    await review.revoke(uow, principal, credit_id, reason=body.reason)
    return {"credit_id": credit_id, "status": "revoked"}


@router.post("/imports")
async def import_template(uow: UoW, file: UploadFile = File(...),
                          principal: Principal = Depends(_institutions)) -> dict:
    """远程教育学分导入: an institution's template (XLSX or CSV), with a row-level report."""
    content = await file.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        raise CreditRefused("import.too_large", "上传文件不能超过 20 MB")
    return await imports.import_file(uow, principal, file.filename or "upload", content)


@router.get("/imports/template", response_class=Response,
            responses={200: {"content": {MEDIA_TYPES[TableFormat.XLSX]: {}},
                             "description": "远程教育学分导入模板.xlsx"}})
async def import_template_file(principal: Principal = Depends(_institutions)) -> Response:
    """下载导入模板: the columns in Chinese and one example row."""
    columns, rows = imports.template()
    return table_response(columns, rows, TableFormat.XLSX, filename="远程教育学分导入模板",
                          fallback="credit-import-template")


@router.post("/remote-records")
async def push_records(body: RemoteRecordsIn, uow: UoW, principal: Principal = Depends(_institutions)) -> dict:
    """Records pushed by an integrated platform's system (数据对接)."""
    return await imports.import_records(uow, principal, body.records)

