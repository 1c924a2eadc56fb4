"""Weekly opening hours: checking a week and replacing it all or nothing."""

from __future__ import annotations

from datetime import time

import pytest

from tests.factories import Factory
from venues.core.errors import InvalidInput
from venues.opening.hours import Interval, check_week, interval_text, parse_clock, replace_weekly_hours, weekly_hours


def iv(weekday: int, opens: str, closes: str) -> Interval:
    return Interval(weekday, parse_clock(opens, "opens"), parse_clock(closes, "closes"))


def test_parse_clock() -> None:
    assert parse_clock("07:05", "x") == time(7, 5)
    for bad in ("24:00", "7", "ab:cd", "10:60"):
        with pytest.raises(InvalidInput) as raised:
            parse_clock(bad, "hours[3].opens")
        assert raised.value.field == "hours[3].opens"


def test_a_good_week_comes_back_sorted() -> None:
    week = [iv(2, "18:00", "22:00"), iv(0, "09:00", "12:00"), iv(2, "09:00", "12:00")]
    assert check_week(week) == [week[1], week[2], week[0]]


def test_touching_intervals_are_allowed() -> None:
    assert len(check_week([iv(0, "09:00", "12:00"), iv(0, "12:00", "15:00")])) == 2


def test_a_closing_time_before_the_opening_time_closes_the_next_day() -> None:
    late = iv(5, "18:00", "01:00")
    assert late.closes_next_day and not late.whole_day
    assert interval_text(late) == "Saturday 18:00 – 01:00 (next day)"
    assert interval_text(iv(5, "18:00", "00:00")) == "Saturday 18:00 – 00:00 (next day)"
    assert interval_text(iv(0, "09:00", "17:00")) == "Monday 09:00 – 17:00"
    # Saturday's late finish may meet Sunday's early opening, and Sunday's Monday's, without overlapping.
    week = [iv(5, "18:00", "01:00"), iv(6, "01:00", "03:00"), iv(6, "20:00", "02:00"), iv(0, "02:00", "09:00")]
    assert check_week(week) == sorted(week)


def test_midnight_to_midnight_is_the_whole_day_and_a_week_of_them_is_always_open() -> None:
    whole = iv(2, "00:00", "00:00")
    assert whole.whole_day and interval_text(whole) == "Wednesday 00:00 – 00:00 (all day)"
    assert len(check_week([iv(day, "00:00", "00:00") for day in range(7)])) == 7


def test_an_overlap_across_midnight_names_both_rows_with_their_next_day() -> None:
    with pytest.raises(InvalidInput) as raised:
        check_week([iv(5, "18:00", "01:00"), iv(6, "00:30", "09:00")])
    assert raised.value.detail.startswith("Sunday 00:30 – 09:00 overlaps Saturday 18:00 – 01:00 (next day) (hours[0])")


@pytest.mark.parametrize(
    ("week", "field"),
    [
        ([iv(0, "09:00", "17:00"), iv(1, "17:00", "17:00")], "hours[1].closes"),
        ([iv(0, "09:00", "09:00")], "hours[0].closes"),
        ([iv(5, "18:00", "01:00"), iv(6, "00:30", "09:00")], "hours[1].opens"),
        ([iv(6, "00:30", "09:00"), iv(5, "18:00", "01:00")], "hours[0].opens"),
        ([iv(0, "01:00", "09:00"), iv(2, "10:00", "12:00"), iv(6, "22:00", "02:00")], "hours[0].opens"),
        ([iv(1, "00:00", "00:00"), iv(1, "23:00", "01:00")], "hours[1].opens"),
        ([iv(1, "09:00", "08:00"), iv(2, "07:59", "12:00")], "hours[1].opens"),
        ([Interval(7, time(9), time(10))], "hours[0].weekday"),
        ([iv(4, "09:00", "13:00"), iv(3, "10:00", "11:00"), iv(4, "12:59", "14:00")], "hours[2].opens"),
        ([iv(4, "10:00", "11:00"), iv(4, "08:00", "20:00")], "hours[0].opens"),
    ],
)
def test_bad_weeks_name_the_row(week: list[Interval], field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        check_week(week)
    assert raised.value.field == field


async def test_replace_keeps_venue_and_space_rows_apart(factory: Factory) -> None:
    venue = await factory.venue()
    space = await factory.space(venue, open_all_week=False)
    await replace_weekly_hours(venue.id, None, [iv(0, "08:00", "22:00")])
    await replace_weekly_hours(venue.id, space.id, [iv(0, "10:00", "12:00")])
    assert await weekly_hours(venue.id) == [iv(0, "08:00", "22:00")]
    assert await weekly_hours(venue.id, space.id) == [iv(0, "10:00", "12:00")]
    await replace_weekly_hours(venue.id, space.id, [])
    assert await weekly_hours(venue.id, space.id) == []
    assert await weekly_hours(venue.id) == [iv(0, "08:00", "22:00")]


async def test_a_refused_week_leaves_the_stored_one(factory: Factory) -> None:
    venue = await factory.venue()
    await replace_weekly_hours(venue.id, None, [iv(day, "09:00", "17:00") for day in range(5)])
    with pytest.raises(InvalidInput):
        await replace_weekly_hours(venue.id, None, [iv(0, "10:00", "11:00"), iv(1, "11:00", "11:00")])
    assert await weekly_hours(venue.id) == [iv(day, "09:00", "17:00") for day in range(5)]
