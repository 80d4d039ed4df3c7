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
"""The default partition count; a deployment sets its own (CME_KAFKA_PARTITIONS)."""

# Every consumer group of the platform (one per service that consumes), each with a
# dead-letter topic where it parks what it could not handle, with the reason.
CONSUMERS = ("projects", "attendance", "credits", "evidence", "certificates")


def dead_letter_topic(consumer: str) -> str:
    """Where a consumer parks messages it could not handle after its retries."""
    return f"cme.dlt.{consumer}"


DEAD_LETTERS = tuple(dead_letter_topic(c) for c in CONSUMERS)

REPLAYED = "cme.dlt.replayed"
"""Which dead letters `cme-dlt replay` has sent back (topic and offset), so none goes twice."""
