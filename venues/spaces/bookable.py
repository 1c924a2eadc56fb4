"""A space together with what booking it touches: its venue and, for a combined space, its parts.

A bookable is read before the write transaction that books it. Its parts,
buffers or archiving may change in between (``scheduling.holds.space_changes``
rewrites the held time of the bookings already made), and so may its venue's
opening (``scheduling.venue_changes.resolve`` adds a closure or new hours with
the bookings they reach resolved). So every write of occupancy first calls
``hold_current`` inside its transaction: it holds the space's and the venue's
rows until the booking commits (KEY SHARE on PostgreSQL, one query; SQLite's
writers are serial already), then refuses with a 409 if the space is no longer
as it was read (its shape, or the capacity and booking length it was checked
against), and reads the venue's opening, for the booking's last check. A
change to the opening locks the venue's row FOR UPDATE first, so either it
commits before and the check sees it, or it waits for the booking and then
finds it among the bookings it reaches.

Before any of that, a writer of held time on PostgreSQL takes a transaction
lock on each physical space it will hold, in ascending id (``holding_time``,
or ``hold_current`` itself): writers of the same space queue there, each
reading the time held only once the one before has committed. Without it they
all pass the check, insert, and wait inside the exclusion constraint for each
other's transactions; three or more such inserts can each find another's row
still in progress and deadlock, which PostgreSQL only breaks after
``deadlock_timeout`` (a second). SQLite's writers are serial already.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from venues.core.database import is_postgres
from venues.core.errors import Conflict
from venues.core.i18n import _
from venues.lookups import get_space, get_venue
from venues.models import Space, SpacePart, Venue
from venues.opening.calendar import Calendar, load_calendar
from venues.spaces.operations import parts_by_space

# What a booking's held time is computed from, besides its own times, and the space's rules a booking was checked
# against before its transaction: a change to any of them (a capacity cut, a stricter booking length) after that
# check refuses the booking, since the change's own list of the bookings it reaches cannot include it yet.
HOLD_SHAPE = (
    "archived",
    "setup_buffer_minutes",
    "cleanup_buffer_minutes",
    "capacity",
    "min_booking_minutes",
    "max_booking_minutes",
)


class SpaceChanged(Conflict):
    """The space's parts, buffers, capacity, booking length or archiving changed between reading it and booking it."""

    rule = "space_changed"


@dataclass(frozen=True)
class Bookable:
    space: Space
    venue: Venue
    part_ids: tuple[int, ...] = ()

    @property
    def physical_ids(self) -> tuple[int, ...]:
        """The spaces a booking of this one occupies: its parts, or itself when it has none."""
        return self.part_ids or (self.space.id,)

    @property
    def tz(self) -> str:
        return self.venue.timezone


async def parts_of(space_ids: Iterable[int]) -> dict[int, tuple[int, ...]]:
    """For each combined space among ``space_ids``, its parts in ascending id: one query."""
    found = await parts_by_space(sorted(set(space_ids)))
    return {combined: tuple(sorted(parts)) for combined, parts in found.items()}


async def load_bookable(space_id: int) -> Bookable:
    space = await get_space(space_id)
    venue = await get_venue(space.venue)
    return Bookable(space=space, venue=venue, part_ids=(await parts_of([space.id])).get(space.id, ()))


@dataclass(frozen=True)
class Held:
    """A bookable whose space and venue rows the current write transaction holds, with the venue's opening
    (hours and closures) read after the lock: what occupancy is written with (``write_hold``,
    ``write_occurrences``)."""

    bookable: Bookable
    calendar: Calendar


@cache
def _shape_sql() -> str:
    """The space's shape and parts in one query."""
    space, part = Space._meta.tablename, SpacePart._meta.tablename
    columns = ", ".join(f's."{name}"' for name in HOLD_SHAPE)
    return (
        f'SELECT {columns}, p."part" AS part FROM "{space}" AS s LEFT JOIN "{part}" AS p ON p."combined" = s."id" '
        'WHERE s."id" = {}'
    )


# The class key of the held-time locks (PostgreSQL's two-key advisory locks, apart from the one-key ones taken
# elsewhere), and the spaces whose locks the current ``holding_time`` block has taken.
HELD_TIME_LOCKS = 1
_LOCK_HELD_TIME = f"SELECT pg_advisory_xact_lock({HELD_TIME_LOCKS}, id) FROM unnest({{}}::int[]) AS id"
_locked: ContextVar[frozenset[int]] = ContextVar("held_time_locked", default=frozenset())


@cache
def _lock_sql(with_held_time: bool) -> str:
    """PostgreSQL: the space's and its venue's rows held (KEY SHARE) until commit, so a change of the space's shape
    (FOR UPDATE on the space) or of the venue's opening (FOR UPDATE on the venue) waits for this transaction, or this
    one for it. A statement of its own: one that waited for a lock reads the other tables as they were when it
    began, so the shape and the opening are read by the statements after it. ``with_held_time``: the physical
    spaces' held-time locks first, in the same round trip (an uncorrelated sub-query, run once before the scan
    reaches a row to lock; ``unnest`` keeps the array's ascending order)."""
    space, venue = Space._meta.tablename, Venue._meta.tablename
    held_time = (
        f"AND (SELECT count(pg_advisory_xact_lock({HELD_TIME_LOCKS}, id)) FROM unnest({{}}::int[]) AS id) >= 0 "
        if with_held_time
        else ""
    )
    return (
        f'SELECT 1 FROM "{space}" AS s JOIN "{venue}" AS v ON v."id" = s."venue" '
        f'WHERE s."id" = {{}} {held_time}FOR KEY SHARE OF s, v'
    )


async def _lock_held_time(space_ids: Iterable[int]) -> None:
    """PostgreSQL: the held-time lock of each space, ascending, until the transaction ends; one query.
    Transaction locks, so they work through PgBouncer's transaction pooling."""
    wanted = sorted(set(space_ids))
    if is_postgres() and wanted and not set(wanted) <= _locked.get():
        await Space.raw(_LOCK_HELD_TIME, wanted)


@asynccontextmanager
async def holding_time(space_ids: Iterable[int]) -> AsyncIterator[None]:
    """Inside a write transaction, first: writers of the same physical spaces queue here until this one commits.
    ``hold_current`` inside the block takes no second lock."""
    wanted = frozenset(space_ids)
    await _lock_held_time(wanted)
    token = _locked.set(_locked.get() | wanted)
    try:
        yield
    finally:
        _locked.reset(token)


async def hold_current(bookable: Bookable, starts_at: datetime, ends_at: datetime) -> Held:
    """First thing inside the write transaction that writes occupancy: the physical spaces' held-time locks taken
    (unless ``holding_time`` has), the space still as it was read, its and its venue's rows held until commit, and
    the venue's opening around ``[starts_at, ends_at)`` as it is now (read after the lock, so no closure or change
    of hours can commit unseen before the booking does)."""
    await _require_current(bookable)
    return Held(bookable, await load_calendar([bookable.venue.id], starts_at, ends_at))


async def _require_current(bookable: Bookable) -> None:
    if is_postgres():
        ids = sorted(bookable.physical_ids)
        if set(ids) <= _locked.get():
            await Space.raw(_lock_sql(False), bookable.space.id)
        else:
            await Space.raw(_lock_sql(True), bookable.space.id, ids)
    rows = await Space.raw(_shape_sql(), bookable.space.id)
    parts = tuple(sorted(row["part"] for row in rows if row["part"] is not None))
    if (
        not rows
        or parts != bookable.part_ids
        or any(rows[0][name] != getattr(bookable.space, name) for name in HOLD_SHAPE)
    ):
        raise SpaceChanged(
            _(
                "%(name)s was changed a moment ago (its parts, set-up or clean-up time, capacity, shortest or longest booking, or archiving); look at it again and retry."
            )
            % {"name": bookable.space.name},
            rule="space_changed",
        )
