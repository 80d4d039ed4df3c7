"""Which handler answers which event: the one table of the credits service's consumers."""

from __future__ import annotations

from cme_contracts import topics
from cme_contracts.events import ProjectPublished
from cme_credits.service_layer import project_mirror

CONSUMER = "credits"
TOPICS: tuple[str, ...] = (topics.PROJECTS, topics.ATTENDANCE, topics.EVIDENCE)
HANDLERS = {
    ProjectPublished: project_mirror.on_project_published,
}
