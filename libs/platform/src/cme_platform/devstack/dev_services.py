"""The services `make dev` runs, their ports, their extra settings and their front-door routes.

One table, so that adding a service to the dev stack is adding one row. Values in `env`
may name generated dev keys as `{key_name}` (see devstack/keys.py), and `{bootstrap_admin}`,
the provincial offices of devstack/accounts.py after the operator's own.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DevService:
    """One service process of the dev stack; its port is the front door's plus `offset`."""

    name: str
    offset: int
    routes: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)
    # False for the portal, a backend-for-frontend: no database to create or migrate.
    owns_data: bool = True

    @property
    def package(self) -> str:
        return f"cme_{self.name}"

    @property
    def command(self) -> str:
        return f"cme-{self.name}"

    @property
    def database(self) -> str:
        return f"cme_{self.name}"


SERVICES: tuple[DevService, ...] = (
    DevService("projects", 1, ("/api/projects",)),
    DevService("attendance", 2, ("/api/attendance", "/scan"), env={"CME_QR_SIGNING_KEY": "{qr_secret}"}),
    DevService("credits", 3, ("/api/credits",)),
    DevService("evidence", 4, ("/api/evidence",), env={"CME_S3_BUCKET": "cme-evidence"}),
    DevService("certificates", 5, ("/api/certificates", "/certificates", "/.well-known/cme-certificates"),
               env={"CME_S3_BUCKET": "cme-certificates", "CME_CERT_SIGNING_KEY": "{cert_private}"}),
    DevService("identity", 6, ("/api/identity",), env={
        "CME_JWT_PRIVATE_KEY": "{jwt_private}",
        "CME_BOOTSTRAP_ADMIN": "{bootstrap_admin}"}),
    DevService("notifications", 7, ("/api/notifications",)),
    # The portal's pages (home, sign-in, desks, public queries) take every path no other service claims.
    DevService("portal", 8, ("/",), owns_data=False),
)


def edge_routes(edge_port: int, host: str = "127.0.0.1") -> str:
    """CME_EDGE_ROUTES for the front door: every service's prefixes to its port."""
    return ",".join(f"{route}=http://{host}:{edge_port + s.offset}" for s in SERVICES for route in s.routes)


def stack_ports() -> int:
    """How many consecutive ports a stack takes: the front door's and each service's after it."""
    return 1 + max(s.offset for s in SERVICES)
