"""Who may run which venue. Admins may run every venue."""

from __future__ import annotations

from venues.models import User, VenueManager


async def manages_venue(user: User | None, venue_id: int) -> bool:
    if user is None:
        return False
    if user.is_admin:
        return True
    return await VenueManager.exists().where((VenueManager.venue == venue_id) & (VenueManager.user == user.id))


async def managed_venue_ids(user: User) -> list[int]:
    rows = await VenueManager.select(VenueManager.venue).where(VenueManager.user == user.id)
    return [row["venue"] for row in rows]
