"""Who may run which venue. Admins may run every venue."""

from __future__ import annotations

from venues.core.errors import Forbidden, NotFound
from venues.core.ids import in_id_range
from venues.core.rows import row_by_id
from venues.models import Space, User, Venue, VenueManager


async def manages_venue(user: User | None, venue_id: int) -> bool:
    if user is None:
        return False
    if user.is_admin:
        return True
    return await VenueManager.exists().where((VenueManager.venue == venue_id) & (VenueManager.user == user.id))


async def managed_venue_ids(user: User) -> list[int]:
    rows = await VenueManager.select(VenueManager.venue).where(VenueManager.user == user.id)
    return [row["venue"] for row in rows]


async def get_venue(venue_id: int) -> Venue:
    venue = await row_by_id(Venue, venue_id) if in_id_range(venue_id) else None
    if venue is None:
        raise NotFound(f"There is no venue with id {venue_id}.")
    return venue


async def get_space(space_id: int) -> Space:
    space = await row_by_id(Space, space_id) if in_id_range(space_id) else None
    if space is None:
        raise NotFound(f"There is no space with id {space_id}.")
    return space


async def require_manager(user: User, venue_id: int) -> None:
    if not await manages_venue(user, venue_id):
        raise Forbidden("Only this venue's managers may do that.")
