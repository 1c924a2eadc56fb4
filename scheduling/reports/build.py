"""A report put together: the scope's figures for the period, the period before and the same period last year."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import datetime
from typing import Any

from scheduling.groups import get_group
from scheduling.models import Booking
from scheduling.reports.activities import activity_figures
from scheduling.reports.attendance import attendance_figures
from scheduling.reports.figures import Figures, Report
from scheduling.reports.groups import group_figures
from scheduling.reports.money import money_figures
from scheduling.reports.period import Period
from scheduling.reports.scope import Scope, ScopeKind, VenueInScope
from scheduling.reports.sessions import session_figures
from scheduling.reports.use import use_figures
from venues.areas.areas import get_area_row
from venues.core import clock
from venues.core.database import current_engine
from venues.lookups import get_venue
from venues.models import AreaVenue, Venue


def scope_of_venue(venue: Venue) -> Scope:
    return Scope(ScopeKind.venue, venue.id, venue.name, (VenueInScope(venue.id, venue.name, venue.timezone),))


async def venue_scope(venue_id: int) -> Scope:
    return scope_of_venue(await get_venue(venue_id))


async def area_scope(area_id: int, *, public: bool = False) -> Scope:
    """An area's venues; ``public`` leaves out archived venues, as the public list of areas does (its officers'
    report keeps them: they answer for what those venues did while open)."""
    area = await get_area_row(area_id)
    members = await AreaVenue.select(AreaVenue.venue).where(AreaVenue.area == area.id)
    venues = await _venues([row["venue"] for row in members], include_archived=not public)
    return Scope(ScopeKind.area, area.id, area.name, venues)


async def group_scope(group_id: int) -> Scope:
    group = await get_group(group_id)
    booked = await Booking.select(Booking.venue).where(Booking.group == group.id).distinct()
    venues = await _venues([row["venue"] for row in booked])
    return Scope(ScopeKind.group, group.id, group.name, venues, group_id=group.id)


async def _venues(ids: list[int], *, include_archived: bool = True) -> tuple[VenueInScope, ...]:
    if not ids:
        return ()
    query = Venue.select(Venue.id, Venue.name, Venue.timezone).where(Venue.id.is_in(ids))
    if not include_archived:
        query = query.where(Venue.archived == False)  # noqa: E712  # Piccolo builds SQL from ==
    rows = await query.order_by(Venue.name)
    return tuple(VenueInScope(row["id"], row["name"], row["timezone"]) for row in rows)


# At most this many of a report's reads at once, so one county report leaves the rest of the pool to the
# worker's other requests.
CONCURRENT_READS = 4


async def _all(*reads: Awaitable[Any], gate: asyncio.Semaphore | None = None) -> list[Any]:
    """The reads at once on pooled connections, no more at a time than ``gate`` lets through; one after another
    inside a transaction, whose single connection cannot run two queries at once."""
    if current_engine().current_transaction.get() is not None:
        return [await read for read in reads]

    async def gated(read: Awaitable[Any]) -> Any:
        if gate is None:
            return await read
        async with gate:
            return await read

    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(gated(read)) for read in reads]
    return [task.result() for task in tasks]


async def figures(
    scope: Scope, period: Period, now: datetime, *, detail: bool = True, gate: asyncio.Semaphore | None = None
) -> Figures:
    """One period's figures; ``detail`` false leaves out what only the main period shows (the heat map, group rows).

    The sections are independent reads, so they run at once (``_all``): an area's year waits for its slowest
    sections rather than for the sum of them. ``gate`` is shared by a report's three periods."""
    gate = gate or asyncio.Semaphore(CONCURRENT_READS)
    use, sessions, activities, groups, attendance, money = await _all(
        use_figures(scope, period, detail=detail) if scope.counts_opening else _no_use(),
        session_figures(scope, period, now),
        activity_figures(scope, period),
        group_figures(scope, period, detail=detail),
        attendance_figures(scope, period),
        money_figures(scope, period),
        gate=gate,
    )
    return Figures(
        period=period,
        use=use,
        sessions=sessions,
        activities=activities,
        groups=groups,
        attendance=attendance,
        money=money,
    )


async def _no_use() -> None:
    return None


async def report(scope: Scope, period: Period, now: datetime | None = None) -> Report:
    """The period beside the one before and the same one last year, the three read at once."""
    now = now or clock.now()
    gate = asyncio.Semaphore(CONCURRENT_READS)
    current, previous, last_year = await _all(
        figures(scope, period, now, gate=gate),
        figures(scope, period.previous(), now, detail=False, gate=gate),
        figures(scope, period.last_year(), now, detail=False, gate=gate),
    )
    return Report(
        scope_kind=str(scope.kind),
        scope_id=scope.id,
        scope_name=scope.name,
        current=current,
        previous=previous,
        last_year=last_year,
    )
