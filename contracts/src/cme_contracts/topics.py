"""Every topic of the platform, named once.

One topic per publishing service keeps each service's events in one ordered log per key;
the partition key of each event is declared on its model (`key_field`).
"""

PROJECTS = "cme.projects.events"
ATTENDANCE = "cme.attendance.events"
SCAN_INGEST = "cme.attendance.scans.ingest"
CREDITS = "cme.credits.events"
EVIDENCE = "cme.evidence.events"
CERTIFICATES = "cme.certificates.events"
IDENTITY = "cme.identity.events"
AUDIT = "cme.audit"

ALL = (PROJECTS, ATTENDANCE, SCAN_INGEST, CREDITS, EVIDENCE, CERTIFICATES, IDENTITY, AUDIT)

PARTITIONS = 6


def dead_letter_topic(consumer: str) -> str:
    """Where a consumer parks messages it could not handle after its retries."""
    return f"cme.dlt.{consumer}"
