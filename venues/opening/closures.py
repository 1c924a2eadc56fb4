"""Dated closures of a venue or one of its spaces (bank holidays, refurbishment)."""

from __future__ import annotations

from datetime import date

from venues.core.database import write_transaction
from venues.core.errors import InvalidInput, NotFound
from venues.core.i18n import _
from venues.core.ids import in_id_range
from venues.models import Closure, Space
from venues.publication import touch_venue


async def get_closure(closure_id: int) -> Closure:
    closure = await Closure.objects().where(Closure.id == closure_id).first() if in_id_range(closure_id) else None
    if closure is None:
        raise NotFound(_("There is no closure with id %(closure_id)s.") % {"closure_id": closure_id})
    return closure


async def add_closure(venue_id: int, starts_on: date, ends_on: date, reason: str, space_id: int | None) -> Closure:
    """Closed from the start of ``starts_on`` to the end of ``ends_on``, both local dates."""
    closure = await checked_closure(venue_id, starts_on, ends_on, reason, space_id)
    async with write_transaction():
        await closure.save()
        await touch_venue(venue_id)
    return closure


async def checked_closure(venue_id: int, starts_on: date, ends_on: date, reason: str, space_id: int | None) -> Closure:
    """The closure asked for, checked but not saved: InvalidInput names the first bad field."""
    if ends_on < starts_on:
        raise InvalidInput(
            "ends_on",
            _("ends_on (%(ends_on)s) is before starts_on (%(starts_on)s); both days are included.")
            % {"ends_on": ends_on, "starts_on": starts_on},
        )
    reason = reason.strip()
    if not reason:
        raise InvalidInput("reason", _("Say why it is closed, for example 'Christmas'."))
    if space_id is not None and not (
        in_id_range(space_id) and await Space.exists().where((Space.id == space_id) & (Space.venue == venue_id))
    ):
        raise InvalidInput("space_id", _("Space %(space_id)s is not a space of this venue.") % {"space_id": space_id})
    return Closure(venue=venue_id, space=space_id, starts_on=starts_on, ends_on=ends_on, reason=reason)


async def list_closures(
    venue_id: int, from_day: date | None, to_day: date | None, limit: int, offset: int
) -> tuple[list[Closure], int]:
    """Closures that touch [from_day, to_day] (either end open), earliest first."""
    if from_day is not None and to_day is not None and to_day < from_day:
        raise InvalidInput(
            "to", _("to (%(to_day)s) is before from (%(from_day)s).") % {"to_day": to_day, "from_day": from_day}
        )
    query = Closure.objects().where(Closure.venue == venue_id)
    count = Closure.count().where(Closure.venue == venue_id)
    if from_day is not None:
        query = query.where(Closure.ends_on >= from_day)
        count = count.where(Closure.ends_on >= from_day)
    if to_day is not None:
        query = query.where(Closure.starts_on <= to_day)
        count = count.where(Closure.starts_on <= to_day)
    closures = await query.order_by(Closure.starts_on).order_by(Closure.id).limit(limit).offset(offset)
    return closures, await count


async def remove_closure(closure: Closure) -> None:
    async with write_transaction():
        await Closure.delete().where(Closure.id == closure.id)
        await touch_venue(closure.venue)
