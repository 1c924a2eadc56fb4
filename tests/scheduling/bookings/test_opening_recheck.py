"""A closure that commits after a booking's rules were checked, but before it is written, still refuses it.

The first check runs before the write transaction; the one that matters runs
inside it, after the venue's row is held. Here the closure is made at exactly
that moment (between the two), on either engine, for a new booking, a move and
a series.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime, time
from typing import Any

import pytest

from scheduling.bookings import changes, workflow
from scheduling.bookings.workflow import BookingDraft, request_booking
from scheduling.models import Booking, Occupancy
from scheduling.recurrence.rules import parse_rrule
from scheduling.series import create
from scheduling.series.conflicts import SeriesConflict
from scheduling.series.create import SeriesDraft, create_series
from scheduling.venue_changes.resolve import close
from tests.factories import Account, Factory
from tests.series_support import next_weekday
from venues.core.errors import RuleViolation
from venues.core.timezones import local_datetime
from venues.models import Space, Venue


def at(day: date, hour: int) -> datetime:
    return local_datetime(day, time(hour), "Europe/London")


async def hall(factory: Factory) -> tuple[Account, Account, Venue, Space]:
    manager, member = await factory.account("manager"), await factory.account("member")
    venue = await factory.venue(manager=manager)
    return manager, member, venue, await factory.space(venue, name="Main hall", horizon_days=120)


def closing_after(
    module: Any, name: str, monkeypatch: pytest.MonkeyPatch, manager: Account, venue: Venue, day: date
) -> None:
    """``module.name`` runs as before, then the venue closes on ``day`` (nothing on it yet to resolve)."""
    checked = getattr(module, name)

    async def then_closed(*args: Any, **kwargs: Any) -> Any:
        result = await checked(*args, **kwargs)
        await close(manager.user, venue.id, day, day, "Burst pipe", None)
        return result

    monkeypatch.setattr(module, name, then_closed)


async def test_a_booking_checked_before_a_closure_committed_is_refused_when_written(
    factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager, member, venue, space = await hall(factory)
    day = next_weekday(2, days_ahead=14)
    closing_after(workflow, "check_booking", monkeypatch, manager, venue, day)

    with pytest.raises(RuleViolation) as refused:
        await request_booking(member.user, BookingDraft(space.id, at(day, 10), at(day, 12), title="Quiz"))

    assert refused.value.rule == "closure" and "Burst pipe" in refused.value.detail
    assert await Booking.count() == 0 and await Occupancy.count() == 0


async def test_a_move_checked_before_a_closure_committed_is_refused_and_the_booking_stays_where_it_was(
    factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager, member, venue, space = await hall(factory)
    day = next_weekday(2, days_ahead=14)
    elsewhere = next_weekday(3, days_ahead=14)
    booking = await request_booking(member.user, BookingDraft(space.id, at(elsewhere, 10), at(elsewhere, 12)))
    closing_after(changes, "check_booking", monkeypatch, manager, venue, day)

    with pytest.raises(RuleViolation) as refused:
        await changes.change_booking(member.user, booking.id, {"starts_at": at(day, 10), "ends_at": at(day, 12)})

    assert refused.value.rule == "closure"
    row = await Booking.select(Booking.starts_at).where(Booking.id == booking.id).first()
    assert row["starts_at"] == at(elsewhere, 10)


async def test_series_dates_checked_before_a_closure_committed_are_checked_again_when_written(
    factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager, _, venue, space = await hall(factory)
    first = next_weekday(2, days_ahead=7)
    closed = next_weekday(2, days_ahead=14)
    guarded = create.guarded

    @asynccontextmanager
    async def closed_then_guarded(refusal: Any) -> AsyncIterator[None]:
        await close(manager.user, venue.id, closed, closed, "Burst pipe", None)
        async with guarded(refusal):
            yield

    monkeypatch.setattr(create, "guarded", closed_then_guarded)
    draft = SeriesDraft(space.id, parse_rrule("FREQ=WEEKLY;COUNT=3"), first, time(10), time(12), title="Choir")

    with pytest.raises(SeriesConflict) as refused:
        await create_series(manager.user, draft)

    assert [clash["rule"] for clash in refused.value.extra["clashes"]] == ["closure"]
    assert await Booking.count() == 0
