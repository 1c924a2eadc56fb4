"""A job's lease: one holder however many take it at once, renewed by its holder, taken over once it has passed,
and a periodic job that runs its turn only while it holds it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import venues.mail.sender
from venues.core import leases
from venues.core.clock import frozen_at
from venues.core.database import write_transaction
from venues.mail.outbox import Mail, enqueue
from venues.mail.sender import send_periodically
from venues.models import JobLease, OutboxMessage

NOON = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


class Stop(Exception):
    """Ends a periodic loop after its first turn."""


async def test_many_takers_at_once_leave_exactly_one_holder() -> None:
    holders = [f"host-{n}:{1000 + n}:abcd" for n in range(20)]
    with frozen_at(NOON):
        taken = await asyncio.gather(*(leases.take("send-mail", 60, holder) for holder in holders))
        assert sum(taken) == 1
        (winner,) = [holder for holder, won in zip(holders, taken, strict=True) if won]
        assert await leases.holder_of("send-mail") == winner
    assert await JobLease.count() == 1


async def test_a_lease_that_has_passed_is_taken_by_many_at_once_by_one() -> None:
    with frozen_at(NOON):
        assert await leases.take("send-mail", 60, "old:1:aaaa")
    later = [f"new-{n}:{n}:bbbb" for n in range(20)]
    with frozen_at(NOON + timedelta(seconds=60)):
        taken = await asyncio.gather(*(leases.take("send-mail", 60, holder) for holder in later))
        assert sum(taken) == 1
        assert await leases.holder_of("send-mail") in later


async def test_the_holder_renews_and_others_wait_until_it_passes() -> None:
    with frozen_at(NOON):
        assert await leases.take("extend-series", 60, "a:1:aaaa")
        assert not await leases.take("extend-series", 60, "b:2:bbbb")
    with frozen_at(NOON + timedelta(seconds=50)):
        assert await leases.take("extend-series", 60, "a:1:aaaa")  # renewed: now until 12:01:50
    with frozen_at(NOON + timedelta(seconds=100)):
        assert not await leases.take("extend-series", 60, "b:2:bbbb")
        assert await leases.holder_of("extend-series") == "a:1:aaaa"
    with frozen_at(NOON + timedelta(seconds=110)):
        assert await leases.take("extend-series", 60, "b:2:bbbb")
        assert not await leases.take("extend-series", 60, "a:1:aaaa")
        assert await leases.holder_of("extend-series") == "b:2:bbbb"


async def test_leases_of_different_jobs_are_separate_and_a_released_one_is_free_at_once() -> None:
    with frozen_at(NOON):
        assert await leases.take("send-mail", 60, "a:1:aaaa")
        assert await leases.take("openactive-stamp", 60, "b:2:bbbb")
        await leases.release("send-mail", "b:2:bbbb")  # not b's to give back
        assert not await leases.take("send-mail", 60, "b:2:bbbb")
        await leases.release("send-mail", "a:1:aaaa")
        assert await leases.holder_of("send-mail") is None
        assert await leases.take("send-mail", 60, "b:2:bbbb")


def test_a_process_is_one_holder_and_the_lease_outlasts_the_interval() -> None:
    assert leases.this_process() == leases.this_process()
    host, pid, random = leases.this_process().split(":")
    assert host and int(pid) > 0 and len(random) == 8
    assert leases.lease_seconds(10) == 60 and leases.lease_seconds(3600) == 7200


async def test_a_periodic_job_skips_its_turn_while_another_process_holds_its_lease(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from venues.mail.settings import MailSettings

    monkeypatch.setattr(
        venues.mail.sender, "mail_settings", lambda: MailSettings("", str(tmp_path), "c@testserver", "Commonroom", 3)
    )

    async def one_turn(seconds: float) -> None:
        raise Stop

    with frozen_at(NOON):
        async with write_transaction():
            await enqueue(Mail(to="ann@example.org", subject="Hello", text="Hi", kind="verify_email"))
        assert await leases.take("send-mail", 60, "elsewhere:1:aaaa")
        with pytest.raises(Stop):
            await send_periodically(10, one_turn)
        assert await OutboxMessage.count().where(OutboxMessage.status == "sent") == 0
        assert await leases.holder_of("send-mail") == "elsewhere:1:aaaa"
    with frozen_at(NOON + timedelta(seconds=60)):
        with pytest.raises(Stop):
            await send_periodically(10, one_turn)
        assert await OutboxMessage.count().where(OutboxMessage.status == "sent") == 1
        # Stopping gave the lease back, so another process's next turn takes it.
        assert await leases.holder_of("send-mail") is None


async def test_a_turn_runs_under_this_process_lease(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Any] = []

    async def turn() -> None:
        seen.append(await leases.holder_of("send-digests"))

    with frozen_at(NOON):
        assert await leases.run_leased("send-digests", 60, turn)
        assert seen == [leases.this_process()]
