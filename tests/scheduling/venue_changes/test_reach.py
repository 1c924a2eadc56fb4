"""Which bookings a closure or new hours reach: venue-local days, only what newly stops fitting, a bounded cost."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from scheduling.venue_changes.reach import closure_change, hours_change, reached_by
from tests.factories import Factory
from tests.series_support import next_weekday
from venues.core import clock
from venues.core.timezones import local_datetime
from venues.models import Closure
from venues.opening.hours import Interval


def at(day: date, hour: int, minute: int = 0, tz: str = "Europe/London") -> datetime:
    return local_datetime(day, time(hour, minute), tz)


async def test_a_closure_reaches_the_bookings_of_its_days_in_the_venues_own_time_zone(factory: Factory) -> None:
    venue = await factory.venue(timezone="America/New_York")
    space = await factory.space(venue)
    day = next_weekday(2, days_ahead=14)
    tz = "America/New_York"
    evening_before = await factory.booking(
        space, at(day - timedelta(days=1), 22, tz=tz), at(day - timedelta(days=1), 23, tz=tz)
    )
    just_after_midnight = await factory.booking(space, at(day, 0, 30, tz=tz), at(day, 1, 30, tz=tz))
    last_evening = await factory.booking(space, at(day, 22, tz=tz), at(day, 23, tz=tz))
    next_morning = await factory.booking(
        space, at(day + timedelta(days=1), 8, tz=tz), at(day + timedelta(days=1), 9, tz=tz)
    )
    assert evening_before.starts_at.date() != next_morning.starts_at.date()

    change = await closure_change(Closure(venue=venue.id, starts_on=day, ends_on=day, reason="Snow"), tz)
    found = await reached_by(change, clock.now())

    assert [item.id for item in found] == [just_after_midnight.id, last_evening.id]
    assert found[0].as_json()["starts_local"] == at(day, 0, 30, tz=tz).isoformat()


async def test_a_booking_that_already_does_not_fit_is_not_reported_again(factory: Factory) -> None:
    venue = await factory.venue()
    space = await factory.space(venue)
    day = next_weekday(3, days_ahead=14)
    outside_already = await factory.booking(space, at(day, 10), at(day, 12))
    fits = await factory.booking(space, at(day, 14), at(day, 16))
    # Hours that open at 11:00 that day leave the morning outside already (kept, say, when they changed).
    await hours_row(venue.id, day.weekday(), time(11), time(23, 59))

    change = await closure_change(Closure(venue=venue.id, starts_on=day, ends_on=day, reason="Flood"), venue.timezone)
    found = [item.id for item in await reached_by(change, clock.now())]

    assert found == [fits.id] and outside_already.id not in found


async def hours_row(venue_id: int, weekday: int, opens: time, closes: time) -> None:
    from venues.models import OpeningHours

    await OpeningHours.update({OpeningHours.opens: opens, OpeningHours.closes: closes}).where(
        (OpeningHours.venue == venue_id) & OpeningHours.space.is_null() & (OpeningHours.weekday == weekday)
    )


async def test_longer_hours_reach_nothing_and_bookings_over_or_cancelled_are_never_reached(factory: Factory) -> None:
    venue = await factory.venue()
    space = await factory.space(venue)
    day = next_weekday(4, days_ahead=7)
    await factory.booking(space, at(day, 19), at(day, 21, 30), status="cancelled")
    await factory.booking(space, at(day - timedelta(days=21), 19), at(day - timedelta(days=21), 21, 30))
    late = await factory.booking(space, at(day, 19), at(day, 21, 30))
    whole_week = [Interval(d, time(0), time(23, 59)) for d in range(7)]
    short_friday = [Interval(d, time(9), time(21) if d == 4 else time(23, 59)) for d in range(7)]

    assert await reached_by(hours_change(venue.id, None, whole_week), clock.now()) == []
    found = await reached_by(hours_change(venue.id, None, short_friday), clock.now())

    assert [item.id for item in found] == [late.id]
    assert "09:00–21:00" in found[0].why


async def test_new_hours_over_many_bookings_cost_a_few_queries(factory: Factory, query_log: list[str]) -> None:
    venue = await factory.venue()
    spaces = [await factory.space(venue) for _ in range(3)]
    monday = next_weekday(0, days_ahead=7)
    for week in range(40):
        for space in spaces:
            day = monday + timedelta(days=7 * week)
            await factory.booking(space, at(day, 20), at(day, 22))
    query_log.clear()

    found = await reached_by(hours_change(venue.id, None, [Interval(0, time(9), time(21))]), clock.now())

    assert len(found) == 120
    assert len(query_log) <= 6, query_log
