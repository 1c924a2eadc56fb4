"""Hours open, hours booked and use, by space, weekday and hour of day, in each venue's own time.

Open time is each physical space's weekly hours less closures (``venues.opening.calendar``: two queries for
every venue, then arithmetic on the wall clock, ``open_by_local_hour``). A combined space ("Whole hall") has
no open time of its own: its parts have it.

Open and occupied time count the same physical spaces: those not archived. An archived space has no open time
and occupies none (its bookings still count in ``booked``, and its ``by_space`` row keeps its booked minutes),
so archiving a busy room takes it out of the use share of past periods as a whole, never leaving its held time
against open time that is gone (the share of a past month would pass 100%). There is no record of when a
space was archived, so a report cannot tell the months it was still open.

Booked and occupied time come from one SQL aggregate per time zone in the scope (the period's UTC bounds
differ by zone): confirmed bookings clipped to the period, found through the ``booking_venue_starts`` index
(the start bounded from below as ``scheduling.holds.windows`` does). ``booked`` counts each booking once on
the space booked; ``occupied`` counts it on each physical space it held that is not archived: the per-space
sums are added to each such part of a combined space (``space_part``), and in the heat map a booking weighs
as many of those as it holds (0 for an archived space's own booking). Occupied time is not
clipped to the opening: a booking a manager confirmed outside the hours still used the room, so a space's
share (or an hour's, in the heat map) can pass 1 when that happens; clipping would need the held time per
space and hour, a loop the aggregate avoids. Confirmed bookings never overlap on a physical space (the
occupancy guard), so summing them is the time held.

SQLite knows no time zones, so the hour of day is worked out on UTC buckets: the query sums, per bucket,
how many held intervals start and end in it and where (count and sum of their epoch seconds, weighted); a running
count over the period's buckets then gives the seconds held in each, and each bucket's local weekday and
hour comes from the zone's offset then. The work in Python grows with the period's length, never with the
bookings. A bucket is an hour where the zone's offsets are whole hours, else their common divisor (30 or 15
minutes), so no bucket straddles two local hours. A 25-hour autumn day counts 25 hours, its repeated hour
in the 01:00 cell (London); a 23-hour spring day 23. The weekdays are the sums of those cells, so they are
worked out for every period (the comparisons too); the 7×24 cells themselves are kept only with ``detail``.

Per space (``by_space``): a physical space has open, occupied and booked minutes (booked: bookings of that
space itself); a combined or archived space has only booked minutes, its open and occupied minutes being 0
(a combined one's are counted on its parts). Listed when a space has open time or bookings.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from math import gcd
from typing import Any

from scheduling.bookings.status import BookingStatus
from scheduling.holds.windows import earliest_overlapping_start
from scheduling.models import Booking
from scheduling.reports.figures import SpaceUse, Use, WeekdayUse
from scheduling.reports.period import Period
from scheduling.reports.scope import Scope
from venues.core.database import epoch_seconds_sql
from venues.core.timezones import zone
from venues.opening.calendar import ClockChange, clock_changes, load_calendar, open_by_local_hour

HOUR = 3600
Cells = list[list[int]]


@dataclass(frozen=True)
class _Space:
    id: int
    name: str
    venue: int
    archived: bool
    # The physical spaces a booking of this one holds: its parts when it is combined, else itself.
    holds: tuple[int, ...]

    @property
    def combined(self) -> bool:
        return self.holds != (self.id,)


_SPACES_SQL = """
SELECT s.id, s.name, s.venue, s.archived, p.part
FROM space s LEFT JOIN space_part p ON p.combined = s.id
WHERE s.venue IN ({venues})
"""


async def use_figures(scope: Scope, period: Period, *, detail: bool = True) -> Use:
    if not scope.venues:
        return _shape(0, 0, 0, [], _cells(), _cells(), detail)
    zones = sorted({venue.timezone for venue in scope.venues})
    bounds = {tz: period.utc_bounds(tz) for tz in zones}
    changes = {tz: clock_changes(tz, *bounds[tz]) for tz in zones}
    spaces = await _spaces(scope.venue_ids)
    calendar = await load_calendar(
        scope.venue_ids, min(start for start, _ in bounds.values()), max(end for _, end in bounds.values())
    )

    open_seconds: dict[int, int] = {}
    heat_open = _cells()
    venue_cells: dict[int, Cells] = {}
    own_closures = {c.space for closures in calendar.closures.values() for c in closures if c.space is not None}
    zone_of = {venue.id: venue.timezone for venue in scope.venues}
    for space in spaces:
        if space.combined or space.archived:
            continue
        tz_changes = changes[zone_of[space.venue]]
        if (space.venue, space.id) in calendar.hours or space.id in own_closures:
            cells = open_by_local_hour(calendar, space.venue, space.id, period.first, period.last, tz_changes)
        else:
            if space.venue not in venue_cells:
                venue_cells[space.venue] = open_by_local_hour(
                    calendar, space.venue, None, period.first, period.last, tz_changes
                )
            cells = venue_cells[space.venue]
        open_seconds[space.id] = sum(map(sum, cells))
        _add(heat_open, cells)

    booked: dict[int, int] = defaultdict(int)
    occupied: dict[int, int] = defaultdict(int)
    heat_occupied = _cells()
    for tz in zones:
        venue_ids = [venue.id for venue in scope.venues if venue.timezone == tz]
        bucket = _bucket_seconds(tz, bounds[tz][0], changes[tz])
        rows = await _held(venue_ids, *bounds[tz], bucket)
        starts: dict[int, tuple[int, int]] = {}
        ends: dict[int, tuple[int, int]] = {}
        for row in rows:
            kind, key, count, total = row["kind"], int(row["key"]), int(row["n"]), int(row["total"])
            if kind == "booked":
                booked[key] += total
            elif kind == "start":
                starts[key] = (count, total)
            else:
                ends[key] = (count, total)
        if starts:
            _add(heat_occupied, _buckets_to_cells(starts, ends, bucket, tz, bounds[tz][0], changes[tz]))

    # A booking holds each physical space its space is made of: the whole hall's time counts on each part,
    # an archived part's on none (open and occupied count the same spaces).
    archived = {space.id for space in spaces if space.archived}
    for space in spaces:
        for part in space.holds:
            if part not in archived:
                occupied[part] += booked.get(space.id, 0)

    venue_names = {venue.id: venue.name for venue in scope.venues}
    rows_out = [
        SpaceUse(
            space_id=space.id,
            space_name=space.name,
            venue_id=space.venue,
            venue_name=venue_names[space.venue],
            open_minutes=open_seconds.get(space.id, 0) // 60,
            occupied_minutes=0 if space.combined or space.archived else occupied.get(space.id, 0) // 60,
            booked_minutes=booked.get(space.id, 0) // 60,
        )
        for space in spaces
        if open_seconds.get(space.id) or booked.get(space.id) or (occupied.get(space.id) and not space.combined)
    ]
    rows_out.sort(key=lambda row: (row.venue_name, row.venue_id, row.space_name, row.space_id))
    return _shape(
        sum(open_seconds.values()) // 60,
        sum(occupied.values()) // 60,
        sum(booked.values()) // 60,
        rows_out,
        heat_occupied,
        heat_open,
        detail,
    )


def _shape(
    open_total: int,
    occupied_total: int,
    booked_total: int,
    by_space: list[SpaceUse],
    heat_occupied: Cells,
    heat_open: Cells,
    detail: bool,
) -> Use:
    by_weekday = [
        WeekdayUse(weekday, sum(heat_open[weekday]) // 60, sum(heat_occupied[weekday]) // 60) for weekday in range(7)
    ]
    if not detail:
        return Use(open_total, occupied_total, booked_total, by_space, by_weekday)
    return Use(
        open_minutes=open_total,
        occupied_minutes=occupied_total,
        booked_minutes=booked_total,
        by_space=by_space,
        by_weekday=by_weekday,
        heat_occupied=[[seconds // 60 for seconds in row] for row in heat_occupied],
        heat_open=[[seconds // 60 for seconds in row] for row in heat_open],
    )


def _cells() -> Cells:
    return [[0] * 24 for _ in range(7)]


def _add(total: Cells, cells: Cells) -> None:
    for weekday in range(7):
        row, add = total[weekday], cells[weekday]
        for hour in range(24):
            row[hour] += add[hour]


async def _spaces(venue_ids: list[int]) -> list[_Space]:
    sql = _SPACES_SQL.format(venues=", ".join("{}" for _ in venue_ids))
    rows = await Booking.raw(sql, *venue_ids)
    parts: dict[int, list[int]] = defaultdict(list)
    found: dict[int, dict[str, Any]] = {}
    for row in rows:
        found[row["id"]] = row
        if row["part"] is not None:
            parts[row["id"]].append(row["part"])
    return [
        _Space(
            row["id"], row["name"], row["venue"], bool(row["archived"]), tuple(sorted(parts[row["id"]])) or (row["id"],)
        )
        for row in sorted(found.values(), key=lambda row: row["id"])
    ]


def _held_sql(venue_count: int) -> str:
    """Booked seconds per space booked, and where held intervals start and end per bucket.

    Each booking's epoch seconds are worked out once, then clipped to the period; ``weight`` is how many
    physical spaces a booking holds that open time counts: a combined space's parts not archived, else 1 for a
    space not archived and 0 for one archived. An interval weighing nothing is left out of the buckets.
    """
    starts, ends = epoch_seconds_sql("b.starts_at"), epoch_seconds_sql("b.ends_at")
    venues = ", ".join("{}" for _ in range(venue_count))
    # ``held`` is read three times (kept rather than worked out again).
    return f"""
WITH bounds(lo, hi, size) AS (SELECT CAST({{}} AS BIGINT), CAST({{}} AS BIGINT), CAST({{}} AS BIGINT)),
held AS MATERIALIZED (
    SELECT b.space AS space,
           CASE WHEN w.combined IS NOT NULL THEN w.parts WHEN s.archived THEN 0 ELSE 1 END AS weight,
           {starts} AS s, {ends} AS e
    FROM booking b
    JOIN space s ON s.id = b.space
    LEFT JOIN (
        SELECT p.combined AS combined, SUM(CASE WHEN ps.archived THEN 0 ELSE 1 END) AS parts
        FROM space_part p JOIN space ps ON ps.id = p.part GROUP BY p.combined
    ) w ON w.combined = b.space
    WHERE b.venue IN ({venues}) AND b.status = {{}}
      AND b.starts_at > {{}} AND b.starts_at < {{}} AND b.ends_at > {{}}
),
clipped AS NOT MATERIALIZED (
    SELECT held.space AS space, held.weight AS weight, bounds.size AS size,
           CASE WHEN held.s > bounds.lo THEN held.s ELSE bounds.lo END AS lo,
           CASE WHEN held.e < bounds.hi THEN held.e ELSE bounds.hi END AS hi
    FROM held CROSS JOIN bounds
)
SELECT 'booked' AS kind, space AS key, COUNT(*) AS n, CAST(SUM(hi - lo) AS BIGINT) AS total
FROM clipped WHERE hi > lo GROUP BY space
UNION ALL
SELECT 'start', lo / size, CAST(SUM(weight) AS BIGINT), CAST(SUM(weight * lo) AS BIGINT)
FROM clipped WHERE hi > lo AND weight > 0 GROUP BY lo / size
UNION ALL
SELECT 'end', hi / size, CAST(SUM(weight) AS BIGINT), CAST(SUM(weight * hi) AS BIGINT)
FROM clipped WHERE hi > lo AND weight > 0 GROUP BY hi / size"""


async def _held(venue_ids: list[int], starts_at: datetime, ends_at: datetime, bucket: int) -> list[dict[str, Any]]:
    """Rows of (kind, key, n, total): ``booked`` per space, ``start`` and ``end`` per bucket."""
    return await Booking.raw(
        _held_sql(len(venue_ids)),
        int(starts_at.timestamp()),
        int(ends_at.timestamp()),
        bucket,
        *venue_ids,
        str(BookingStatus.confirmed),
        earliest_overlapping_start(starts_at),
        ends_at,
        starts_at,
    )


def _offsets(tz: str, starts_at: datetime, changes: list[ClockChange]) -> tuple[list[int], list[int]]:
    """The zone's UTC offset (seconds) from each change on: ``offsets[i]`` applies from ``ats[i]``."""
    first = int((starts_at.astimezone(zone(tz)).utcoffset() or timedelta()).total_seconds())
    if changes and changes[0].at <= starts_at.timestamp():
        first = changes[0].before
    return [-(2**62)] + [change.at for change in changes], [first] + [change.after for change in changes]


def _bucket_seconds(tz: str, starts_at: datetime, changes: list[ClockChange]) -> int:
    """An hour, or the largest bucket that divides every offset and change of the zone (30 or 15 minutes)."""
    ats, offsets = _offsets(tz, starts_at, changes)
    size = HOUR
    for value in [*offsets, *ats[1:]]:
        size = gcd(size, value % HOUR)
    return size or HOUR


def _buckets_to_cells(
    starts: dict[int, tuple[int, int]],
    ends: dict[int, tuple[int, int]],
    bucket: int,
    tz: str,
    starts_at: datetime,
    changes: list[ClockChange],
) -> Cells:
    """Held seconds per local weekday and hour, from where held intervals start and end, bucket by bucket.

    In bucket ``k`` (``[k·size, (k+1)·size)``) an interval held since before it holds all of it, one that
    starts in it holds from its start (``(k+1)·size − lo``) and one that ends in it gives back the rest
    (``(k+1)·size − hi``); the running count of intervals started and not ended carries from bucket to bucket.
    """
    ats, offsets = _offsets(tz, starts_at, changes)
    cells = _cells()
    keys = sorted(set(starts) | set(ends))
    running = 0
    k = keys[0]
    last = keys[-1]
    while k <= last:
        began, began_sum = starts.get(k, (0, 0))
        ended, ended_sum = ends.get(k, (0, 0))
        edge = (k + 1) * bucket
        seconds = running * bucket + (began * edge - began_sum) - (ended * edge - ended_sum)
        running += began - ended
        if seconds:
            at = k * bucket
            local = at + offsets[bisect_right(ats, at) - 1]
            day, in_day = divmod(local, 86_400)
            cells[(day + 3) % 7][in_day // HOUR] += seconds
        k += 1
    return cells
