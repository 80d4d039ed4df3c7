"""The services `make dev` runs, their ports, their extra settings and their front-door routes.

One table, so that adding a service to the dev stack is adding one row. Values in `env`
may name generated dev keys as `{key_name}` (see devstack/keys.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

EDGE_PORT = 8080


@dataclass(frozen=True)
class DevService:
    """One service process of the dev stack."""

    name: str
    port: int
    routes: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)

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
    DevService("projects", 8001, ("/api/projects",)),
    DevService("attendance", 8002, ("/api/attendance", "/scan")),
    DevService("credits", 8003, ("/api/credits",)),
    DevService("evidence", 8004, ("/api/evidence",), env={"CME_S3_BUCKET": "cme-evidence"}),
    DevService("certificates", 8005, ("/api/certificates", "/certificates"), env={"CME_S3_BUCKET": "cme-certificates"}),
    # Identity also serves the portal pages, so it takes every path no other service claims.
    DevService("identity", 8006, ("/api/identity", "/"), env={
        "CME_JWT_PRIVATE_KEY": "{jwt_private}", "CME_BOOTSTRAP_ADMIN": "sc-admin:Sichuan2026:sichuan"}),
)


def edge_routes(host: str = "127.0.0.1") -> str:
    """CME_EDGE_ROUTES for the front door: every service's prefixes to its port."""
    return ",".join(f"{route}=http://{host}:{s.port}" for s in SERVICES for route in s.routes)
