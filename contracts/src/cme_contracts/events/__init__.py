"""All integration events, importable from one place."""

from cme_contracts.events.attendance import (
    CheckedIn,
    CheckedOut,
    ExecutionReported,
    LeftOutAttendee,
    ReportedAttendee,
    ScanMethod,
    ScanRecordSubmitted,
)
from cme_contracts.events.certificates import CertificateIssued, CertificateRevoked
from cme_contracts.events.common import CreditClass, Direction, Person, ProjectLevel, SessionDay, TimeWindow
from cme_contracts.events.credits import CreditApproved, CreditEntered, CreditRejected, CreditRevoked, CreditSource
from cme_contracts.events.evidence import EvidenceAttached, EvidenceRefused, EvidenceStored
from cme_contracts.events.identity import AccountApproved, AccountRejected
from cme_contracts.events.projects import (
    HoldApplicationApproved,
    HoldApplicationReturned,
    HoldApplicationSubmitted,
    ProjectPublished,
)

__all__ = [
    "AccountApproved",
    "AccountRejected",
    "CertificateIssued",
    "CertificateRevoked",
    "CheckedIn",
    "CheckedOut",
    "CreditApproved",
    "CreditClass",
    "CreditEntered",
    "CreditRejected",
    "CreditRevoked",
    "CreditSource",
    "Direction",
    "EvidenceAttached",
    "EvidenceRefused",
    "EvidenceStored",
    "ExecutionReported",
    "HoldApplicationApproved",
    "HoldApplicationReturned",
    "HoldApplicationSubmitted",
    "Person",
    "ProjectLevel",
    "ProjectPublished",
    "LeftOutAttendee",
    "ReportedAttendee",
    "ScanMethod",
    "ScanRecordSubmitted",
    "SessionDay",
    "TimeWindow",
]
