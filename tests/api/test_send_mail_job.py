"""Mail leaves by a job: every ``commonroom serve`` worker runs the sender, and ``commonroom send-mail`` runs it from cron."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest

import api.background
import venues.mail.sender
from api.background import start_background_jobs, stop_background_jobs
from api.cli import SEND_MAIL_EVERY_SECONDS, main
from api.settings import EXTEND_SERIES_EVERY, SEND_MAIL_EVERY, get_settings
from venues.core.database import write_transaction
from venues.mail.outbox import Mail, enqueue
from venues.mail.sender import Delivered, send_periodically
from venues.models import OutboxMessage


class Stop(Exception):
    """Ends the loop after the rounds a test wants."""


async def test_the_periodic_sender_delivers_and_carries_on_after_a_failed_round(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(venues.mail.sender, "mail_settings", lambda: _file_settings(tmp_path))
    async with write_transaction():
        outbox_id = await enqueue(Mail(to="ann@example.org", subject="Hello", text="Hi", kind="verify_email"))
    real = venues.mail.sender.deliver_due
    rounds: list[str] = []

    async def flaky(*args: Any, **kwargs: Any) -> Delivered:
        if not rounds:
            rounds.append("failed")
            raise RuntimeError("the database went away")
        rounds.append("ran")
        return await real(*args, **kwargs)

    waits: list[float] = []

    async def wait(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 2:
            raise Stop

    monkeypatch.setattr(venues.mail.sender, "deliver_due", flaky)
    with pytest.raises(Stop):
        await send_periodically(10, wait)
    assert (rounds, waits) == (["failed", "ran"], [10, 10])
    assert (tmp_path / f"{outbox_id}.eml").exists()
    assert await OutboxMessage.count().where(OutboxMessage.status == "sent") == 1


def _file_settings(folder: Path) -> Any:
    from venues.mail.settings import MailSettings

    return MailSettings("", str(folder), "commonroom@testserver", "Commonroom", 3)


async def test_workers_start_the_sender_only_when_asked_and_stop_it_on_shutdown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started = asyncio.Event()
    asked: list[float] = []

    async def job(every: float) -> None:
        asked.append(every)
        started.set()
        await asyncio.Event().wait()

    monkeypatch.setattr(api.background, "send_periodically", job)
    monkeypatch.setenv(EXTEND_SERIES_EVERY, "0")
    monkeypatch.setenv(SEND_MAIL_EVERY, "0")
    get_settings.cache_clear()
    try:
        await start_background_jobs()
        assert not api.background._running
        monkeypatch.setenv(SEND_MAIL_EVERY, "15")
        get_settings.cache_clear()
        await start_background_jobs()
        await started.wait()
        (task,) = api.background._running
        await stop_background_jobs()
        assert task.cancelled() and asked == [15] and not api.background._running
    finally:
        get_settings.cache_clear()


def test_serve_sends_mail_every_ten_seconds_unless_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    import api.cli

    seen: list[int] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: seen.append(get_settings().send_mail_every_seconds))
    monkeypatch.setattr(api.cli, "_migrate", lambda quiet=False: None)
    # Set, then removed: monkeypatch records the variable's absence only when it removes it, so
    # the value serve sets is taken back at the end too.
    monkeypatch.setenv(SEND_MAIL_EVERY, "0")
    monkeypatch.delenv(SEND_MAIL_EVERY)
    monkeypatch.setenv(EXTEND_SERIES_EVERY, "0")
    try:
        main(["serve"])
        assert os.environ[SEND_MAIL_EVERY] == str(SEND_MAIL_EVERY_SECONDS)
        monkeypatch.setenv(SEND_MAIL_EVERY, "0")
        main(["serve"])
    finally:
        monkeypatch.delenv(SEND_MAIL_EVERY, raising=False)
        get_settings.cache_clear()
    assert seen == [SEND_MAIL_EVERY_SECONDS, 0]


def test_serve_stops_on_a_smtp_url_it_cannot_read(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    import api.cli
    from venues.mail.settings import mail_settings

    served: list[bool] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: served.append(True))
    monkeypatch.setattr(api.cli, "_migrate", lambda quiet=False: None)
    monkeypatch.setenv(SEND_MAIL_EVERY, "0")
    monkeypatch.setenv(EXTEND_SERIES_EVERY, "0")
    monkeypatch.setenv("COMMONROOM_SMTP_URL", "smtp://mail.example?starttls=perhaps")
    mail_settings.cache_clear()
    try:
        with pytest.raises(SystemExit, match="starttls must be 1 or 0"):
            main(["serve"])
    finally:
        monkeypatch.delenv("COMMONROOM_SMTP_URL")
        mail_settings.cache_clear()
        get_settings.cache_clear()
    assert served == []


SCRIPT = textwrap.dedent("""
    import asyncio

    from api.cli import _migrate, main
    from venues.core.database import write_transaction
    from venues.mail.outbox import Mail, enqueue


    async def seed() -> None:
        async with write_transaction():
            for name in ("ann", "bob"):
                await enqueue(Mail(to=f"{name}@example.org", subject=f"Hello {name}", text="Hi", kind="verify_email"))


    _migrate(quiet=True)
    asyncio.run(seed())
    main(["send-mail"])
    main(["send-mail"])
    main(["outbox"])
    """)


def _run(tmp_path: Path, **env: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/cli.sqlite", **env},
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()


def test_send_mail_without_smtp_writes_eml_files_once(tmp_path: Path) -> None:
    folder = tmp_path / "outbox"
    env = {"COMMONROOM_OUTBOX_DIR": str(folder), "COMMONROOM_SMTP_URL": ""}
    lines = _run(tmp_path, **env)
    assert lines[:2] == ["Sent 2; 0 to try again later; 0 failed.", "Sent 0; 0 to try again later; 0 failed."]
    assert lines[-1] == "2 message(s); newest 2 shown."
    assert sorted(file.name for file in folder.iterdir()) == ["1.eml", "2.eml"]
    read = message_from_bytes((folder / "1.eml").read_bytes(), policy=policy.default)
    assert (read["To"], read["Subject"]) == ("ann@example.org", "Hello ann")


def test_send_mail_gives_up_on_an_unreachable_server_and_outbox_lists_the_failures(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {"COMMONROOM_SMTP_URL": f"smtp://127.0.0.1:{port}?timeout=5", "COMMONROOM_MAIL_MAX_ATTEMPTS": "1"}
    lines = _run(tmp_path, **env)
    # One attempt a round while the server is down: each run gives up on one message.
    assert lines[:2] == ["Sent 0; 0 to try again later; 1 failed."] * 2
    assert sum("failed" in line and "@example.org" in line for line in lines) == 2
    failed = subprocess.run(
        [sys.executable, "-m", "api.cli", "outbox", "--failed"],
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/cli.sqlite"},
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parents[2],
    )
    assert failed.returncode == 0, failed.stderr
    assert failed.stdout.strip().splitlines()[-1] == "2 message(s) failed; newest 2 shown."


def test_a_bad_smtp_url_stops_send_mail_with_a_sentence(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "send-mail"],
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/cli.sqlite", "COMMONROOM_SMTP_URL": "http://x"},
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 1
    assert "smtp:// or smtps://" in done.stderr and "Traceback" not in done.stderr
