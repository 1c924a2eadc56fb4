"""``commonroom serve`` on a port that is already taken: a sentence naming the port and how to choose another,
a non-zero exit status, and no traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.cli import require_free_port

ROOT = Path(__file__).parents[2]


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A port another server is listening on, as a second ``commonroom serve`` would meet it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield int(holder.getsockname()[1])


def serve(port_args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from api.cli import main; main()", "serve", "--host", "127.0.0.1", *port_args],
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/serve.sqlite", **env},
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def test_a_second_serve_on_a_taken_port_names_the_port_and_how_to_choose_another(
    taken_port: int, tmp_path: Path
) -> None:
    done = serve(["--port", str(taken_port)], {}, tmp_path)
    assert done.returncode != 0
    assert f"Port {taken_port} on 127.0.0.1 is already in use" in done.stderr
    assert "--port" in done.stderr and "COMMONROOM_PORT" in done.stderr
    assert "Traceback" not in done.stderr
    # It stopped before touching the database or starting a server.
    assert not (tmp_path / "serve.sqlite").exists()
    assert "Commonroom on http://" not in done.stdout


def test_a_taken_port_from_commonroom_port_is_refused_the_same_way(taken_port: int, tmp_path: Path) -> None:
    done = serve([], {"COMMONROOM_PORT": str(taken_port)}, tmp_path)
    assert done.returncode != 0
    assert f"Port {taken_port} on 127.0.0.1 is already in use" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_port_number_out_of_range_is_refused_with_a_sentence() -> None:
    with pytest.raises(SystemExit) as stopped:
        require_free_port("127.0.0.1", 70000)
    assert "Port 70000 is not a port number" in str(stopped.value.code)


def test_a_free_port_is_let_through(taken_port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        free = int(probe.getsockname()[1])
    require_free_port("127.0.0.1", free)
    with pytest.raises(SystemExit):
        require_free_port("127.0.0.1", taken_port)
