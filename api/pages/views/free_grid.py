"""A space's week as a grid of hour slots: free, partly free, taken or closed, in the venue's time.

The free intervals come from ``scheduling.availability.free_time`` (hours, closures, held
time widened by buffers, notice and horizon); the opening intervals from
``venues.opening.calendar``. A slot is only arithmetic over those, so the grid shows
exactly what a request would meet.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from venues.core.timezones import local_datetime, split_at_midnights

Span = tuple[datetime, datetime]
DEFAULT_HOURS = (8, 22)


@dataclass(frozen=True)
class Slot:
    """``state`` is free (the whole hour), part (some of it), taken (open but not bookable) or closed."""

    day: date
    starts: time
    state: str

    @property
    def label(self) -> str:
        return {"free": "Free", "part": "Partly free", "taken": "Taken", "closed": "Closed"}[self.state]


@dataclass(frozen=True)
class WeekGrid:
    days: list[date]
    rows: list[tuple[time, list[Slot]]]


def _covers(spans: list[Span], start: datetime, end: datetime) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def _meets(spans: list[Span], start: datetime, end: datetime) -> bool:
    return any(a < end and start < b for a, b in spans)


def _end_hour(start: datetime, end: datetime) -> int:
    """The hour row a piece of one local day reaches to: 24 when it runs to midnight."""
    if end.date() > start.date():
        return 24
    return math.ceil(end.hour + end.minute / 60)


def hour_range(opening: list[Span], tz_name: str) -> tuple[int, int]:
    """The first and last hour the space is open on any day of the week (local), for the grid's rows.

    Each span is taken a local day at a time, so opening hours that run past midnight bring in
    the small hours of the next day's column too.
    """
    pieces = [piece for a, b in opening for piece in split_at_midnights(a, b, tz_name)]
    if not pieces:
        return DEFAULT_HOURS
    first = min(a.hour for a, _ in pieces)
    last = max(_end_hour(a, b) for a, b in pieces)
    return first, max(last, first + 1)


def week_grid(week_start: date, tz_name: str, opening: list[Span], free: list[Span]) -> WeekGrid:
    days = [week_start + timedelta(days=offset) for offset in range(7)]
    first, last = hour_range(opening, tz_name)
    rows: list[tuple[time, list[Slot]]] = []
    for hour in range(first, last):
        slots = []
        for day in days:
            start = local_datetime(day, time(hour), tz_name)
            end = start + timedelta(hours=1)
            if _covers(free, start, end):
                state = "free"
            elif _meets(free, start, end):
                state = "part"
            elif _meets(opening, start, end):
                state = "taken"
            else:
                state = "closed"
            slots.append(Slot(day, time(hour), state))
        rows.append((time(hour), slots))
    return WeekGrid(days, rows)
