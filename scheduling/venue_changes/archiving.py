"""Archiving a space with the bookings still to come on it cancelled in the same transaction.

``scheduling.holds.space_changes.change_space`` refuses to archive a space that
live bookings still hold time on (409 ``affects-bookings``). With a resolution
that cancels them (each by id, or all; ``keep`` cannot apply, as no booking
can hold an archived space), they are cancelled with the manager's reason
first and the space archived after, in one transaction: or nothing is.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from scheduling.holds.space_changes import bookings_to_come, change_space
from scheduling.notices.notify import closure_notice
from scheduling.venue_changes.resolve import Fate, Resolution, cancel_bookings
from venues.core import clock
from venues.core.database import write_transaction
from venues.core.errors import InvalidInput
from venues.core.row_locks import lock_row
from venues.lookups import get_space
from venues.models import Space, User
from venues.publication import touch_venue


async def change_space_resolving(
    actor: User,
    space_id: int,
    fields: dict[str, Any],
    part_ids: list[int] | None,
    resolution: Resolution | None,
    now: datetime | None = None,
) -> Space:
    """``change_space``, cancelling first the bookings ``resolution`` names when the change archives the space."""
    if resolution is None:
        return await change_space(space_id, fields, part_ids, now)
    now = now or clock.now()
    if fields.get("archived") is not True:
        raise InvalidInput("resolve", "Bookings are resolved only when archiving a space: send archived true with it.")
    if resolution.every == Fate.keep or Fate.keep in resolution.each.values():
        raise InvalidInput("resolve", "A booking cannot be kept on an archived space: cancel it, or move it first.")
    async with write_transaction():
        await lock_row(Space, space_id)
        space = await get_space(space_id)
        rows = [] if space.archived else await bookings_to_come(space_id, now)
        ids = {row["id"] for row in rows}
        for booking_id in resolution.each:
            if booking_id not in ids:
                raise InvalidInput(
                    "resolve.each",
                    f"Booking {booking_id} does not hold this space from now on; look at the list again.",
                )
        cancel = [row["id"] for row in rows if row["id"] in resolution.each or resolution.every == Fate.cancel]
        reason = resolution.reason.strip()
        if cancel and not reason:
            raise InvalidInput("resolve.reason", "Say why the bookings are cancelled: their bookers see the reason.")
        cancelled = await cancel_bookings(cancel, actor.id, reason, now)
        if cancel:
            await touch_venue(space.venue)
        changed = await change_space(space_id, fields, part_ids, now)
        await closure_notice(cancelled, reason)
        return changed
