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

from venues.core.timezones import local_datetime, zone

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
    """The hour row an opening interval reaches to: 24 when it runs to or past midnight."""
    if end.date() > start.date():
        return 24
    return math.ceil(end.hour + end.minute / 60)


def hour_range(opening: list[Span], tz_name: str) -> tuple[int, int]:
    """The first and last hour the space is open in the week (local), for the grid's rows."""
    if not opening:
        return DEFAULT_HOURS
    tz = zone(tz_name)
    local = [(a.astimezone(tz), b.astimezone(tz)) for a, b in opening]
    first = min(a.hour for a, _ in local)
    last = max(_end_hour(a, b) for a, b in local)
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
