"""Booking rules in the domain: a booking must lie within open time, including hours that run past midnight."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from scheduling.bookings.rules import check_booking
from tests.factories import Factory
from venues.core.errors import RuleViolation
from venues.opening.hours import Interval, replace_weekly_hours
from venues.spaces.bookable import Bookable, load_bookable

LONDON = "Europe/London"
NOW = datetime(2027, 1, 1, tzinfo=UTC)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


async def late_saturdays(factory: Factory, *extra: Interval) -> Bookable:
    """A hall open Saturday 18:00 – 01:00 (next day), and whatever else is asked."""
    venue = await factory.venue(timezone=LONDON)
    space = await factory.space(venue, open_all_week=False, max_booking_minutes=12 * 60)
    await replace_weekly_hours(venue.id, None, [Interval(5, time(18), time(1)), *extra])
    return await load_bookable(space.id)


async def refusal(bookable: Bookable, starts_at: datetime, ends_at: datetime, now: datetime = NOW) -> RuleViolation:
    with pytest.raises(RuleViolation) as raised:
        await check_booking(bookable, starts_at, ends_at, 1, now)
    return raised.value


async def test_a_booking_may_run_past_midnight_within_a_late_finish_but_not_past_closing(factory: Factory) -> None:
    hall = await late_saturdays(factory)
    # Saturday 16 January 2027 (GMT) 22:00 until 00:45 on Sunday.
    assert await check_booking(hall, utc(2027, 1, 16, 22), utc(2027, 1, 17, 0, 45), 1, NOW) == []
    assert await check_booking(hall, utc(2027, 1, 16, 18), utc(2027, 1, 17, 1), 1, NOW) == []
    after_closing = await refusal(hall, utc(2027, 1, 17, 1), utc(2027, 1, 17, 1, 30))
    assert after_closing.rule == "opening_hours"
    assert "on Sun 17 Jan" in after_closing.detail and "open 00:00–01:00" in after_closing.detail
    too_late = await refusal(hall, utc(2027, 1, 16, 22), utc(2027, 1, 17, 1, 15))
    assert too_late.rule == "opening_hours"
    assert "on Sat 16 Jan" in too_late.detail and "open 18:00–01:00 (next day)" in too_late.detail


async def test_a_late_finish_and_the_next_mornings_hours_are_separate_periods(factory: Factory) -> None:
    hall = await late_saturdays(factory, Interval(6, time(9), time(12)))
    assert await check_booking(hall, utc(2027, 1, 17, 9), utc(2027, 1, 17, 12), 1, NOW) == []
    # Closed from 01:00 to 09:00 on Sunday: a booking across that gap fits neither period.
    across = await refusal(hall, utc(2027, 1, 16, 23), utc(2027, 1, 17, 10))
    assert across.rule == "opening_hours"
    assert "open 18:00–01:00 (next day)" in across.detail


async def test_on_the_autumn_change_night_a_late_finish_holds_seven_hours(factory: Factory) -> None:
    venue = await factory.venue(timezone=LONDON)
    space = await factory.space(venue, open_all_week=False, max_booking_minutes=12 * 60)
    await replace_weekly_hours(venue.id, None, [Interval(5, time(20), time(2))])
    hall = await load_bookable(space.id)
    now = utc(2027, 10, 1)
    # Saturday 30 October 2027 20:00 BST (19:00 UTC) to Sunday 02:00 GMT (02:00 UTC): seven hours.
    assert await check_booking(hall, utc(2027, 10, 30, 19), utc(2027, 10, 31, 2), 1, now) == []
    assert (await refusal(hall, utc(2027, 10, 30, 19), utc(2027, 10, 31, 2, 1), now)).rule == "opening_hours"
    assert (await refusal(hall, utc(2027, 10, 30, 18, 59), utc(2027, 10, 31, 1), now)).rule == "opening_hours"


async def test_on_the_spring_change_night_a_late_finish_holds_five_hours(factory: Factory) -> None:
    venue = await factory.venue(timezone=LONDON)
    space = await factory.space(venue, open_all_week=False, max_booking_minutes=12 * 60)
    await replace_weekly_hours(venue.id, None, [Interval(5, time(20), time(2))])
    hall = await load_bookable(space.id)
    now = utc(2027, 3, 1)
    # Saturday 27 March 2027 20:00 GMT (20:00 UTC) to Sunday 02:00 BST (01:00 UTC): five hours.
    assert await check_booking(hall, utc(2027, 3, 27, 20), utc(2027, 3, 28, 1), 1, now) == []
    assert (await refusal(hall, utc(2027, 3, 27, 20), utc(2027, 3, 28, 1, 1), now)).rule == "opening_hours"
