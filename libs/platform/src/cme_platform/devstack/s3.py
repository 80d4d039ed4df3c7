"""An S3-compatible HTTP server: moto_server from moto[server]."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

from .probes import check_s3
from .processes import Layout, ManagedProcess

# The console script sits next to the interpreter of the venv it was installed into.
BIN = Path(sys.executable).parent / "moto_server"
# moto accepts any credentials; these are what clients are told to use.
ACCESS_KEY = "cme"
SECRET_KEY = "cme-secret-key"


def endpoint(port: int) -> str:
    """The HTTP endpoint clients talk to."""
    return f"http://127.0.0.1:{port}"


def server(layout: Layout, port: int) -> ManagedProcess:
    """An S3 server on 127.0.0.1:`port` (state lives in memory only)."""
    return ManagedProcess(
        name="s3",
        argv=[str(BIN), "-H", "127.0.0.1", "-p", str(port)],
        log_path=layout.log("s3"),
        probe=partial(check_s3, endpoint(port)),
    )
