"""Who may run which venue, and who may handle its money (managers and treasurers). Admins may do both everywhere."""

from __future__ import annotations

from venues.models import User, VenueManager, VenueTreasurer


async def manages_venue(user: User | None, venue_id: int) -> bool:
    if user is None:
        return False
    if user.is_admin:
        return True
    return await VenueManager.exists().where((VenueManager.venue == venue_id) & (VenueManager.user == user.id))


async def managed_venue_ids(user: User) -> list[int]:
    rows = await VenueManager.select(VenueManager.venue).where(VenueManager.user == user.id)
    return [row["venue"] for row in rows]


async def handles_money(user: User | None, venue_id: int) -> bool:
    """Sees and records a venue's money: its managers, its treasurers, and admins."""
    if user is None:
        return False
    if await manages_venue(user, venue_id):
        return True
    return await VenueTreasurer.exists().where((VenueTreasurer.venue == venue_id) & (VenueTreasurer.user == user.id))


async def treasurer_venue_ids(user: User) -> list[int]:
    rows = await VenueTreasurer.select(VenueTreasurer.venue).where(VenueTreasurer.user == user.id)
    return [row["venue"] for row in rows]
