"""Occupancy rows: the time each active booking holds on each physical space, buffers included.

These rows are what the database's overlap guard watches, so every booking
that holds time writes them and every booking that frees time deletes them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from scheduling.holds.windows import occupancy_overlaps
from scheduling.models import Booking, ExtraHold, Occupancy
from venues.core.database import is_postgres
from venues.models import Space
from venues.spaces.bookable import Bookable, Held


def epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def from_epoch(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)


@dataclass(frozen=True)
class Hold:
    """``[starts_ts, ends_ts)`` in epoch seconds on each of ``space_ids`` (ascending)."""

    space_ids: tuple[int, ...]
    starts_ts: int
    ends_ts: int


@dataclass(frozen=True)
class Taken:
    """An occupancy row that overlaps a wanted hold."""

    space_id: int
    space_name: str
    starts_at: datetime
    ends_at: datetime
    booking_id: int
    title: str


def hold_for(bookable: Bookable, starts_at: datetime, ends_at: datetime) -> Hold:
    """A booking of ``bookable`` occupies ``[start − set-up, end + clean-up)`` on each physical space."""
    space = bookable.space
    return Hold(
        space_ids=tuple(sorted(bookable.physical_ids)),
        starts_ts=epoch(starts_at - timedelta(minutes=space.setup_buffer_minutes)),
        ends_ts=epoch(ends_at + timedelta(minutes=space.cleanup_buffer_minutes)),
    )


async def taken(hold: Hold, exclude_booking_id: int | None = None) -> list[Taken]:
    """Rows already holding part of ``hold``, earliest first: one indexed query."""
    query = Occupancy.select(
        Occupancy.space,
        Occupancy.space.name,
        Occupancy.starts_ts,
        Occupancy.ends_ts,
        Occupancy.booking,
        Occupancy.booking.title,
    ).where(Occupancy.space.is_in(list(hold.space_ids)) & occupancy_overlaps(hold.starts_ts, hold.ends_ts))
    if exclude_booking_id is not None:
        query = query.where(Occupancy.booking != exclude_booking_id)
    rows = await query.order_by(Occupancy.starts_ts).order_by(Occupancy.space)
    return [
        Taken(
            space_id=row["space"],
            space_name=row["space.name"],
            starts_at=from_epoch(row["starts_ts"]),
            ends_at=from_epoch(row["ends_ts"]),
            booking_id=row["booking"],
            title=row["booking.title"],
        )
        for row in rows
    ]


async def write_hold(booking_id: int, hold: Hold, held: Held) -> None:
    """One row per physical space, in ascending space id so concurrent writers lock in the same order.

    ``hold`` was computed from ``held.bookable``, which ``hold_current`` found unchanged in this transaction (and
    whose opening the caller checked the booking against).
    """
    await Occupancy.insert(
        *[
            Occupancy(booking=booking_id, space=space_id, starts_ts=hold.starts_ts, ends_ts=hold.ends_ts)
            for space_id in sorted(hold.space_ids)
        ]
    )


async def release(booking_id: int) -> None:
    """Drop a booking's held time, after its space's shape: a change of the space waits for this, or this for it.

    On PostgreSQL the booking's space row is held (KEY SHARE, as ``hold_current`` does) before the delete, so
    a concurrent ``change_space`` (which holds the row FOR UPDATE while it rewrites held time) is never half
    seen: either it commits first and this delete, a new statement, sees the rows it wrote, or it starts after
    this commits and no longer finds the booking holding. SQLite's write transactions are serial already.
    """
    if is_postgres():
        await Space.raw(_RELEASE_LOCK, booking_id)
    await Occupancy.delete().where(Occupancy.booking == booking_id)
    # Its extras' stock goes with its time (a move claims them again: scheduling.extras.holds.move_extras).
    await ExtraHold.delete().where(ExtraHold.booking == booking_id)


_RELEASE_LOCK = (
    f'SELECT 1 FROM "{Space._meta.tablename}" WHERE "id" = '
    f'(SELECT "space" FROM "{Booking._meta.tablename}" WHERE "id" = {{}}) FOR KEY SHARE'
)


async def occupied(space_ids: Iterable[int], starts_ts: int, ends_ts: int) -> dict[int, list[tuple[int, int]]]:
    """Held ``(starts_ts, ends_ts)`` per space overlapping the window: one indexed query for any number of spaces."""
    ids = sorted(set(space_ids))
    if not ids:
        return {}
    rows = await Occupancy.select(Occupancy.space, Occupancy.starts_ts, Occupancy.ends_ts).where(
        Occupancy.space.is_in(ids) & occupancy_overlaps(starts_ts, ends_ts)
    )
    found: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for row in rows:
        found[row["space"]].append((row["starts_ts"], row["ends_ts"]))
    return found
