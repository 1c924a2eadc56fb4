"""Debian's PgBouncer in transaction mode in front of this worker's PostgreSQL test database, for tests that run
the app the way several machines would.

Outside CI a machine without ``/usr/sbin/pgbouncer`` skips those tests; in CI they fail, because ``.ci/run``
installs it (as root, as it does Chromium). PgBouncer refuses to run as root, so as root it runs as ``postgres``
(or ``nobody``) from a temporary folder that user owns.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

import pytest

from tests.live_app import free_port, stop

PGBOUNCER = "/usr/sbin/pgbouncer"
STARTUP_SECONDS = 15


def require_pgbouncer() -> str:
    """PgBouncer's binary; else skip (fail in CI)."""
    binary = shutil.which("pgbouncer") or (PGBOUNCER if os.access(PGBOUNCER, os.X_OK) else None)
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must install Debian's pgbouncer package for the two-instance tests (.ci/run does as root)")
        pytest.skip("pgbouncer is not installed: apt-get install pgbouncer")
    return binary


def _run_as() -> str | None:
    """Who PgBouncer runs as when this is root, which it refuses to run as."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    pytest.fail("running as root, and neither a postgres nor a nobody user exists to run pgbouncer as")


def _quoted(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


@contextmanager
def running_pgbouncer(database_url: str) -> Iterator[str]:
    """PgBouncer (``pool_mode = transaction``) on a free port in front of ``database_url``'s database; yields the
    URL that reaches the same database through it, and stops it afterwards."""
    binary = require_pgbouncer()
    parts = urlsplit(database_url)
    user = unquote(parts.username or "postgres")
    password = unquote(parts.password or "")
    database = parts.path.lstrip("/")
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="commonroom-pgbouncer-"))
    target = f"host={parts.hostname or '127.0.0.1'} port={parts.port or 5432} dbname={database} user={user}"
    if password:
        target += f" password={password}"
    (folder / "users.txt").write_text(f"{_quoted(user)} {_quoted(password)}\n")
    (folder / "pgbouncer.ini").write_text(
        "\n".join(
            [
                "[databases]",
                f"{database} = {target}",
                "[pgbouncer]",
                "listen_addr = 127.0.0.1",
                f"listen_port = {port}",
                "unix_socket_dir =",
                "auth_type = trust",
                f"auth_file = {folder / 'users.txt'}",
                "pool_mode = transaction",
                "max_client_conn = 200",
                "default_pool_size = 8",
                "server_reset_query =",
                # asyncpg sends none of these, but psql and other tools do; PgBouncer refuses unknown ones.
                "ignore_startup_parameters = extra_float_digits,options",
                f"logfile = {folder / 'pgbouncer.log'}",
                f"pidfile = {folder / 'pgbouncer.pid'}",
                "",
            ]
        )
    )
    command = [binary, str(folder / "pgbouncer.ini")]
    runner = _run_as()
    if runner is not None:
        shutil.chown(folder, runner)
        for item in folder.iterdir():
            shutil.chown(item, runner)
        command = ["runuser", "-u", runner, "--", *command]
    with (folder / "output.txt").open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_until_listening(port, process, folder)
        credentials = parts.netloc.rsplit("@", 1)[0] if "@" in parts.netloc else user
        yield urlunsplit(parts._replace(netloc=f"{credentials}@127.0.0.1:{port}"))
    finally:
        stop(process)
        shutil.rmtree(folder, ignore_errors=True)


def _wait_until_listening(port: int, process: subprocess.Popen[bytes], folder: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = [(folder / name).read_text() for name in ("output.txt", "pgbouncer.log") if (folder / name).exists()]
            raise RuntimeError(f"pgbouncer exited with {process.returncode}: {' '.join(said)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"pgbouncer did not listen on port {port} within {STARTUP_SECONDS} s")
