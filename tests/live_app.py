"""The real app under uvicorn on a free localhost port, on this worker's test database.

The browser tests and the OpenActive feed validator both need a server a separate process can reach;
links in its pages and feeds name its own address (``COMMONROOM_PUBLIC_URL``).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).parents[1]
STARTUP_SECONDS = 30
# ``commonroom serve`` checks the migrations first, and two starting at once on a loaded machine took over 30 s.
SERVE_STARTUP_SECONDS = 120


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float = STARTUP_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited with {process.returncode} before it served {url}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"the app did not answer on {url} within {seconds} s")


@contextmanager
def running_app(**environment: str) -> Iterator[str]:
    """``uvicorn api.app:app`` with ``environment`` added; yields its base URL and stops it afterwards."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "COMMONROOM_PUBLIC_URL": url, **environment}
    command = [sys.executable, "-m", "uvicorn", "api.app:app", "--host", "127.0.0.1", "--port", str(port)]
    with _serving([*command, "--log-level", "warning"], url, env):
        yield url


@contextmanager
def running_serve(**environment: str) -> Iterator[tuple[str, int]]:
    """``commonroom serve`` (one worker, with its periodic jobs) on a free port with ``environment`` added; yields
    its base URL and process id (the worker's own, so the one its job leases name) and stops it afterwards."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "COMMONROOM_PUBLIC_URL": url, **environment}
    command = [sys.executable, "-m", "api.cli", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"]
    with _serving(command, url, env, SERVE_STARTUP_SECONDS) as pid:
        yield url, pid


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ask a server process to stop, and kill it if it has not within ten seconds."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def _serving(command: list[str], url: str, env: dict[str, str], seconds: float = STARTUP_SECONDS) -> Iterator[int]:
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        wait_until_up(url, process, seconds)
        yield process.pid
    finally:
        stop(process)
