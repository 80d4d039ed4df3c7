"""Typed clients of the services the portal calls, one class per service, each method one API call."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from cme_portal.adapters.clients.base import Answer, Endpoint, ServiceClient
from cme_portal.adapters.clients.credits import CreditsClient
from cme_portal.adapters.clients.desks import AttendanceClient, CertificatesClient, NotificationsClient
from cme_portal.adapters.clients.identity import Account, IdentityClient, Region, SignedIn
from cme_portal.adapters.clients.projects import ProjectsClient

__all__ = ["Account", "Answer", "AttendanceClient", "CertificatesClient", "Clients", "CreditsClient", "Endpoint",
           "IdentityClient", "NotificationsClient", "ProjectsClient", "Region", "ServiceClient", "SignedIn",
           "CLIENTS"]

# Which client answers for which service (the OpenAPI check builds each service's app by this name).
CLIENTS: dict[str, type[ServiceClient]] = {
    "identity": IdentityClient, "projects": ProjectsClient, "attendance": AttendanceClient,
    "credits": CreditsClient, "certificates": CertificatesClient, "notifications": NotificationsClient}


@dataclass(frozen=True)
class Clients:
    """Every service's client, calling as one person (their token) from one address."""

    identity: IdentityClient
    projects: ProjectsClient
    attendance: AttendanceClient
    credits: CreditsClient
    certificates: CertificatesClient
    notifications: NotificationsClient

    @classmethod
    def acting_for(cls, http: httpx.AsyncClient, token: str | None, forwarded_for: str | None = None) -> Clients:
        """The clients of one request, over the process's one HTTP client."""
        who = (http, token, forwarded_for)
        return cls(IdentityClient(*who), ProjectsClient(*who), AttendanceClient(*who), CreditsClient(*who),
                   CertificatesClient(*who), NotificationsClient(*who))
