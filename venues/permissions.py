"""Who may run which venue, who may handle its money (managers and treasurers), who may change areas (admins) and
who may read which venue's or area's reports (managers, treasurers and the officers of an area holding the venue).
Admins may do all of it everywhere. A group's reports are ``scheduling.groups.reads_group_reports``."""

from __future__ import annotations

from venues.models import Area, AreaOfficer, AreaVenue, User, VenueManager, VenueTreasurer


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


def changes_areas(user: User | None) -> bool:
    """Defines areas, chooses their venues and names their officers: site admins only."""
    return user is not None and user.is_admin


async def officer_area_ids(user: User) -> list[int]:
    rows = await AreaOfficer.select(AreaOfficer.area).where(AreaOfficer.user == user.id).order_by(AreaOfficer.area)
    return [row["area"] for row in rows]


async def reads_venue_reports(user: User | None, venue_id: int) -> bool:
    """A venue's reports: its managers and treasurers, the officers of any area holding it, and admins."""
    if user is None:
        return False
    if await handles_money(user, venue_id):  # managers, treasurers, admins
        return True
    areas = await officer_area_ids(user)
    return bool(areas) and await AreaVenue.exists().where((AreaVenue.venue == venue_id) & AreaVenue.area.is_in(areas))


async def reads_area_reports(user: User | None, area_id: int) -> bool:
    """An area's reports (its venues together): its officers and admins."""
    if user is None:
        return False
    if user.is_admin:
        return True
    return await AreaOfficer.exists().where((AreaOfficer.area == area_id) & (AreaOfficer.user == user.id))


async def area_ids_read_by(user: User | None) -> list[int]:
    """The areas whose reports ``user`` reads: every area for an admin, those they are an officer of, else none."""
    if user is None:
        return []
    if user.is_admin:
        return [row["id"] for row in await Area.select(Area.id).order_by(Area.id)]
    return await officer_area_ids(user)
