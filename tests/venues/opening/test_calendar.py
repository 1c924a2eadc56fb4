"""Opening intervals in UTC from weekly local hours, space rows and closures, across clock changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from venues.core.intervals import covers, intersect, merge, subtract
from venues.models import Closure
from venues.opening.calendar import Calendar, space_opening

UTC = UTC
VENUE, SPACE, OTHER = 1, 10, 11


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def calendar(venue_rows: list[tuple[int, time, time]], space_rows: list[tuple[int, time, time]] = ()) -> Calendar:
    found = Calendar()
    found.hours[(VENUE, None)] = list(venue_rows)
    if space_rows:
        found.hours[(VENUE, SPACE)] = list(space_rows)
    return found


def every_day(opens: time, closes: time) -> list[tuple[int, time, time]]:
    return [(day, opens, closes) for day in range(7)]


def test_interval_operations_treat_intervals_as_half_open() -> None:
    assert merge([(5, 7), (1, 3), (3, 4), (6, 9), (10, 10)]) == [(1, 4), (5, 9)]
    assert intersect([(1, 5), (8, 12)], [(4, 9)]) == [(4, 5), (8, 9)]
    assert subtract([(0, 10)], [(2, 3), (3, 5), (9, 12)]) == [(0, 2), (5, 9)]
    assert covers([(0, 10)], 0, 10) and not covers([(0, 5), (5, 10)], 4, 6)


def test_wall_clock_hours_keep_their_local_times_across_the_spring_clock_change() -> None:
    # UK clocks go forward at 01:00 UTC on Sunday 28 March 2027.
    found = calendar(every_day(time(9), time(17)))
    opening = space_opening(found, VENUE, "Europe/London", SPACE, utc(2027, 3, 27), utc(2027, 3, 29))
    assert opening.open == [(utc(2027, 3, 27, 9), utc(2027, 3, 27, 17)), (utc(2027, 3, 28, 8), utc(2027, 3, 28, 16))]


def test_hours_spanning_the_autumn_change_last_an_hour_longer() -> None:
    # UK clocks go back at 01:00 UTC on Sunday 31 October 2027: 00:00–03:00 local lasts four hours.
    found = calendar([(6, time(0), time(3))])
    opening = space_opening(found, VENUE, "Europe/London", SPACE, utc(2027, 10, 30), utc(2027, 11, 1))
    assert opening.open == [(utc(2027, 10, 30, 23), utc(2027, 10, 31, 3))]


def test_space_rows_narrow_the_venue_hours_and_other_days_without_space_rows_are_closed() -> None:
    found = calendar(every_day(time(8), time(22)), space_rows=[(0, time(6), time(12)), (0, time(18), time(23))])
    # Monday 11 January 2027, GMT.
    opening = space_opening(found, VENUE, "Europe/London", SPACE, utc(2027, 1, 11), utc(2027, 1, 13))
    assert opening.open == [(utc(2027, 1, 11, 8), utc(2027, 1, 11, 12)), (utc(2027, 1, 11, 18), utc(2027, 1, 11, 22))]


def test_closures_remove_whole_local_days_of_the_venue_the_space_and_the_named_parts_only() -> None:
    found = calendar(every_day(time(0), time(23, 59)))
    found.closures[VENUE] = [
        Closure(venue=VENUE, space=None, starts_on=date(2027, 7, 1), ends_on=date(2027, 7, 1), reason="Fete"),
        Closure(venue=VENUE, space=OTHER, starts_on=date(2027, 7, 3), ends_on=date(2027, 7, 3), reason="Floor"),
    ]
    window = (utc(2027, 6, 30), utc(2027, 7, 5))
    plain = space_opening(found, VENUE, "Europe/London", SPACE, *window)
    # BST: local midnight is 23:00 UTC the day before.
    assert [(c.starts_at, c.ends_at, c.reason) for c in plain.closures] == [
        (utc(2027, 6, 30, 23), utc(2027, 7, 1, 23), "Fete")
    ]
    assert not any(a < utc(2027, 7, 1, 23) and b > utc(2027, 6, 30, 23) for a, b in plain.open)
    assert covers(plain.open, utc(2027, 7, 3, 9), utc(2027, 7, 3, 12))
    combined = space_opening(found, VENUE, "Europe/London", SPACE, *window, closure_space_ids=[OTHER])
    assert not covers(combined.open, utc(2027, 7, 3, 9), utc(2027, 7, 3, 12))


def test_a_late_finish_runs_into_the_next_day_and_is_open_only_until_it_closes() -> None:
    # Saturday 16 January 2027, GMT: Saturday 18:00 – 01:00 (next day).
    found = calendar([(5, time(18), time(1))])
    opening = space_opening(found, VENUE, "Europe/London", SPACE, utc(2027, 1, 16), utc(2027, 1, 18))
    assert opening.open == [(utc(2027, 1, 16, 18), utc(2027, 1, 17, 1))]
    assert covers(opening.open, utc(2027, 1, 16, 22), utc(2027, 1, 17, 0, 45))
    assert not covers(opening.open, utc(2027, 1, 17, 1), utc(2027, 1, 17, 1, 30))


def test_a_window_starting_at_midnight_keeps_the_previous_evenings_late_finish() -> None:
    # Sunday 20:00 – 02:00 (next day) reaches into Monday 18 January 2027 when asked about Monday alone.
    found = calendar([(6, time(20), time(2))])
    opening = space_opening(found, VENUE, "Europe/London", SPACE, utc(2027, 1, 18), utc(2027, 1, 19))
    assert opening.open == [(utc(2027, 1, 18), utc(2027, 1, 18, 2))]


def test_a_late_finish_on_the_autumn_change_night_is_an_hour_longer_in_utc() -> None:
    # UK clocks go back at 01:00 UTC on Sunday 31 October 2027: Saturday 20:00 BST to Sunday 02:00 GMT is 7 hours.
    found = calendar([(5, time(20), time(2))])
    opening = space_opening(found, VENUE, "Europe/London", SPACE, utc(2027, 10, 30), utc(2027, 11, 1))
    assert opening.open == [(utc(2027, 10, 30, 19), utc(2027, 10, 31, 2))]
    assert opening.open[0][1] - opening.open[0][0] == timedelta(hours=7)


def test_a_late_finish_on_the_spring_change_night_is_an_hour_shorter_in_utc() -> None:
    # UK clocks go forward at 01:00 UTC on Sunday 28 March 2027: Saturday 20:00 GMT to Sunday 02:00 BST is 5 hours.
    found = calendar([(5, time(20), time(2))])
    opening = space_opening(found, VENUE, "Europe/London", SPACE, utc(2027, 3, 27), utc(2027, 3, 29))
    assert opening.open == [(utc(2027, 3, 27, 20), utc(2027, 3, 28, 1))]
    assert opening.open[0][1] - opening.open[0][0] == timedelta(hours=5)


def test_a_closing_time_the_clocks_skip_is_when_they_jump_and_one_they_repeat_is_its_first_reading() -> None:
    found = calendar([(5, time(20), time(1, 30))])
    spring = space_opening(found, VENUE, "Europe/London", SPACE, utc(2027, 3, 27), utc(2027, 3, 29))
    # 01:30 never shows on 28 March 2027: the clock goes from 01:00 GMT straight to 02:00 BST, at 01:00 UTC.
    assert spring.open == [(utc(2027, 3, 27, 20), utc(2027, 3, 28, 1))]
    autumn = space_opening(found, VENUE, "Europe/London", SPACE, utc(2027, 10, 30), utc(2027, 11, 1))
    # 01:30 shows twice on 31 October 2027; the venue closes the first time, 01:30 BST (00:30 UTC).
    assert autumn.open == [(utc(2027, 10, 30, 19), utc(2027, 10, 31, 0, 30))]


def test_midnight_to_midnight_every_day_is_open_without_a_break() -> None:
    found = calendar(every_day(time(0), time(0)))
    opening = space_opening(found, VENUE, "Europe/London", SPACE, utc(2027, 1, 11), utc(2027, 1, 18))
    assert opening.open == [(utc(2027, 1, 11), utc(2027, 1, 18))]
