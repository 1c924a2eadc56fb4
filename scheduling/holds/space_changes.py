"""Changing a space under its bookings: its parts, its set-up and clean-up buffers, archiving it.

A booking's held time (its occupancy rows, what the overlap guard watches) is
worked out from its space's parts and buffers when it is made, so when those
change the bookings already made must follow in the same transaction, or the
change must be refused; occupancy that no longer matches its space would let
the same time be booked twice (once on the parts, once on the whole).

- Parts or buffers: the held time of every live (requested or confirmed)
  booking of the space that can still reach the present is rewritten to the new
  shape, under the guard. If a rewritten hold would overlap time held by
  another booking (or another rewritten one), nothing is written and the change
  is refused with a 409 ``affects-bookings`` listing those bookings.
- Archiving: refused with the same 409 while live bookings hold time on the
  space from now on (its own bookings, or a combined space's that hold it as a
  part); the manager cancels or moves them first.

Bookings that are over keep the rows they had: those record what was held at
the time, no booking can be made there any more, and rewriting them could only
refuse a change over clashes nobody can act on. "Can still reach the present"
means ending after now less the longest clean-up buffer, so a clean-up in
progress is rewritten too.

The space's row is locked first (FOR UPDATE on PostgreSQL; SQLite's writers
are serial), so a booking being made at the same moment either commits first
and is rewritten with the rest, or waits and is refused because the space
changed (``venues.spaces.bookable.hold_current``). If another booking still
wins the time on a part while the holds are rewritten, the guard refuses the
write and the 409 names what clashes once it has committed.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from datetime import datetime
from functools import reduce
from typing import Any

from piccolo.columns.combination import And, Where

from scheduling.bookings.status import HOLDS_TIME_VALUES
from scheduling.holds.guard import guarded
from scheduling.holds.occupancy import Hold, epoch, hold_for
from scheduling.holds.windows import booking_overlaps, occupancy_overlaps
from scheduling.models import Booking, Occupancy
from scheduling.series.create import chunked
from scheduling.wording import local_iso, span
from venues.core import clock
from venues.core.errors import AffectsBookings, Conflict, DomainError
from venues.core.i18n import _
from venues.core.row_locks import lock_row
from venues.models import Space, SpacePart
from venues.spaces.bookable import Bookable, load_bookable
from venues.spaces.operations import LONGEST_BUFFER, update_space

LISTED = 100  # bookings named in one refusal; ``total`` says how many there are
PHRASED = 5  # of which the detail sentence spells out the first few


def _shape(bookable: Bookable) -> tuple[Any, ...]:
    """What a booking's held time is worked out from (archiving aside)."""
    space = bookable.space
    return bookable.part_ids, space.setup_buffer_minutes, space.cleanup_buffer_minutes


async def change_space(
    space_id: int, fields: dict[str, Any], part_ids: list[int] | None, now: datetime | None = None
) -> Space:
    """Apply ``fields`` (and ``part_ids`` unless None) to the space; its bookings' held time follows or it is refused."""
    now = now or clock.now()
    planned: list[Bookable] = []

    async def refusal() -> DomainError | None:
        return await _raced(planned[0], now) if planned else None

    async with guarded(refusal):
        await lock_row(Space, space_id)
        before = await load_bookable(space_id)
        was_archived, old_shape = before.space.archived, _shape(before)
        space = await update_space(before.space, fields, part_ids)
        after = Bookable(space, before.venue, tuple(sorted(part_ids)) if part_ids is not None else before.part_ids)
        planned.append(after)
        if space.archived and not was_archived:
            await _refuse_archiving(after, now)
            await _refuse_archiving_a_part(space)
        if _shape(after) != old_shape:
            await _rewrite_holds(after, now)
    return space


def _still_holding(space_id: int, now: datetime) -> Where | And:
    """Live bookings of the space whose held time can still reach the present."""
    conditions: list[Where | And] = [(Booking.space == space_id), Booking.status.is_in(HOLDS_TIME_VALUES)]
    return reduce(operator.and_, conditions + booking_overlaps(now - LONGEST_BUFFER, None))


async def _rows(condition: Where | And) -> list[dict[str, Any]]:
    return (
        await Booking.select(Booking.id, Booking.title, Booking.starts_at, Booking.ends_at)
        .where(condition)
        .order_by(Booking.starts_at)
        .order_by(Booking.id)
    )


def _listed(
    rows: list[dict[str, Any]], tz_name: str, clashes: dict[int, set[int]] | None = None
) -> list[dict[str, Any]]:
    listed = []
    for row in rows[:LISTED]:
        item = {
            "id": row["id"],
            "title": row["title"],
            "starts_at": row["starts_at"].isoformat().replace("+00:00", "Z"),
            "ends_at": row["ends_at"].isoformat().replace("+00:00", "Z"),
            "starts_local": local_iso(row["starts_at"], tz_name),
            "ends_local": local_iso(row["ends_at"], tz_name),
        }
        if clashes is not None:
            item["clashes_with"] = sorted(clashes[row["id"]])
        listed.append(item)
    return listed


def _phrases(rows: list[dict[str, Any]], tz_name: str) -> str:
    named = [
        (_("booking %(id)s (%(title)s) %(when)s") if row["title"] else _("booking %(id)s %(when)s"))
        % {"id": row["id"], "title": row["title"], "when": span(row["starts_at"], row["ends_at"], tz_name)}
        for row in rows[:PHRASED]
    ]
    more = len(rows) - len(named)
    if more:
        return _("%(listed)s and %(more)s more") % {"listed": "; ".join(named), "more": more}
    return "; ".join(named)


async def bookings_to_come(space_id: int, now: datetime) -> list[dict[str, Any]]:
    """Live bookings that hold time on the space from now on: its own, and combined spaces' that hold it as a part."""
    on_it = Occupancy.select(Occupancy.booking).where((Occupancy.space == space_id) & (Occupancy.ends_ts > epoch(now)))
    return await _rows(
        Booking.status.is_in(HOLDS_TIME_VALUES)
        & (Booking.ends_at > now)
        & ((Booking.space == space_id) | Booking.id.is_in(on_it))
    )


async def _refuse_archiving(bookable: Bookable, now: datetime) -> None:
    rows = await bookings_to_come(bookable.space.id, now)
    if rows:
        raise AffectsBookings(
            _(
                "%(name)s still has %(count)s booking(s) to come: %(rows)s (venue time). Cancel or move them before archiving it, or cancel them all as you archive it."
            )
            % {"name": bookable.space.name, "count": len(rows), "rows": _phrases(rows, bookable.tz)},
            rule="affects_bookings",
            bookings=_listed(rows, bookable.tz),
            total=len(rows),
        )


async def _refuse_archiving_a_part(space: Space) -> None:
    """A part of a live combined space stays: the combined space's bookings would hold time on it."""
    combined = SpacePart.select(SpacePart.combined).where(SpacePart.part == space.id)
    rows = await Space.select(Space.name).where(Space.id.is_in(combined) & Space.archived.eq(False))
    if rows:
        names = ", ".join(sorted(row["name"] for row in rows))
        raise Conflict(
            _(
                "%(name)s is a part of %(names)s: take it out of that combined space's parts (or archive the combined space) before archiving it."
            )
            % {"name": space.name, "names": names}
        )


async def _clashes(bookable: Bookable, holds: dict[int, Hold], now: datetime) -> dict[int, set[int]]:
    """For each rewritten hold that would overlap held time, the bookings it would overlap (one query)."""
    starts, ends = min(h.starts_ts for h in holds.values()), max(h.ends_ts for h in holds.values())
    others = await Occupancy.select(Occupancy.booking, Occupancy.space, Occupancy.starts_ts, Occupancy.ends_ts).where(
        Occupancy.space.is_in(list(bookable.physical_ids))
        & occupancy_overlaps(starts, ends)
        & Occupancy.booking.not_in(Booking.select(Booking.id).where(_still_holding(bookable.space.id, now)))
    )
    by_space: dict[int, list[tuple[int, int, int, bool]]] = defaultdict(list)
    for booking_id, hold in holds.items():
        for space_id in hold.space_ids:
            by_space[space_id].append((hold.starts_ts, hold.ends_ts, booking_id, True))
    for row in others:
        by_space[row["space"]].append((row["starts_ts"], row["ends_ts"], row["booking"], False))
    found: dict[int, set[int]] = defaultdict(set)
    for items in by_space.values():
        running: list[tuple[int, int, int, bool]] = []
        for item in sorted(items):
            running = [held for held in running if held[1] > item[0]]
            for held in running:
                if held[3] or item[3]:
                    for mine, theirs in ((held, item), (item, held)):
                        if mine[3]:
                            found[mine[2]].add(theirs[2])
            running.append(item)
    return found


async def _planned_holds(bookable: Bookable, now: datetime) -> tuple[list[dict[str, Any]], dict[int, Hold]]:
    rows = await _rows(_still_holding(bookable.space.id, now))
    return rows, {row["id"]: hold_for(bookable, row["starts_at"], row["ends_at"]) for row in rows}


def _clash_error(bookable: Bookable, rows: list[dict[str, Any]], clashes: dict[int, set[int]]) -> AffectsBookings:
    clashing = [row for row in rows if row["id"] in clashes]
    return AffectsBookings(
        _(
            "With that change, %(count)s booking(s) of %(name)s would overlap time already held: %(clashing)s (venue time, set-up and clean-up included). Move or cancel them first, or keep the space as it is."
        )
        % {"count": len(clashing), "name": bookable.space.name, "clashing": _phrases(clashing, bookable.tz)},
        rule="affects_bookings",
        bookings=_listed(clashing, bookable.tz, clashes),
        total=len(clashing),
    )


async def _raced(bookable: Bookable, now: datetime) -> AffectsBookings:
    """After the guard refused the rewrite: what clashes, now that the winner has committed."""
    rows, holds = await _planned_holds(bookable, now)
    clashes = await _clashes(bookable, holds, now) if holds else {}
    if clashes:
        return _clash_error(bookable, rows, clashes)
    return AffectsBookings(
        _("Another booking of %(name)s was saved at the same moment; look at its bookings again and retry.")
        % {"name": bookable.space.name},
        rule="affects_bookings",
        bookings=[],
        total=0,
    )


async def _rewrite_holds(bookable: Bookable, now: datetime) -> None:
    """Every still-holding booking's occupancy, redone for the space's new parts and buffers, or a 409."""
    rows, holds = await _planned_holds(bookable, now)
    if not holds:
        return
    clashes = await _clashes(bookable, holds, now)
    if clashes:
        raise _clash_error(bookable, rows, clashes)
    await Occupancy.delete().where(
        Occupancy.booking.is_in(Booking.select(Booking.id).where(_still_holding(bookable.space.id, now)))
    )
    # Ascending space, then time: concurrent writers meet each other's rows in the same order.
    occupancy = sorted(
        (
            Occupancy(booking=booking_id, space=space_id, starts_ts=hold.starts_ts, ends_ts=hold.ends_ts)
            for booking_id, hold in holds.items()
            for space_id in hold.space_ids
        ),
        key=lambda row: (row.space, row.starts_ts),
    )
    for chunk in chunked(occupancy, Occupancy):
        await Occupancy.insert(*chunk)
