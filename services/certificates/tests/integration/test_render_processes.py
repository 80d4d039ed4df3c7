"""The PDF render processes die with the service, even when it is killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

# A service stand-in: the renderer's own pool set-up, rendering once so its processes exist.
SERVICE = """
import multiprocessing, os, sys, time
from concurrent.futures import ProcessPoolExecutor
from cme_certificates.service_layer.rendering import init_render_process
if __name__ == "__main__":
    pool = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn"), initializer=init_render_process)
    pids = {pool.submit(os.getpid).result() for _ in range(8)} | set(pool._processes)
    print(" ".join(str(p) for p in pids), flush=True)
    time.sleep(600)
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie is dead, only not reaped yet
        return stat.read().split(") ")[1][0] != "Z"


def test_render_processes_do_not_outlive_a_killed_service():
    service = subprocess.Popen([sys.executable, "-c", SERVICE], stdout=subprocess.PIPE, text=True)
    try:
        workers = [int(p) for p in service.stdout.readline().split()]
        assert workers and all(alive(p) for p in workers)
        service.send_signal(signal.SIGKILL)
        service.wait()
        deadline = time.monotonic() + 10
        while any(alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [p for p in workers if alive(p)], "render processes outlived the service"
    finally:
        service.kill()
