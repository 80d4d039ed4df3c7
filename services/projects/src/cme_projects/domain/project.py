"""A CME project in the registry (继续医学教育项目)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from cme_contracts.events import CreditClass, ProjectLevel


@dataclass
class Project:
    """A registered project; `number` is kept exactly as written."""

    number: str
    name: str
    level: ProjectLevel
    credit_class: CreditClass
    credits: float
    jurisdiction: str
    year: int
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
