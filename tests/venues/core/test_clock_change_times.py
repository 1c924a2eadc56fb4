"""Wall-clock times the clocks skip: found in any zone, whatever the size of the jump."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from venues.core.errors import RuleViolation
from venues.core.timezones import booked_utc, local_datetime, skipped_span


def test_the_skipped_span_is_the_zones_own_jump_even_half_an_hour() -> None:
    # Lord Howe Island moves its clocks by 30 minutes at 02:00 on the first Sunday of October.
    assert skipped_span(datetime(2027, 10, 3, 2, 15), "Australia/Lord_Howe") == (
        datetime(2027, 10, 3, 2, 0),
        datetime(2027, 10, 3, 2, 30),
    )
    assert skipped_span(datetime(2027, 10, 3, 2, 30), "Australia/Lord_Howe") is None
    assert skipped_span(datetime(2027, 3, 28, 0, 59), "Europe/London") is None


def test_a_booked_time_in_the_gap_is_refused_but_a_series_time_moves_on_by_the_gap() -> None:
    with pytest.raises(RuleViolation) as refused:
        booked_utc(datetime(2027, 3, 28, 1, 30), "Europe/London", "ends_at")
    assert refused.value.extra["field"] == "ends_at"
    assert "clocks go forward from 01:00 to 02:00" in refused.value.detail
    moved = local_datetime(date(2027, 3, 28), time(1, 30), "Europe/London")
    assert (moved.hour, moved.minute, moved.utcoffset().total_seconds()) == (2, 30, 3600)
