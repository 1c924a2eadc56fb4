"""The report scenarios, in process: a venue's year and an area's year, each beside a bare count of its rows.

What is timed is what the API serves: the scope read (``venue_scope`` / ``area_scope``) and
``scheduling.reports.build.report`` for the period, with the period before it and the same period a year
earlier. The period is the generated year, read at its end (``bench.generate.report_as_of``), when most of
its sessions have a record; the year before holds no bookings, so the two comparisons find nothing (see
``figures_ms`` for what one period's figures cost without the heat map and group rows, to estimate them).
The venue is the one with the most bookings in the year; the area is ``bench-county``, which holds every
generated venue up to county size and, at nation, the first of its county-size areas (a council reports on its
own area, not on the nation's 10,000 venues).

The floor is ``SELECT count(*)`` over the same booking rows (``venue IN (…)`` and the year's UTC bounds),
through the same engine and pool: the least any report over those bookings must do. Report and floor run
alternately, so both see the same machine; the first report is kept apart (cold caches).
Import this only after ``DATABASE_URL`` names the bench database.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall
from typing import Any

from bench.generate import AREA_SLUG, DAYS, TZ

# Seconds one scenario may take at most, beyond its first run; at least two runs are always made.
BUDGET_SECONDS = 60.0


def year_of(first_day: date) -> tuple[Any, datetime]:
    """The generated year as a report period, and the instant it is read at (local midnight after it)."""
    from scheduling.reports.period import Period
    from venues.core.timezones import wall_clock_instant

    period = Period(first_day, first_day + timedelta(days=DAYS - 1))
    return period, wall_clock_instant(period.last + timedelta(days=1), wall(0), TZ).astimezone(UTC)


def _raw(sql: str, *args: Any) -> Any:
    from piccolo.querystring import QueryString

    return QueryString(sql, *args)


async def floor_count(venue_ids: list[int], starts: datetime, ends: datetime) -> int:
    from venues.core.database import current_engine

    ids = ", ".join(str(int(venue_id)) for venue_id in venue_ids)
    rows = await current_engine().run_querystring(
        _raw(
            f"SELECT count(*) AS n FROM booking WHERE venue IN ({ids}) AND starts_at >= {{}} AND starts_at < {{}}",
            starts,
            ends,
        )
    )
    return int(rows[0]["n"])


async def busiest_venue(starts: datetime, ends: datetime) -> int:
    from venues.core.database import current_engine

    rows = await current_engine().run_querystring(
        _raw(
            "SELECT booking.venue AS venue, count(*) AS n FROM booking JOIN venue ON venue.id = booking.venue "
            "WHERE venue.slug LIKE 'bench-venue-%' AND booking.starts_at >= {} AND booking.starts_at < {} "
            "GROUP BY booking.venue ORDER BY n DESC, booking.venue LIMIT 1",
            starts,
            ends,
        )
    )
    if not rows:
        raise LookupError("The bench database holds no bookings in the generated year.")
    return int(rows[0]["venue"])


async def bench_area() -> int:
    from venues.models import Area

    row = await Area.select(Area.id).where(Area.slug == AREA_SLUG).first()
    if row is None:
        raise LookupError(f"The bench database has no area {AREA_SLUG!r}; regenerate it.")
    return int(row["id"])


def _ms(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    return {
        "runs": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p90_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))] * 1000, 2),
        "min_ms": round(ordered[0] * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


async def _timed(call: Callable[[], Awaitable[Any]]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = await call()
    return time.perf_counter() - started, value


async def scenario(scope_of: Callable[[], Awaitable[Any]], first_day: date, repeats: int) -> dict[str, Any]:
    """One report scenario: the report ``repeats`` times after a first run, the floor alternately."""
    from scheduling.reports.build import figures, report

    period, now = year_of(first_day)
    scope = await scope_of()
    starts, ends = period.utc_bounds(TZ)
    ids = scope.venue_ids

    async def served() -> Any:
        return await report(await scope_of(), period, now)

    first, built = await _timed(served)
    report_s: list[float] = []
    floor_s: list[float] = []
    rows = 0
    deadline = time.monotonic() + BUDGET_SECONDS
    while len(report_s) < repeats and (len(report_s) < 2 or time.monotonic() < deadline):
        took, built = await _timed(served)
        report_s.append(took)
        took, rows = await _timed(lambda: floor_count(ids, starts, ends))
        floor_s.append(took)
    # One period's figures alone: with everything (as the current period), and without the heat map and group
    # rows (as each comparison, here over the same year, which holds bookings where the year before does not).
    whole = [(await _timed(lambda: figures(scope, period, now)))[0] for _ in range(3)]
    lean = [(await _timed(lambda: figures(scope, period, now, detail=False)))[0] for _ in range(3)]

    async def populated() -> Any:
        # The report as it would be with both comparisons full: the year with detail and the same year twice
        # without, at once as ``report`` reads its three periods.
        return await asyncio.gather(
            figures(scope, period, now),
            figures(scope, period, now, detail=False),
            figures(scope, period, now, detail=False),
        )

    full = [(await _timed(populated))[0] for _ in range(3)]
    current = built.current
    reported, floor = _ms(report_s), _ms(floor_s)
    return {
        "scope": {"kind": str(scope.kind), "id": scope.id, "name": scope.name, "venues": len(ids)},
        "period": period.as_json(),
        "as_of": now.isoformat(),
        "bookings_in_period": rows,
        "first_ms": round(first * 1000, 2),
        "report": reported,
        "floor": floor,
        "ratio_to_floor": round(reported["p50_ms"] / floor["p50_ms"], 1) if floor["p50_ms"] else None,
        "figures_ms": {
            "current_detail": round(statistics.median(whole) * 1000, 2),
            "one_period_without_detail": round(statistics.median(lean) * 1000, 2),
            "three_populated_periods_at_once": round(statistics.median(full) * 1000, 2),
        },
        # What the report found, so a reader sees it did the work (and both engines agree).
        "found": {
            "sessions": current.sessions.sessions,
            "held": current.sessions.held,
            "not_held": current.sessions.not_held,
            "unrecorded": current.sessions.unrecorded,
            "cancelled": current.sessions.cancelled,
            "headcount": current.attendance.headcount,
            "groups_hosted": current.groups.hosted,
            "value_given_minor": current.money.value_given_minor,
            "booked_minutes": current.use.booked_minutes if current.use is not None else None,
            "open_minutes": current.use.open_minutes if current.use is not None else None,
        },
    }


async def report_scenarios(first_day: date, repeats: int = 10) -> dict[str, Any]:
    """Both scenarios on the database DATABASE_URL names (pool started by the caller)."""
    from scheduling.reports.build import area_scope, venue_scope

    period, _ = year_of(first_day)
    venue_id = await busiest_venue(*period.utc_bounds(TZ))
    area_id = await bench_area()
    return {
        "venue_year": await scenario(lambda: venue_scope(venue_id), first_day, repeats),
        "area_year": await scenario(lambda: area_scope(area_id), first_day, max(2, repeats // 2)),
    }


async def profile(first_day: date, which: str, top: int = 30) -> str:
    """cProfile of one report (after a warm-up run), the functions by cumulative time."""
    import cProfile
    import io
    import pstats

    from scheduling.reports.build import area_scope, report, venue_scope

    period, now = year_of(first_day)
    if which == "area":
        area_id = await bench_area()
        scope = await area_scope(area_id)
    else:
        scope = await venue_scope(await busiest_venue(*period.utc_bounds(TZ)))
    await report(scope, period, now)
    profiler = cProfile.Profile()
    profiler.enable()
    await report(scope, period, now)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> None:
    """``python -m bench.report_scenarios --first-day 2026-10-30``: the scenarios on DATABASE_URL, as JSON."""
    import argparse
    import json

    parser = argparse.ArgumentParser(prog="python -m bench.report_scenarios")
    parser.add_argument("--first-day", type=date.fromisoformat, required=True, help="the generated year's first day")
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--profile", choices=["venue", "area"], help="print a cProfile of one report instead")
    args = parser.parse_args(argv)

    async def run() -> Any:
        from venues.core.database import close_pool, start_pool

        await start_pool()
        try:
            if args.profile:
                return await profile(args.first_day, args.profile)
            return json.dumps(await report_scenarios(args.first_day, args.repeats), indent=2)
        finally:
            await close_pool()

    print(asyncio.run(run()))


if __name__ == "__main__":
    main()
