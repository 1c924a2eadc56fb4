"""Series' later dates are booked by a job, not by readers: ``commonroom serve`` runs it in every worker."""

from __future__ import annotations

import asyncio
import os
from datetime import time, timedelta
from typing import Any

import pytest

import api.background
import scheduling.series.extension
from api.background import start_background_jobs, stop_background_jobs
from api.cli import EXTEND_SERIES_HOURLY, main
from api.settings import EXTEND_SERIES_EVERY, get_settings
from scheduling.models import Booking
from scheduling.recurrence.rules import parse_rrule
from scheduling.series.create import SeriesDraft, create_series
from scheduling.series.extension import extend_all_series, extend_periodically
from tests.factories import Factory
from venues.core import clock


class Stop(Exception):
    """Ends the loop after the runs a test wants."""


async def test_the_periodic_extension_books_due_dates_and_carries_on_after_a_failed_run(
    factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager = await factory.account("manager")
    space = await factory.space(await factory.venue(manager=manager), horizon_days=28)
    then = clock.now() - timedelta(days=14)
    draft = SeriesDraft(space.id, parse_rrule("FREQ=WEEKLY;BYDAY=SA"), then.date(), time(9), time(11))
    made = await create_series(manager.user, draft, now=then)
    runs: list[str] = []

    async def flaky() -> Any:
        if not runs:
            runs.append("failed")
            raise RuntimeError("the database went away")
        runs.append("ran")
        return await extend_all_series()

    waits: list[float] = []

    async def wait(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 2:
            raise Stop

    monkeypatch.setattr(scheduling.series.extension, "extend_all_series", flaky)
    with pytest.raises(Stop):
        await extend_periodically(60, wait)
    assert (runs, waits) == (["failed", "ran"], [60, 60])
    assert await Booking.count().where(Booking.series == made.series.id) == len(made.booked) + 2


async def test_workers_start_the_extension_only_when_asked_and_stop_it_on_shutdown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started = asyncio.Event()
    asked: list[float] = []

    async def job(every: float) -> None:
        asked.append(every)
        started.set()
        await asyncio.Event().wait()

    monkeypatch.setattr(api.background, "extend_periodically", job)
    monkeypatch.setenv(EXTEND_SERIES_EVERY, "0")
    get_settings.cache_clear()
    try:
        await start_background_jobs()
        assert not api.background._running
        monkeypatch.setenv(EXTEND_SERIES_EVERY, "120")
        get_settings.cache_clear()
        await start_background_jobs()
        await started.wait()
        (task,) = api.background._running
        await stop_background_jobs()
        assert task.cancelled() and asked == [120] and not api.background._running
    finally:
        get_settings.cache_clear()


def test_serve_makes_the_extension_hourly_unless_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    import api.cli

    seen: list[int] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: seen.append(get_settings().extend_series_every_seconds))
    monkeypatch.setattr(api.cli, "_migrate", lambda quiet=False: None)
    # Set, then removed: monkeypatch records the variable's absence only when it removes it, so
    # the value serve sets is taken back at the end too.
    monkeypatch.setenv(EXTEND_SERIES_EVERY, "0")
    monkeypatch.delenv(EXTEND_SERIES_EVERY)
    # serve also sets how often mail is sent; monkeypatch puts that back afterwards too.
    monkeypatch.setenv("COMMONROOM_SEND_MAIL_EVERY", "0")
    try:
        main(["serve"])
        assert os.environ[EXTEND_SERIES_EVERY] == str(EXTEND_SERIES_HOURLY)
        monkeypatch.setenv(EXTEND_SERIES_EVERY, "0")
        main(["serve"])
    finally:
        monkeypatch.delenv(EXTEND_SERIES_EVERY, raising=False)
        get_settings.cache_clear()
    assert seen == [EXTEND_SERIES_HOURLY, 0]
