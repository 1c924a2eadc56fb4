"""Plain look-ups by id that every layer needs: a 404 for an unknown id, nothing about who may see it."""

from __future__ import annotations

from venues.core.errors import NotFound
from venues.core.i18n import _
from venues.core.ids import in_id_range
from venues.core.rows import row_by_id
from venues.models import Space, Venue


async def get_venue(venue_id: int) -> Venue:
    venue = await row_by_id(Venue, venue_id) if in_id_range(venue_id) else None
    if venue is None:
        raise NotFound(_("There is no venue with id %(venue_id)s.") % {"venue_id": venue_id})
    return venue


async def get_space(space_id: int) -> Space:
    space = await row_by_id(Space, space_id) if in_id_range(space_id) else None
    if space is None:
        raise NotFound(_("There is no space with id %(space_id)s.") % {"space_id": space_id})
    return space
