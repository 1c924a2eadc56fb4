"""What the public may see: archived venues and spaces are hidden from all but their managers."""

from __future__ import annotations

from venues.errors import NotFound
from venues.models import Space, User, Venue
from venues.permissions import get_space, get_venue, manages_venue


async def visible_venue(user: User | None, venue_id: int) -> tuple[Venue, bool]:
    """The venue and whether ``user`` manages it; NotFound when archived and they do not."""
    venue = await get_venue(venue_id)
    manages = await manages_venue(user, venue.id)
    if venue.archived and not manages:
        raise NotFound(f"There is no venue with id {venue_id}.")
    return venue, manages


async def visible_space(user: User | None, space_id: int) -> tuple[Space, bool]:
    """The space and whether ``user`` manages its venue; NotFound when it or its venue is archived."""
    space = await get_space(space_id)
    manages = await manages_venue(user, space.venue)
    if not manages and (space.archived or (await get_venue(space.venue)).archived):
        raise NotFound(f"There is no space with id {space_id}.")
    return space, manages
