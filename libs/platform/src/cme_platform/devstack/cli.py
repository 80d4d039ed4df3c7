"""`cme-infra up`: run the development infrastructure in the foreground until interrupted."""

from __future__ import annotations

import argparse
import shlex
import signal
import sys
import threading
from pathlib import Path

from . import infrastructure

DEFAULT_DATA_DIR = Path(".var/infra")


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `cme-infra` console script."""
    parser = argparse.ArgumentParser(prog="cme-infra", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    up = commands.add_parser("up", help="run PostgreSQL, Redis, Kafka and S3 until interrupted")
    up.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="kept across runs")
    args = parser.parse_args(argv)
    _up(args.data_dir)


def _up(data_dir: Path) -> None:
    stop = threading.Event()
    # Installed before anything starts, so SIGTERM unwinds through the normal, clean stop.
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    signal.signal(signal.SIGINT, lambda signum, frame: stop.set())
    data_dir.mkdir(parents=True, exist_ok=True)
    with infrastructure(data_dir, persistent=True) as endpoints:
        for name, value in endpoints.as_env().items():
            print(f"export {name}={shlex.quote(value)}")
        print(f"# data and logs in {data_dir.resolve()}; Ctrl-C stops", file=sys.stderr, flush=True)
        sys.stdout.flush()
        # A timeout keeps the main thread waking up, so the signal handlers get to run.
        while not stop.wait(1.0):
            pass
    print("# stopped", file=sys.stderr)
