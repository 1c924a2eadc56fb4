"""Applying a change to a venue's opening together with what becomes of the bookings it reaches.

Without a resolution for every booking it reaches, a change is refused with a
409 ``affects-bookings`` listing them (``reach.reached_by``). With one, the
change and the bookings' fates are written in one transaction, or nothing is:

- ``cancel``: the booking is cancelled with the manager's reason, which its
  booker sees (``status_reason``); a series date becomes a cancelled date of its
  series. Its held time is freed and the venue's version moves, so feeds and
  What's on drop it.
- ``keep``: the booking stands as an exception, recorded in its history
  (action ``kept``); it fits the opening no longer, so later changes do not
  report it again and confirming it needs no override.

The venue's row is locked first, so two managers' changes to one venue are
resolved one after the other against what the first one left.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TypeVar

from scheduling.bookings.audit import KEPT, event, record_many
from scheduling.bookings.status import HOLDS_TIME_VALUES, cancelled_by
from scheduling.bookings.workflow import cancel_rows
from scheduling.models import Booking, Invoice, Series
from scheduling.notices.notify import closure_notice
from scheduling.payments.cancellations import credit_venue_cancelled
from scheduling.venue_changes.reach import (
    Reached,
    VenueChange,
    closure_change,
    hours_change,
    listed,
    phrases,
    reached_by,
)
from venues.core import clock
from venues.core.database import write_transaction
from venues.core.errors import AffectsBookings, InvalidInput
from venues.core.i18n import DEFAULT_LANGUAGE, _, using
from venues.core.row_locks import lock_row
from venues.lookups import get_venue
from venues.models import Closure, User, Venue
from venues.opening.closures import checked_closure
from venues.opening.hours import Interval, check_week, replace_weekly_hours
from venues.publication import touch_venue

T = TypeVar("T")


class Fate(StrEnum):
    cancel = "cancel"
    keep = "keep"


@dataclass(frozen=True)
class Resolution:
    """What becomes of the bookings a change reaches: ``each`` by booking id, the rest ``every``; ``reason`` for them."""

    every: Fate | None = None
    each: Mapping[int, Fate] = field(default_factory=dict)
    reason: str = ""


@dataclass(frozen=True)
class Resolved:
    """What was written alongside the change: the bookings cancelled and kept, by id."""

    cancelled: list[int]
    kept: list[int]


async def _plan(change: VenueChange, resolution: Resolution | None, now: datetime) -> tuple[list[int], list[int], str]:
    found = await reached_by(change, now)
    return settle(found, resolution, change.label)


def settle(
    found: Sequence[Reached], resolution: Resolution | None, label: str, rules: bool = False
) -> tuple[list[int], list[int], str]:
    """The bookings to cancel and keep, and the reason, when ``resolution`` resolves every booking in ``found``;
    else the 409 ``affects-bookings`` listing those left: "The {label} would leave N booking(s) outside the venue's
    opening: …" (for a space's stricter ``rules``: "would contradict N booking(s) already made")."""
    resolution = resolution or Resolution()
    ids = {item.id for item in found}
    for booking_id in resolution.each:
        if booking_id not in ids:
            raise InvalidInput(
                "resolve.each",
                _("Booking %(booking_id)s is not among the bookings this change reaches; look at the list again.")
                % {"booking_id": booking_id},
            )
    unresolved = [item for item in found if item.id not in resolution.each and resolution.every is None]
    if unresolved:
        raise AffectsBookings(
            (
                _(
                    "The %(label)s would contradict %(count)s booking(s) already made: %(listed)s (venue time). Say "
                    "for each whether to cancel it, with a reason the booker sees, or keep it as an exception."
                )
                if rules
                else _(
                    "The %(label)s would leave %(count)s booking(s) outside the venue's opening: %(listed)s (venue "
                    "time). Say for each whether to cancel it, with a reason the booker sees, or keep it as an exception."
                )
            )
            % {"label": label, "count": len(unresolved), "listed": phrases(unresolved)},
            rule="affects_bookings",
            bookings=listed(unresolved),
            total=len(unresolved),
        )
    fates = {item.id: resolution.each.get(item.id, resolution.every) for item in found}
    cancel = [booking_id for booking_id, fate in fates.items() if fate == Fate.cancel]
    keep = [booking_id for booking_id, fate in fates.items() if fate == Fate.keep]
    reason = resolution.reason.strip()
    if cancel and not reason:
        raise InvalidInput("resolve.reason", _("Say why the bookings are cancelled: their bookers see the reason."))
    return cancel, keep, reason


class Cancelled(list[int]):
    """The ids of the bookings cancelled, with the credit notes their cancellation issued (``credits``)."""

    def __init__(self, ids: Iterable[int] = (), credits: Iterable[Invoice] = ()) -> None:
        super().__init__(ids)
        self.credits = list(credits)


async def cancel_bookings(ids: list[int], actor_id: int, reason: str, now: datetime) -> Cancelled:
    """Cancel ``ids`` (those still live) as the venue's doing, free their time and record it: a few statements
    however many."""
    if not ids:
        return Cancelled()
    rows = await Booking.select(Booking.id, Booking.status, Booking.status_reason, Booking.series).where(
        Booking.id.is_in(ids) & Booking.status.is_in(HOLDS_TIME_VALUES)
    )
    live = await cancel_rows(rows, actor_id, reason, now, cancelled_by(venue_acted=True))
    if not live:
        return Cancelled()
    credits = await credit_venue_cancelled(live, actor_id, reason)
    series = sorted({row["series"] for row in rows if row["series"] is not None})
    if series:
        await Series.update({Series.sequence: Series.sequence + 1, Series.updated_at: now}).where(
            Series.id.is_in(series)
        )
    return Cancelled(live, credits)


async def keep_bookings(ids: list[int], actor_id: int, label: str, reason: str, action: str = KEPT) -> None:
    """Record the bookings ``ids`` kept despite the change ``label`` (as stored: English, like the default reason,
    whatever language the manager made the change in)."""
    with using(DEFAULT_LANGUAGE):
        default = _("Kept despite the %(label)s.") % {"label": label}
    await record_many(
        [
            event(
                booking_id,
                actor_id,
                action,
                {"exception": [None, label]},
                reason or default,
            )
            for booking_id in ids
        ]
    )


async def apply_change(
    actor: User,
    change: VenueChange,
    write: Callable[[], Awaitable[T]],
    resolution: Resolution | None,
    now: datetime | None = None,
) -> tuple[T, Resolved]:
    """``write()`` the change with the bookings it reaches resolved, in one transaction; or a 409 listing them."""
    now = now or clock.now()
    async with write_transaction():
        await lock_row(Venue, change.venue_id)
        cancel, keep, reason = await _plan(change, resolution, now)
        result = await write()
        cancelled = await cancel_bookings(cancel, actor.id, reason, now)
        await keep_bookings(keep, actor.id, change.history_label, reason)
        await touch_venue(change.venue_id)
        await closure_notice(cancelled, reason, cancelled.credits)
    return result, Resolved(cancelled, keep)


async def close(
    actor: User,
    venue_id: int,
    starts_on: date,
    ends_on: date,
    reason: str,
    space_id: int | None,
    resolution: Resolution | None = None,
    now: datetime | None = None,
) -> tuple[Closure, Resolved]:
    """Add a closure, cancelling or keeping the bookings it reaches as ``resolution`` says."""
    venue = await get_venue(venue_id)
    closure = await checked_closure(venue.id, starts_on, ends_on, reason, space_id)

    async def write() -> Closure:
        await closure.save()
        return closure

    return await apply_change(actor, await closure_change(closure, venue.timezone), write, resolution, now)


async def set_hours(
    actor: User,
    venue_id: int,
    space_id: int | None,
    intervals: Sequence[Interval],
    resolution: Resolution | None = None,
    now: datetime | None = None,
) -> tuple[list[Interval], Resolved]:
    """Replace the venue's (or a space's) weekly hours, cancelling or keeping the bookings they leave outside."""
    week = check_week(intervals)

    async def write() -> list[Interval]:
        return await replace_weekly_hours(venue_id, space_id, week)

    return await apply_change(actor, hours_change(venue_id, space_id, week), write, resolution, now)
