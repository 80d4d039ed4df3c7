"""Who is on the other end of a connection: the one place that reads forwarded headers.

A client can send any `X-Forwarded-For` it likes, so the header means something only when
the direct peer is a proxy we run (the edge, an Ingress). Every limit per address asks
`client_address(request)`; nothing else reads the header.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from starlette.requests import Request

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
LOOPBACK = "127.0.0.0/8,::1/128"


def parse_networks(spec: str) -> tuple[Network, ...]:
    """`10.0.0.0/8,127.0.0.1` → networks; raises ValueError naming a malformed entry."""
    networks = []
    for item in filter(None, (part.strip() for part in spec.split(","))):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(f"{item!r} is not an IP address or network") from None
    return tuple(networks)


def _trusted(address: str, networks: Iterable[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: Request) -> str:
    """The address of the person or system behind the request.

    The trusted proxies are `request.app.state.trusted_proxies` (none if unset). When the peer
    is one of them, the forwarded chain is read from the right, skipping our own proxies, so a
    value the client wrote at the left end is never taken.
    """
    peer = request.client.host if request.client else "unknown"
    trusted = getattr(request.app.state, "trusted_proxies", ())
    if not _trusted(peer, trusted):
        return peer
    chain = [part.strip() for part in ",".join(request.headers.getlist("x-forwarded-for")).split(",")]
    for hop in reversed([part for part in chain if part]):
        if not _trusted(hop, trusted):
            return hop
    return peer
