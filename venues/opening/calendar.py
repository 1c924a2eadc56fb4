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


# Open time by local weekday and hour over many days, for reports. ``space_opening`` builds every day's
# spans (a wall-clock conversion each), which over a year of 400 venues costs about a second; here the
# same rules are counted on the wall clock instead. Weekly hours repeat every week in local time, so
# a space's open seconds on a local day depend only on its weekday, unless the day is closed or the
# clocks change on it; the clock changes are then corrected one by one. Reading local time ``n`` as the
# instant ``wall_clock_instant`` gives (first reading of a repeated time, the jump for a skipped one), a
# repeated hour is counted in the hour cell it repeats (01:00 on the October night in London holds two
# hours) and a skipped one holds nothing, exactly as the UTC spans of ``space_opening`` would count.

DAY_SECONDS = 86_400
WEEK_SECONDS = 7 * DAY_SECONDS
_UNIX_DAY = date(1970, 1, 1).toordinal()


@dataclass(frozen=True)
class ClockChange:
    """A change of a zone's UTC offset at ``at`` (epoch seconds), the offsets in seconds."""

    at: int
    before: int
    after: int

    @property
    def local(self) -> int:
        """Local seconds (since 0001-01-01 00:00, on the wall clock before the change) when it happens."""
        return self.at + self.before + _UNIX_DAY * DAY_SECONDS


def clock_changes(tz_name: str, starts_at: datetime, ends_at: datetime) -> list[ClockChange]:
    """The zone's offset changes within ``[starts_at, ends_at)`` (a day's margin either side), found day by day."""
    tz = zone(tz_name)

    def offset(at: int) -> int:
        return int((datetime.fromtimestamp(at, tz).utcoffset() or timedelta()).total_seconds())

    changes: list[ClockChange] = []
    at = int(starts_at.timestamp()) - DAY_SECONDS
    last = int(ends_at.timestamp()) + DAY_SECONDS
    current = offset(at)
    while at < last:
        step = min(DAY_SECONDS, last - at)
        after = offset(at + step)
        if after != current:
            low, high = at, at + step  # offset(low) == current, offset(high) == after
            while high - low > 1:
                middle = (low + high) // 2
                if offset(middle) == current:
                    low = middle
                else:
                    high = middle
            changes.append(ClockChange(high, current, after))
            current = after
        at += step
    return changes


def _seconds(at: time) -> int:
    return at.hour * 3600 + at.minute * 60 + at.second


def _week_pattern(rows: list[tuple[int, time, time]]) -> list[tuple[int, int]]:
    """Weekly rows as open seconds from Monday 00:00 local, the week a loop (Sunday's late finish wraps)."""
    spans: list[tuple[int, int]] = []
    for weekday, opens, closes in rows:
        start = weekday * DAY_SECONDS + _seconds(opens)
        length = _seconds(closes) - _seconds(opens)
        end = start + (length if length > 0 else length + DAY_SECONDS)
        if end <= WEEK_SECONDS:
            spans.append((start, end))
        else:
            spans.extend([(start, WEEK_SECONDS), (0, end - WEEK_SECONDS)])
    return merge(spans)


def weekly_pattern(calendar: Calendar, venue_id: int, space_id: int | None) -> list[tuple[int, int]]:
    """A space's weekly hours (the venue's for None) as open seconds from Monday 00:00 local, merged: the venue's
    rows, narrowed by the space's own where it has them. Before closures, and on the wall clock (a week's pattern)."""
    pattern = _week_pattern(calendar.hours.get((venue_id, None), []))
    if space_id is not None and (own_rows := calendar.hours.get((venue_id, space_id))):
        pattern = intersect(pattern, _week_pattern(own_rows))
    return pattern


def _open_within(pattern: list[tuple[int, int]], start: int, end: int) -> int:
    """Seconds of ``pattern`` within ``[start, end)``, positions in one week."""
    return sum(min(b, end) - max(a, start) for a, b in pattern if a < end and b > start)


def _hour_cells(pattern: list[tuple[int, int]]) -> list[list[int]]:
    """Seconds of a weekly pattern in each weekday's hours."""
    cells = [[0] * 24 for _ in range(7)]
    for start, end in pattern:
        at = start
        while at < end:
            hour_end = min(end, (at // 3600 + 1) * 3600)
            day, in_day = divmod(at, DAY_SECONDS)
            cells[day][in_day // 3600] += hour_end - at
            at = hour_end
    return cells


def _weekday_counts(first: int, last: int) -> list[int]:
    """How many of the days ``first``–``last`` (ordinals) fall on each weekday, 0 Monday."""
    counts = [0] * 7
    days = last - first + 1
    if days <= 0:
        return counts
    whole, rest = divmod(days, 7)
    for weekday in range(7):
        counts[weekday] = whole
    for offset in range(rest):
        counts[(first + offset - 1) % 7] += 1
    return counts


def open_by_local_hour(
    calendar: Calendar,
    venue_id: int,
    space_id: int | None,
    first: date,
    last: date,
    changes: list[ClockChange],
) -> list[list[int]]:
    """Seconds a space (the venue itself for None) is open, by local weekday (0 Monday) and hour of day.

    Over the local days ``first``–``last`` in the venue's zone, whose ``clock_changes`` are ``changes``:
    the same time as the spans ``space_opening`` gives for that period, counted without building them.
    """
    pattern = weekly_pattern(calendar, venue_id, space_id)
    cells = [[0] * 24 for _ in range(7)]
    if not pattern:
        return cells
    first_day, last_day = first.toordinal(), last.toordinal()
    closed = merge(
        (
            max(supported_day(c.starts_on).toordinal(), first_day),
            min(supported_day(c.ends_on).toordinal(), last_day) + 1,
        )
        for c in calendar.closures.get(venue_id, [])
        if c.space is None or c.space == space_id
    )
    open_days = _weekday_counts(first_day, last_day)
    for start, end in closed:
        for weekday, count in enumerate(_weekday_counts(start, end - 1)):
            open_days[weekday] -= count
    week = _hour_cells(pattern)
    for weekday in range(7):
        if open_days[weekday]:
            cells[weekday] = [open_days[weekday] * seconds for seconds in week[weekday]]

    def counted(day: int) -> bool:
        return first_day <= day <= last_day and not any(start <= day < end for start, end in closed)

    for change in changes:
        if change.after > change.before:
            # Spring: the local times skipped hold no time; take out what was counted for them, hour by hour.
            at, gap_end = change.local, change.local + change.after - change.before
            while at < gap_end:
                piece_end = min(gap_end, (at // 3600 + 1) * 3600)
                day, in_day = divmod(at, DAY_SECONDS)
                if counted(day):
                    weekday = (day - 1) % 7
                    position = weekday * DAY_SECONDS + in_day
                    cells[weekday][in_day // 3600] -= _open_within(pattern, position, position + piece_end - at)
                at = piece_end
        else:
            # Autumn: the repeated time belongs to the moment just before the clocks go back.
            day, in_day = divmod(change.local - 1, DAY_SECONDS)
            weekday = (day - 1) % 7
            if counted(day) and _open_within(
                pattern, weekday * DAY_SECONDS + in_day, weekday * DAY_SECONDS + in_day + 1
            ):
                cells[weekday][in_day // 3600] += change.before - change.after
    return cells
