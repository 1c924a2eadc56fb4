"""Changing a space with what becomes of the bookings the change reaches, in one transaction.

``scheduling.holds.space_changes.change_space`` refuses to archive a space that
live bookings still hold time on (409 ``affects-bookings``). With a resolution
that cancels them (each by id, or all; ``keep`` cannot apply, as no booking
can hold an archived space), they are cancelled with the manager's reason
first and the space archived after, in one transaction: or nothing is.

Any other change that makes a rule reaching bookings stricter (capacity, the
shortest or longest booking: ``scheduling.venue_changes.space_rules``) is
refused with the same 409 listing the bookings it would contradict, unless a
resolution cancels (with a reason) or keeps each of them; the bookings' fates
and the change are written together, or nothing is.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from scheduling.bookings.audit import KEPT_RULES
from scheduling.holds.space_changes import bookings_to_come, change_space
from scheduling.notices.notify import closure_notice
from scheduling.venue_changes.resolve import Fate, Resolution, Resolved, cancel_bookings, keep_bookings, settle
from scheduling.venue_changes.space_rules import narrows, reached_by_rules, rules_label
from venues.core import clock
from venues.core.database import write_transaction
from venues.core.errors import InvalidInput
from venues.core.i18n import DEFAULT_LANGUAGE, _, using
from venues.core.row_locks import lock_row
from venues.lookups import get_space, get_venue
from venues.models import Space, User
from venues.publication import touch_venue
from venues.spaces.operations import check_rules

# The rules ``check_rules`` weighs against each other: checked before the bookings a change reaches are listed.
_RULES = ("min_booking_minutes", "max_booking_minutes", "min_notice_minutes", "horizon_days")


async def change_space_resolving(
    actor: User,
    space_id: int,
    fields: dict[str, Any],
    part_ids: list[int] | None,
    resolution: Resolution | None,
    now: datetime | None = None,
) -> tuple[Space, Resolved]:
    """``change_space`` with the bookings it reaches resolved: cancelled first when it archives the space;
    cancelled or kept when stricter rules would contradict them; else a 409 listing them."""
    now = now or clock.now()
    if fields.get("archived") is True:
        if resolution is None:
            return await change_space(space_id, fields, part_ids, now), Resolved([], [])
        return await _archive(actor, space_id, fields, part_ids, resolution, now)
    async with write_transaction():
        await lock_row(Space, space_id)
        space = await get_space(space_id)
        check_rules({**{name: getattr(space, name) for name in _RULES}, **fields}, fields.keys())
        if resolution is not None and not narrows(space, fields):
            raise InvalidInput(
                "resolve",
                _(
                    "Bookings are resolved only when archiving a space or making its capacity or booking length stricter: send archived true, or the stricter rule, with it."
                ),
            )
        venue = await get_venue(space.venue)
        found = await reached_by_rules(space, venue.timezone, fields, now)
        cancel, keep, reason = settle(found, resolution, rules_label(space, fields), rules=True)
        cancelled = await cancel_bookings(cancel, actor.id, reason, now)
        with using(DEFAULT_LANGUAGE):  # the history stores the change in English
            stored_label = rules_label(space, fields)
        await keep_bookings(keep, actor.id, stored_label, reason, KEPT_RULES)
        if cancelled or keep:
            await touch_venue(space.venue)
        changed = await change_space(space_id, fields, part_ids, now)
        await closure_notice(cancelled, reason, cancelled.credits)
        return changed, Resolved(cancelled, keep)


async def _archive(
    actor: User,
    space_id: int,
    fields: dict[str, Any],
    part_ids: list[int] | None,
    resolution: Resolution,
    now: datetime,
) -> tuple[Space, Resolved]:
    if resolution.every == Fate.keep or Fate.keep in resolution.each.values():
        raise InvalidInput("resolve", _("A booking cannot be kept on an archived space: cancel it, or move it first."))
    async with write_transaction():
        await lock_row(Space, space_id)
        space = await get_space(space_id)
        rows = [] if space.archived else await bookings_to_come(space_id, now)
        ids = {row["id"] for row in rows}
        for booking_id in resolution.each:
            if booking_id not in ids:
                raise InvalidInput(
                    "resolve.each",
                    _("Booking %(booking_id)s does not hold this space from now on; look at the list again.")
                    % {"booking_id": booking_id},
                )
        cancel = [row["id"] for row in rows if row["id"] in resolution.each or resolution.every == Fate.cancel]
        reason = resolution.reason.strip()
        if cancel and not reason:
            raise InvalidInput("resolve.reason", _("Say why the bookings are cancelled: their bookers see the reason."))
        cancelled = await cancel_bookings(cancel, actor.id, reason, now)
        if cancel:
            await touch_venue(space.venue)
        changed = await change_space(space_id, fields, part_ids, now)
        await closure_notice(cancelled, reason, cancelled.credits)
        return changed, Resolved(cancelled, [])
