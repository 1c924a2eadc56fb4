"""A space's seven days as a grid of hour slots, in the venue's time.

The free intervals come from ``scheduling.availability.free_time`` (hours, closures, held
time widened by buffers, notice and horizon); the opening intervals from
``venues.opening.calendar``. A slot is only arithmetic over those and the clock, so the grid
shows exactly what a request would meet, and says why an hour cannot be asked for: it is
past, too soon (inside the space's notice), too far ahead (beyond its horizon), closed
(outside the hours or in a closure) or booked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from babel.support import LazyProxy

from venues.core.i18n import lazy_gettext, pgettext
from venues.core.timezones import local_datetime, split_at_midnights

Span = tuple[datetime, datetime]
DEFAULT_HOURS = (8, 22)


def _free_word() -> str:
    """An hour free to ask for (not free of charge, which Welsh words differently)."""
    return pgettext("free hour", "Free")


# Each kind of cell: the word it shows (so no kind is told apart by colour alone) and the legend's line.
KINDS: dict[str, tuple[Any, Any]] = {
    "free": (
        LazyProxy(_free_word, enable_cache=False),
        lazy_gettext("the whole hour can be asked for: choose it to fill in the form"),
    ),
    "part": (lazy_gettext("Part free"), lazy_gettext("some of the hour can be asked for")),
    "booked": (
        lazy_gettext("Booked"),
        lazy_gettext("another booking holds it, or the time it keeps for setting up and clearing away"),
    ),
    "soon": (lazy_gettext("Too soon"), lazy_gettext("inside the notice the venue needs before a booking")),
    "later": (lazy_gettext("Too far ahead"), lazy_gettext("beyond how far ahead the venue takes bookings")),
    "closed": (lazy_gettext("Closed"), lazy_gettext("outside the opening hours, or the venue is closed that day")),
    "past": (lazy_gettext("Past"), lazy_gettext("the hour has begun or gone")),
}


@dataclass(frozen=True)
class Slot:
    """``state`` is one of ``KINDS``: free (the whole hour), part (some of it), or why it cannot be asked for."""

    day: date
    starts: time
    state: str

    @property
    def label(self) -> str:
        return str(KINDS[self.state][0])


@dataclass(frozen=True)
class Limits:
    """The clock's bounds on asking: before ``now`` is past, before ``earliest`` too soon, after ``latest``
    too far ahead."""

    now: datetime
    earliest: datetime
    latest: datetime


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


def slot_state(start: datetime, end: datetime, opening: list[Span], free: list[Span], limits: Limits | None) -> str:
    """Which of ``KINDS`` the hour ``[start, end)`` is: free time first, then why it is not free."""
    if limits is not None and end <= limits.now:
        return "past"
    if _covers(free, start, end):
        return "free"
    if _meets(free, start, end):
        return "part"
    if not _meets(opening, start, end):
        return "closed"
    if limits is not None:
        if start < limits.now:
            return "past"
        if start < limits.earliest:
            return "soon"
        if end > limits.latest:
            return "later"
    return "booked"


def week_grid(
    week_start: date, tz_name: str, opening: list[Span], free: list[Span], limits: Limits | None = None
) -> WeekGrid:
    """Seven days from ``week_start``; ``limits`` tell past, too soon and too far ahead from booked."""
    days = [week_start + timedelta(days=offset) for offset in range(7)]
    first, last = hour_range(opening, tz_name)
    rows: list[tuple[time, list[Slot]]] = []
    for hour in range(first, last):
        slots = []
        for day in days:
            start = local_datetime(day, time(hour), tz_name)
            end = start + timedelta(hours=1)
            slots.append(Slot(day, time(hour), slot_state(start, end, opening, free, limits)))
        rows.append((time(hour), slots))
    return WeekGrid(days, rows)
