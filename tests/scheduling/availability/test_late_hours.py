"""Free time and space search over opening hours that run past midnight, on ordinary and clock-change nights."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from scheduling.availability.free_time import space_availability
from scheduling.availability.space_search import SpaceSearch, search_spaces
from tests.factories import Factory
from venues.models import Space
from venues.opening.hours import Interval, replace_weekly_hours

LONDON = "Europe/London"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


async def late_hall(factory: Factory, opens: time, closes: time) -> Space:
    venue = await factory.venue(timezone=LONDON)
    space = await factory.space(venue, open_all_week=False, max_booking_minutes=12 * 60)
    await replace_weekly_hours(venue.id, None, [Interval(5, opens, closes)])
    return space


async def test_free_time_lists_a_late_finish_as_one_window_across_midnight(factory: Factory) -> None:
    space = await late_hall(factory, time(18), time(1))
    found, _ = await space_availability(None, space.id, datetime(2027, 1, 16), datetime(2027, 1, 18), utc(2027, 1, 1))
    assert found.free == [(utc(2027, 1, 16, 18), utc(2027, 1, 17, 1))]


async def test_free_time_asked_from_sunday_midnight_still_has_saturdays_late_hour(factory: Factory) -> None:
    space = await late_hall(factory, time(18), time(1))
    found, _ = await space_availability(None, space.id, datetime(2027, 1, 17), datetime(2027, 1, 18), utc(2027, 1, 1))
    assert found.free == [(utc(2027, 1, 17), utc(2027, 1, 17, 1))]


async def test_free_time_on_the_clock_change_nights_follows_the_wall_clock(factory: Factory) -> None:
    space = await late_hall(factory, time(20), time(2))
    autumn, _ = await space_availability(
        None, space.id, datetime(2027, 10, 30), datetime(2027, 11, 1), utc(2027, 10, 1)
    )
    assert autumn.free == [(utc(2027, 10, 30, 19), utc(2027, 10, 31, 2))]
    assert autumn.free[0][1] - autumn.free[0][0] == timedelta(hours=7)
    spring, _ = await space_availability(None, space.id, datetime(2027, 3, 27), datetime(2027, 3, 29), utc(2027, 3, 1))
    assert spring.free == [(utc(2027, 3, 27, 20), utc(2027, 3, 28, 1))]
    assert spring.free[0][1] - spring.free[0][0] == timedelta(hours=5)


async def test_space_search_finds_a_late_party_inside_the_hours_and_not_after_closing(factory: Factory) -> None:
    space = await late_hall(factory, time(18), time(1))
    now = utc(2027, 1, 1)
    party = await search_spaces(SpaceSearch(datetime(2027, 1, 16, 22), datetime(2027, 1, 17, 0, 45)), now)
    assert [hit.bookable.space.id for hit in party] == [space.id]
    after = await search_spaces(SpaceSearch(datetime(2027, 1, 17, 1), datetime(2027, 1, 17, 1, 30)), now)
    assert after == []
