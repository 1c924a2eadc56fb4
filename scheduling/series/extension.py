"""Booking a series' later dates as the booking window moves on: ``commonroom extend-series`` and, under
``commonroom serve``, every worker's periodic run (``extend_periodically``). Reading a series never writes.

An open-ended series (or one that runs past the space's horizon) has only the
dates inside the horizon booked. As days pass, the window reaches new dates;
extending books them the way the series' first dates were booked, except that
a date that is no longer free is skipped (there is nobody to ask) and
reported. Two extensions of one series never book a date twice: each claims
the series row first, on the ``materialised_until`` and ``sequence`` it read,
and the later one finds nothing left to do. The workers' timers run it in the
process holding the ``extend-series`` lease (``venues.core.leases``); the claim is
what keeps a stalled holder and its successor from booking a date twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime

from scheduling.holds.guard import guarded
from scheduling.holds.occupancy import epoch
from scheduling.models import Booking, Series
from scheduling.pricing.quotes import kept_tier
from scheduling.series.conflicts import Clash
from scheduling.series.create import (
    Terms,
    booking_terms,
    check_occurrences,
    due_occurrences,
    hold_occurrences,
    raced,
    write_occurrences,
)
from scheduling.vocabulary import SeriesStatus
from venues.core import clock, leases
from venues.core.errors import Conflict, DomainError
from venues.models import Space, User
from venues.permissions import manages_venue
from venues.publication import touch_venue
from venues.spaces.bookable import Bookable, holding_time, load_bookable


@dataclass(frozen=True)
class Extension:
    """What one extension did; ``error`` says why it booked nothing when a booking won a race for a date."""

    series_id: int
    booked: list[Booking] = field(default_factory=list)
    skipped: list[Clash] = field(default_factory=list)
    error: str = ""


async def _terms(series: Series, bookable: Bookable) -> Terms:
    """The series' tier (or the one it would get now, if that was deleted), and the status its booker gets today."""
    booker = await User.objects().where(User.id == series.booked_by).first() if series.booked_by is not None else None
    manages = await manages_venue(booker, bookable.venue.id)
    tier = await kept_tier(bookable.venue.id, series.tier, series.group)
    terms = await booking_terms(bookable, tier, manages, series.group)
    return Terms(status=terms.status, tier=tier, charges=terms.charges, reveal=False, standard=terms.standard)


async def extend_series(series: Series, now: datetime | None = None) -> Extension:
    """Book the series' dates that have come inside the horizon since it was last extended.

    Raises ``Conflict`` when the overlap guard refused a date another booking
    took meanwhile; nothing is written then, and the next run skips that date.
    """
    now = now or clock.now()
    bookable = await load_bookable(series.space)
    due = due_occurrences(series, bookable.space, now)
    if series.status != SeriesStatus.active or not due.occurrences:
        return Extension(series.id)
    occurrences = list(due.occurrences)
    terms = await _terms(series, bookable)
    mark = Series.materialised_until
    unchanged = (mark == series.materialised_until) if series.materialised_until is not None else mark.is_null()

    async def refusal() -> DomainError:
        return await raced(bookable, occurrences, now, series.title, reveal=False)

    # The space's held-time locks before the series row, the order a move of one date takes them in (its
    # ``claiming`` holds the space, then ``touch_series`` updates the row): the other order can deadlock.
    async with guarded(refusal), holding_time(bookable.physical_ids):
        claimed = (
            await Series.update({mark: due.covered_until, Series.updated_at: now})
            .where(
                (Series.id == series.id)
                & (Series.sequence == series.sequence)
                & (Series.status == str(SeriesStatus.active))
                & unchanged
            )
            .returning(Series.id)
        )
        if not claimed:
            return Extension(series.id)
        present = {
            epoch(row["recurrence_id"])
            for row in await Booking.select(Booking.recurrence_id).where(
                (Booking.series == series.id)
                & (Booking.recurrence_id >= occurrences[0].starts_at)
                & (Booking.recurrence_id <= occurrences[-1].starts_at)
            )
        }
        fresh = [occurrence for occurrence in occurrences if epoch(occurrence.starts_at) not in present]
        held = await hold_occurrences(bookable, fresh)
        verdict = await check_occurrences(bookable, fresh, held.calendar, now, series.title)
        booked = await write_occurrences(series, held, verdict.bookable, terms, None, now)
        # The claim moved the series' updated_at (its feed event's LAST-MODIFIED) even when nothing was booked.
        await touch_venue(bookable.venue.id)
    series.materialised_until = due.covered_until
    return Extension(series.id, booked, verdict.clashes)


async def extend_all_series(now: datetime | None = None) -> list[Extension]:
    """Every active series with dates due, one transaction each: two queries to find them."""
    now = now or clock.now()
    active = await Series.objects().where(Series.status == str(SeriesStatus.active)).order_by(Series.id)
    if not active:
        return []
    spaces = {
        space.id: space for space in await Space.objects().where(Space.id.is_in(sorted({s.space for s in active})))
    }
    found: list[Extension] = []
    for series in active:
        space = spaces.get(series.space)
        if space is None or not due_occurrences(series, space, now).occurrences:
            continue
        try:
            found.append(await extend_series(series, now))
        except Conflict as exc:
            found.append(Extension(series.id, error=exc.detail))
    return found


async def extend_periodically(every_seconds: float, wait: Callable[[float], Awaitable[object]] = asyncio.sleep) -> None:
    """``extend_all_series`` now and then after every ``wait(every_seconds)``, until cancelled.

    A failed run (a database that went away, say) is logged and the next one tries again.
    """
    await leases.periodically(
        "extend-series",
        every_seconds,
        lambda: extend_all_series(),
        "Extending recurring series failed; trying again in %s seconds.",
        wait,
    )
