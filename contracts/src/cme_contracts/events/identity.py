"""Events of the identity service (账号): a unit decided on a person's registration."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from cme_contracts import topics
from cme_contracts.base import IntegrationEvent


class _IdentityEvent(IntegrationEvent):
    topic = topics.IDENTITY
    key_field = "account_id"


class _RegistrationDecided(_IdentityEvent):
    account_id: str
    role: str = Field(description="The role the person registered for, e.g. learner or project_owner.")
    name: str
    unit_id: str | None = None
    jurisdiction: str | None = None
    id_number: str | None = Field(default=None, description="Learners: their identity (居民身份证号).")
    phone: str | None = Field(default=None, description="Mobile number given at registration, for SMS notices.")
    decided_by: str
    decided_at: datetime


class AccountApproved(_RegistrationDecided):
    """The unit approved a registration (单位审核通过): the person may sign in."""

    event_type = "cme.identity.AccountApproved"


class AccountRejected(_RegistrationDecided):
    """The unit rejected a registration (单位审核未通过)."""

    event_type = "cme.identity.AccountRejected"
