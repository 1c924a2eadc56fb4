"""Starting and stopping the servers the bench measures: the app, the bare ceiling, Radicale.

Each runs in its own session (process group) so that it and its workers can be
stopped by the leader's id, and every one is stopped when its ``with`` block
ends, whatever happened inside.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def worker_pids(leader: int) -> list[int]:
    """Direct children of the server's leader process: uvicorn's workers."""
    children: list[int] = []
    task_dir = Path(f"/proc/{leader}/task")
    if not task_dir.exists():
        return children
    for task in task_dir.iterdir():
        try:
            children.extend(int(pid) for pid in (task / "children").read_text().split())
        except OSError:
            continue
    return sorted(set(children))


def memory_of(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak resident set) in kB from /proc/<pid>/status."""
    found: dict[str, int] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found[key] = int(value.split()[0])
    except OSError:
        pass
    return found


class Server:
    """A server process started with ``command``; usable once ``health_path`` answers."""

    def __init__(
        self,
        name: str,
        command: list[str],
        port: int,
        health_path: str,
        env: dict[str, str] | None = None,
        cwd: str | None = None,
    ) -> None:
        self.name, self.command, self.port, self.health_path = name, command, port, health_path
        self.env = {**os.environ, **(env or {})}
        self.cwd = cwd
        self.process: subprocess.Popen[bytes] | None = None
        self.log = tempfile.NamedTemporaryFile(prefix=f"bench-{name}-", suffix=".log", delete=False)

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def __enter__(self) -> Server:
        self.process = subprocess.Popen(
            self.command, stdout=self.log, stderr=subprocess.STDOUT, env=self.env, cwd=self.cwd, start_new_session=True
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited before answering:\n{self.read_log()}")
            try:
                with urllib.request.urlopen(self.base_url + self.health_path, timeout=2) as reply:
                    if reply.status < 500:
                        return self
            except urllib.error.HTTPError as exc:
                if exc.code < 500:
                    return self
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer on {self.base_url}{self.health_path}:\n{self.read_log()}")

    def __exit__(self, *exc: Any) -> None:
        self.stop()
        if exc[0] is None:
            # Keep the log only when something went wrong inside the block.
            self.log.close()
            Path(self.log.name).unlink(missing_ok=True)

    def workers(self) -> list[int]:
        return worker_pids(self.process.pid) if self.process else []

    def read_log(self) -> str:
        try:
            return Path(self.log.name).read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def stop(self) -> None:
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            # The session we started it in has the leader's id as its group id: only our processes are in it.
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        os.killpg(process.pid, signal.SIGKILL)


def commonroom_command(port: int, workers: int) -> list[str]:
    """``commonroom serve --workers N``: uvicorn with httptools and uvloop (see api/cli.py)."""
    script = Path(sys.executable).parent / "commonroom"
    base = [str(script)] if script.exists() else [sys.executable, "-m", "api.cli"]
    return [*base, "serve", "--host", HOST, "--port", str(port), "--workers", str(workers)]


def bare_command(port: int, workers: int) -> list[str]:
    """The same server and settings as ``commonroom serve``, on the bare app."""
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "bench.bare_app:app",
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--http",
        "httptools",
        "--loop",
        "uvloop",
        "--log-level",
        "warning",
        "--no-access-log",
    ]


def radicale_command(port: int, folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "radicale.conf"
    config.write_text(
        "[server]\n"
        f"hosts = {HOST}:{port}\n"
        "[auth]\ntype = none\n"
        "[rights]\ntype = authenticated\n"
        f"[storage]\nfilesystem_folder = {folder / 'collections'}\n"
        "[logging]\nlevel = warning\n"
    )
    return [sys.executable, "-m", "radicale", "--config", str(config)]
