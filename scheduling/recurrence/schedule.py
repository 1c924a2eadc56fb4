"""A series row as a recurrence schedule, and which of its occurrences still need a booking.

Occurrences become bookings a window at a time (the space's booking horizon,
say), never all at once: an open-ended series has no last date. The row's
``materialised_until`` records how far that has got, so each run carries on
from where the last one stopped and never makes an occurrence twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from scheduling.models import Series
from scheduling.recurrence.rules import MAX_OCCURRENCES, Expansion, Schedule, expand, format_rrule, parse_rrule
from scheduling.vocabulary import SeriesStatus


def schedule_of(series: Series) -> Schedule:
    """The row's rule, first date and wall-clock times in its zone, checked again on the way out."""
    return Schedule(parse_rrule(series.rrule), series.dtstart, series.start_time, series.end_time, series.timezone)


# The columns ``schedule_from`` reads, for a select that needs a series' schedule and not the whole row.
SCHEDULE_COLUMNS = (Series.rrule, Series.dtstart, Series.start_time, Series.end_time, Series.timezone)


def schedule_from(row: Mapping[str, Any]) -> Schedule:
    """``schedule_of`` for a selected row holding ``SCHEDULE_COLUMNS``."""
    return Schedule(parse_rrule(row["rrule"]), row["dtstart"], row["start_time"], row["end_time"], row["timezone"])


def series_columns(schedule: Schedule) -> dict[str, Any]:
    """The Series columns that describe ``schedule``, keeping ``until``/``occurrence_count`` in step with the rule."""
    return {
        "rrule": format_rrule(schedule.rule),
        "dtstart": schedule.start_date,
        "start_time": schedule.start_time,
        "end_time": schedule.end_time,
        "timezone": schedule.timezone,
        "until": schedule.rule.until,
        "occurrence_count": schedule.rule.count,
    }


def to_materialise(
    series: Series, window_start: datetime, window_end: datetime, limit: int = MAX_OCCURRENCES
) -> Expansion:
    """The occurrences of an active series, starting in the window, that are not bookings yet.

    Every occurrence starting before ``materialised_until`` already exists as a
    booking (or was cancelled on purpose), so the window starts there at the
    earliest. Once their bookings are written, ``materialised_until`` becomes
    the result's ``covered_until``. Ended and cancelled series get nothing.
    """
    start = window_start
    if series.materialised_until is not None and series.materialised_until > start:
        start = series.materialised_until
    if series.status != SeriesStatus.active:
        return Expansion((), covered_until=max(start, window_end), exhausted=True)
    if start >= window_end:
        return Expansion((), covered_until=start, exhausted=False)
    return expand(schedule_of(series), start, window_end, limit)


async def touch_series(series_id: int, now: datetime) -> None:
    """A change to one of its occurrences is a change to the series' calendar event: bump its SEQUENCE."""
    await Series.update({Series.sequence: Series.sequence + 1, Series.updated_at: now}).where(Series.id == series_id)
