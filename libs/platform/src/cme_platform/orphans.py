"""Child processes that die with their parent, however the parent dies.

A `kill -9` of a service gives it no chance to stop its worker pools; without this their
processes live on as orphans, holding memory and, for a pool, the parent's resources.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux; elsewhere a no-op).

    For a pool's initializer: it runs in the child, so the request is the child's own.
    """
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    # The parent may have died before the request was made: then nobody will send the signal.
    if os.getppid() != parent:
        os._exit(1)
