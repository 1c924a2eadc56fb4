"""An area's venues: an admin adds a venue (once: the (area, venue) unique index makes a second add, even at the
same moment, a 409) or takes it out. A venue may be in several areas; taking it out of one changes nothing else."""

from __future__ import annotations

from venues.areas.areas import get_area_row, require_area_admin
from venues.core.database import duplicates_raise, write_transaction
from venues.core.errors import Conflict, NotFound
from venues.core.i18n import _
from venues.core.ids import in_id_range
from venues.lookups import get_venue
from venues.models import AreaVenue, User


def _already(venue_name: str) -> Conflict:
    return Conflict(_("%(venue_name)s is already in this area.") % {"venue_name": venue_name}, field="venue_id")


async def add_venue(actor: User | None, area_id: int, venue_id: int) -> None:
    require_area_admin(actor)
    venue = await get_venue(venue_id)
    with duplicates_raise(lambda: _already(venue.name)):
        async with write_transaction():
            await get_area_row(area_id)
            if await AreaVenue.exists().where((AreaVenue.area == area_id) & (AreaVenue.venue == venue_id)):
                raise _already(venue.name)
            await AreaVenue(area=area_id, venue=venue_id).save()


async def remove_venue(actor: User | None, area_id: int, venue_id: int) -> None:
    require_area_admin(actor)
    where = (AreaVenue.area == area_id) & (AreaVenue.venue == venue_id)
    async with write_transaction():
        await get_area_row(area_id)
        if not in_id_range(venue_id) or not await AreaVenue.exists().where(where):
            raise NotFound(_("Venue %(venue_id)s is not in this area.") % {"venue_id": venue_id})
        await AreaVenue.delete().where(where)
