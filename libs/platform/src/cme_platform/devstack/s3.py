"""An S3-compatible HTTP server that keeps its objects on disk: localbucket (PyPI).

Chosen over moto (objects in memory only, so a restart lost every evidence file) and nanio
(needs a credentials file): localbucket stores each bucket as a plain folder, so the data of
`make dev` survives a restart and can be looked at or backed up with ordinary tools, and it
serves what the platform and the dev broker's S3 storage use (streamed and multipart
uploads, ranges, presigned URLs with response-* overrides, conditional puts).
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

from .probes import check_s3
from .processes import Layout, ManagedProcess

# The console script sits next to the interpreter of the venv it was installed into.
BIN = Path(sys.executable).parent / "localbucket"
# localbucket does not check credentials; these are what clients are told to use.
ACCESS_KEY = "cme"
SECRET_KEY = "cme-secret-key"


def endpoint(port: int) -> str:
    """The HTTP endpoint clients talk to."""
    return f"http://127.0.0.1:{port}"


def data_root(layout: Layout) -> Path:
    """The folder that holds the buckets, one sub-folder each."""
    return layout.data("s3")


def server(layout: Layout, port: int) -> ManagedProcess:
    """An S3 server on 127.0.0.1:`port` with its buckets under the layout's `s3` folder."""
    return ManagedProcess(
        name="s3",
        argv=[str(BIN), "--host", "127.0.0.1", "--port", str(port), str(data_root(layout))],
        log_path=layout.log("s3"),
        probe=partial(check_s3, endpoint(port)),
    )
