"""Opening intervals in UTC from weekly local hours, space rows and closures, across clock changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from venues.core.intervals import covers, intersect, merge, subtract
from venues.core.timezones import zone
from venues.models import Closure
from venues.opening.calendar import Calendar, clock_changes, open_by_local_hour, space_opening

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


def hour_cells_of_spans(spans: list[tuple[datetime, datetime]], tz_name: str) -> list[list[int]]:
    """Seconds of UTC spans by local weekday and hour, a quarter of an hour at a time (slow, plain)."""
    cells = [[0] * 24 for _ in range(7)]
    for start, end in spans:
        at, until = int(start.timestamp()), int(end.timestamp())
        while at < until:
            local = datetime.fromtimestamp(at, zone(tz_name))
            step = min(until, (at // 900 + 1) * 900)
            cells[local.weekday()][local.hour] += step - at
            at = step
    return cells


def test_open_time_by_local_hour_counts_what_the_opening_spans_hold_across_clock_changes() -> None:
    first, last = date(2026, 3, 20), date(2026, 11, 5)  # both of London's changes, New York's, Santiago's, Lord Howe's
    rows = [
        (0, time(9), time(17)),
        (2, time(0), time(0)),
        (4, time(18), time(2)),
        (5, time(20), time(2, 30)),
        (6, time(0, 30), time(3)),
    ]
    found = calendar(rows, space_rows=[(day, time(1), time(23)) for day in range(7)])
    found.closures[VENUE] = [
        Closure(venue=VENUE, space=None, starts_on=date(2026, 10, 25), ends_on=date(2026, 10, 25), reason="Shut"),
        Closure(venue=VENUE, space=SPACE, starts_on=date(2026, 4, 1), ends_on=date(2026, 4, 12), reason="Paint"),
        Closure(venue=VENUE, space=OTHER, starts_on=date(2026, 5, 1), ends_on=date(2026, 5, 1), reason="Other"),
    ]
    for tz_name in ("Europe/London", "America/New_York", "America/Santiago", "Australia/Lord_Howe", "Asia/Kolkata"):
        starts_at = datetime.combine(first, time(0), zone(tz_name)).astimezone(UTC)
        ends_at = datetime.combine(last + timedelta(days=1), time(0), zone(tz_name)).astimezone(UTC)
        changes = clock_changes(tz_name, starts_at, ends_at)
        for space_id in (SPACE, OTHER):
            spans = space_opening(found, VENUE, tz_name, space_id, starts_at, ends_at).open
            counted = open_by_local_hour(found, VENUE, space_id, first, last, changes)
            assert counted == hour_cells_of_spans(spans, tz_name), (tz_name, space_id)


def test_a_repeated_hour_is_counted_in_its_hour_and_a_skipped_one_not_at_all() -> None:
    found = calendar(every_day(time(0), time(0)))
    for day, one_oclock in ((date(2026, 10, 25), 7200), (date(2026, 3, 29), 0)):
        starts_at = datetime.combine(day, time(0), zone("Europe/London")).astimezone(UTC)
        changes = clock_changes("Europe/London", starts_at, starts_at + timedelta(days=1))
        cells = open_by_local_hour(found, VENUE, SPACE, day, day, changes)
        assert cells[6][:3] == [3600, one_oclock, 3600]
        assert sum(cells[6]) == 21 * 3600 + 3600 + one_oclock + 3600
