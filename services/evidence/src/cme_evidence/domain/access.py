"""Who may read a file (查看权限): those who may see the record it supports.

The uploader always; the reviewers above them by scope: the admin of the uploader's unit
(单位科教科), the district office of its district (区医学会), the city office of its city
(地市继教主管部门), the provincial office of its jurisdiction (省继教办). Scope comes from the
uploader's claims, stored with the file.
"""

from __future__ import annotations

from cme_evidence.domain import refusals
from cme_evidence.domain.evidence import Evidence, Uploader
from cme_platform.access import Place, oversees
from cme_platform.auth import Principal, Role

REVIEWERS = frozenset({Role.UNIT_ADMIN, Role.DISTRICT_OFFICE, Role.CITY_OFFICE, Role.PROVINCIAL_OFFICE})


def uploader_of(principal: Principal) -> Uploader:
    """The caller with the scope claims that will decide who else may read the file."""
    return Uploader(principal.account_id, principal.unit_id, principal.city_id, principal.jurisdiction)


def may_read(reader: Principal, evidence: Evidence) -> bool:
    """True if reader may see the file's metadata and get a download link."""
    if reader.account_id == evidence.uploader.account_id:
        return True
    uploader = evidence.uploader
    place = Place(uploader.jurisdiction, uploader.city_id, uploader.unit_id)
    return reader.role in REVIEWERS and oversees(reader, place)


def check_read(reader: Principal, evidence: Evidence) -> None:
    """Refuse a reader who may not see the file."""
    if not may_read(reader, evidence):
        raise refusals.access_denied(evidence.id)


def check_owner(caller: Principal, evidence: Evidence) -> None:
    """Refuse anyone but the uploader (attaching, replacing, assembling)."""
    if caller.account_id != evidence.uploader.account_id:
        raise refusals.not_owner(evidence.id)
