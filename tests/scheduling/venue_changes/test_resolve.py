"""Applying a change with what becomes of its bookings: all in one transaction, series dates as cancelled dates."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest

from scheduling.models import Booking, BookingEvent, Occupancy, Series
from scheduling.recurrence.rules import parse_rrule
from scheduling.series.create import SeriesDraft, create_series
from scheduling.venue_changes import resolve
from scheduling.venue_changes.resolve import Fate, Resolution, close, set_hours
from tests.factories import Factory
from tests.series_support import next_weekday
from venues.core.timezones import local_datetime
from venues.models import Closure
from venues.opening.hours import Interval


def at(day: date, hour: int) -> datetime:
    return local_datetime(day, time(hour), "Europe/London")


async def test_a_failure_after_the_cancellations_leaves_no_closure_and_every_booking_as_it_was(
    factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    day = next_weekday(2, days_ahead=14)
    booking = await factory.booking(space, at(day, 10), at(day, 12))

    async def broken(events: list[Any]) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(resolve, "record_many", broken)
    with pytest.raises(RuntimeError):
        await close(manager.user, venue.id, day, day, "Boiler", None, Resolution(Fate.cancel, reason="Boiler"))

    assert await Closure.count() == 0
    assert (await Booking.select(Booking.status).where(Booking.id == booking.id).first())["status"] == "confirmed"


async def test_a_cancelled_series_date_frees_its_time_and_moves_its_series_sequence(factory: Factory) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, requires_approval=False)
    monday = next_weekday(0, days_ahead=7)
    draft = SeriesDraft(
        space_id=space.id,
        rule=parse_rrule("FREQ=WEEKLY;COUNT=3"),
        dtstart=monday,
        start_time=time(10),
        end_time=time(12),
        title="Pilates",
    )
    created = await create_series(manager.user, draft)
    series_id = created.series.id
    before = (await Series.select(Series.sequence).where(Series.id == series_id).first())["sequence"]
    second = monday + timedelta(days=7)

    _, resolved = await set_hours(
        manager.user,
        venue.id,
        None,
        [Interval(d, time(13) if d == 0 else time(0), time(23, 59)) for d in range(7)],
        Resolution(each={}, every=Fate.cancel, reason="Monday mornings are for the nursery now"),
    )

    assert len(resolved.cancelled) == 3 and resolved.kept == []
    assert (await Series.select(Series.sequence).where(Series.id == series_id).first())["sequence"] > before
    assert await Occupancy.count().where(Occupancy.booking.is_in(resolved.cancelled)) == 0
    events = await BookingEvent.select(BookingEvent.reason).where(
        (BookingEvent.booking.is_in(resolved.cancelled)) & (BookingEvent.action == "cancelled")
    )
    assert {event["reason"] for event in events} == {"Monday mornings are for the nursery now"}
    dates = await Booking.select(Booking.recurrence_id, Booking.status).where(Booking.series == series_id)
    assert {row["recurrence_id"].date(): row["status"] for row in dates} == {
        monday: "cancelled",
        second: "cancelled",
        second + timedelta(days=7): "cancelled",
    }


async def test_a_booking_chosen_on_its_own_wins_over_the_choice_for_all(factory: Factory) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    day = next_weekday(4, days_ahead=14)
    first = await factory.booking(space, at(day, 10), at(day, 11))
    second = await factory.booking(space, at(day, 12), at(day, 13))

    _, resolved = await close(
        manager.user, venue.id, day, day, "Fete", None, Resolution(Fate.cancel, {second.id: Fate.keep}, "Fete day")
    )

    assert (resolved.cancelled, resolved.kept) == ([first.id], [second.id])
    kept = await BookingEvent.select(BookingEvent.actor, BookingEvent.changes).where(
        (BookingEvent.booking == second.id) & (BookingEvent.action == "kept")
    )
    assert kept[0]["actor"] == manager.user.id
