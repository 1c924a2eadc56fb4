"""Time zones: validation, UTC storage and local wall-clock times across DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from venues.core.errors import InvalidInput
from venues.core.timezones import local_datetime, split_at_midnights, to_utc, wall_clock_instant, zone


@pytest.mark.parametrize("name", ["Europe/London", "America/New_York", "UTC", "Australia/Lord_Howe"])
def test_iana_names_are_accepted(name: str) -> None:
    assert zone(name).key == name


@pytest.mark.parametrize("name", ["Mars/Olympus", "", "London", "EST5EDT/", "../../etc/passwd", "Europe/London\x00"])
def test_other_names_are_invalid_input_on_the_timezone_field(name: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        zone(name)
    assert raised.value.field == "timezone"
    assert "IANA" in raised.value.detail


def test_naive_time_is_read_in_the_venue_zone() -> None:
    summer = to_utc(datetime(2027, 7, 1, 19, 0), "Europe/London")
    assert summer == datetime(2027, 7, 1, 18, 0, tzinfo=UTC)
    winter = to_utc(datetime(2027, 1, 1, 19, 0), "Europe/London")
    assert winter == datetime(2027, 1, 1, 19, 0, tzinfo=UTC)


def test_aware_time_keeps_its_instant_and_drops_microseconds() -> None:
    moment = datetime(2027, 7, 1, 12, 0, 30, 999_999, tzinfo=timezone(timedelta(hours=2)))
    result = to_utc(moment, "Europe/London")
    assert result == datetime(2027, 7, 1, 10, 0, 30, tzinfo=UTC)
    assert result.tzinfo == UTC


def test_ordinary_local_time() -> None:
    moment = local_datetime(date(2027, 7, 1), time(9, 30), "Europe/London")
    assert moment.astimezone(UTC) == datetime(2027, 7, 1, 8, 30, tzinfo=UTC)


def test_time_in_the_spring_forward_gap_moves_past_the_gap() -> None:
    # 2027-03-28: London clocks jump from 01:00 GMT to 02:00 BST; 01:30 never happens.
    moment = local_datetime(date(2027, 3, 28), time(1, 30), "Europe/London")
    assert moment.astimezone(UTC) == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    assert (moment.hour, moment.minute) == (2, 30)
    assert moment.utcoffset() == timedelta(hours=1)


def test_repeated_autumn_time_is_the_first_occurrence() -> None:
    # 2027-10-31: 01:30 happens twice in London, first in BST (00:30 UTC), then in GMT.
    moment = local_datetime(date(2027, 10, 31), time(1, 30), "Europe/London")
    assert moment.astimezone(UTC) == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)


def test_the_same_wall_clock_time_either_side_of_a_change_is_23_hours_apart() -> None:
    before = local_datetime(date(2027, 3, 27), time(9, 0), "Europe/London")
    after = local_datetime(date(2027, 3, 28), time(9, 0), "Europe/London")
    assert after.astimezone(UTC) - before.astimezone(UTC) == timedelta(hours=23)


def test_wall_clock_instant_takes_the_first_reading_of_a_repeated_time_and_the_jump_for_a_skipped_one() -> None:
    london = "Europe/London"
    assert wall_clock_instant(date(2027, 10, 31), time(1, 30), london).astimezone(UTC) == datetime(
        2027, 10, 31, 0, 30, tzinfo=UTC
    )
    # 01:30 is skipped on 28 March 2027; the clocks jump at 01:00 UTC (RFC 5545 would move it on to 01:30 UTC).
    assert wall_clock_instant(date(2027, 3, 28), time(1, 30), london).astimezone(UTC) == datetime(
        2027, 3, 28, 1, tzinfo=UTC
    )
    assert local_datetime(date(2027, 3, 28), time(1, 30), london).astimezone(UTC) == datetime(
        2027, 3, 28, 1, 30, tzinfo=UTC
    )
    assert wall_clock_instant(date(2027, 1, 4), time(9), london) == local_datetime(date(2027, 1, 4), time(9), london)


def test_split_at_midnights_gives_each_local_day_its_piece() -> None:
    # Saturday 30 October 2027 20:00 BST to Sunday 02:00 GMT: the Sunday piece is three hours long.
    pieces = split_at_midnights(
        datetime(2027, 10, 30, 19, tzinfo=UTC), datetime(2027, 10, 31, 2, tzinfo=UTC), "Europe/London"
    )
    assert [(a.strftime("%a %H:%M"), b.strftime("%a %H:%M")) for a, b in pieces] == [
        ("Sat 20:00", "Sun 00:00"),
        ("Sun 00:00", "Sun 02:00"),
    ]
    # Aware times in one zone subtract as wall-clock times, so measure in UTC.
    assert pieces[1][1].astimezone(UTC) - pieces[1][0].astimezone(UTC) == timedelta(hours=3)
    assert split_at_midnights(datetime(2027, 1, 4, 9, tzinfo=UTC), datetime(2027, 1, 4, 9, tzinfo=UTC), "UTC") == []
