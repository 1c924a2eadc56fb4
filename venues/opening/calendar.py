"""When a space is open, as UTC intervals: weekly local hours, minus dated closures.

Hours are wall-clock times in the venue's zone, so each day is converted on
its own (``wall_clock_instant``): a 09:00–17:00 day is eight hours in winter and
in summer, and seven or nine on the days the clocks change only where the
change falls inside it. A row whose ``closes`` is not after ``opens`` runs
past midnight and closes on the next day (``00:00``–``00:00`` is the whole
day): Saturday 20:00 – 02:00 is six hours, seven on the October night the
clocks go back and five on the March night they go forward. A time the clocks
repeat is its first reading, and a time they skip the moment they jump. A
space with rows of its own is open only where both its rows and the venue's
say so.

Everything for a set of venues and a window is read in two queries
(``load_calendar``); the rest is arithmetic, so availability across many
spaces costs no more queries than for one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from venues.core.intervals import clip, intersect, merge, subtract
from venues.core.timezones import supported_day, wall_clock_instant, zone
from venues.models import Closure, OpeningHours

Span = tuple[datetime, datetime]
MIDNIGHT = time(0, 0)


@dataclass(frozen=True)
class ClosedSpan:
    """``whole_venue``: the venue is closed, not only a space (or a part of it)."""

    starts_at: datetime
    ends_at: datetime
    reason: str
    whole_venue: bool = False


@dataclass(frozen=True)
class Opening:
    """``open`` already has closures taken out; ``closures`` says why the gaps are there."""

    open: list[Span]
    closures: list[ClosedSpan]


@dataclass
class Calendar:
    """Weekly hours keyed by (venue, space or None) and the closures that touch the window."""

    hours: dict[tuple[int, int | None], list[tuple[int, time, time]]] = field(default_factory=lambda: defaultdict(list))
    closures: dict[int, list[Closure]] = field(default_factory=lambda: defaultdict(list))


async def load_calendar(venue_ids: Iterable[int], starts_at: datetime, ends_at: datetime) -> Calendar:
    """Hours and closures for ``venue_ids`` around ``[starts_at, ends_at)``: two queries."""
    calendar = Calendar()
    ids = sorted(set(venue_ids))
    if not ids:
        return calendar
    rows = await OpeningHours.select(
        OpeningHours.venue, OpeningHours.space, OpeningHours.weekday, OpeningHours.opens, OpeningHours.closes
    ).where(OpeningHours.venue.is_in(ids))
    for row in rows:
        calendar.hours[(row["venue"], row["space"])].append((row["weekday"], row["opens"], row["closes"]))
    # A day either side covers every zone's offset from UTC.
    first_day = (starts_at - timedelta(days=1)).date()
    last_day = (ends_at + timedelta(days=1)).date()
    closures = await Closure.objects().where(
        Closure.venue.is_in(ids) & (Closure.starts_on <= last_day) & (Closure.ends_on >= first_day)
    )
    for closure in closures:
        calendar.closures[closure.venue].append(closure)
    return calendar


def _weekly_spans(
    rows: list[tuple[int, time, time]], tz_name: str, starts_at: datetime, ends_at: datetime
) -> list[Span]:
    by_weekday: dict[int, list[tuple[time, time]]] = defaultdict(list)
    for weekday, opens, closes in rows:
        by_weekday[weekday].append((opens, closes))
    tz = zone(tz_name)
    day = starts_at.astimezone(tz).date() - timedelta(days=1)
    last = ends_at.astimezone(tz).date()
    spans: list[Span] = []
    while day <= last:
        for opens, closes in by_weekday.get(day.weekday(), ()):
            closing_day = day if closes > opens else day + timedelta(days=1)
            spans.append((_utc(day, opens, tz_name), _utc(closing_day, closes, tz_name)))
        day += timedelta(days=1)
    return merge(spans)


def _utc(day: date, at: time, tz_name: str) -> datetime:
    return wall_clock_instant(day, at, tz_name).astimezone(UTC)


def _day_start(day: date, tz_name: str) -> datetime:
    return _utc(day, MIDNIGHT, tz_name)


def space_opening(
    calendar: Calendar,
    venue_id: int,
    tz_name: str,
    space_id: int,
    starts_at: datetime,
    ends_at: datetime,
    closure_space_ids: Iterable[int] = (),
) -> Opening:
    """Open intervals of one space within ``[starts_at, ends_at)``.

    Closures of the venue and of ``space_id`` apply; ``closure_space_ids``
    adds others (a combined space is shut when one of its parts is).
    """
    spans = _weekly_spans(calendar.hours.get((venue_id, None), []), tz_name, starts_at, ends_at)
    own_rows = calendar.hours.get((venue_id, space_id))
    if own_rows:
        spans = intersect(spans, _weekly_spans(own_rows, tz_name, starts_at, ends_at))
    shut_spaces = {space_id, *closure_space_ids}
    closed = sorted(
        (
            ClosedSpan(
                _day_start(supported_day(c.starts_on), tz_name),
                _day_start(supported_day(c.ends_on) + timedelta(days=1), tz_name),
                c.reason,
                whole_venue=c.space is None,
            )
            for c in calendar.closures.get(venue_id, [])
            if c.space is None or c.space in shut_spaces
        ),
        key=lambda span: span.starts_at,
    )
    closed = [c for c in closed if c.starts_at < ends_at and c.ends_at > starts_at]
    open_spans = subtract(spans, merge((c.starts_at, c.ends_at) for c in closed))
    return Opening(open=clip(open_spans, starts_at, ends_at), closures=closed)
