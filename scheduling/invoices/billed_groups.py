"""Which groups a venue may bill: those with a booking or series there, or a price tier the venue agreed."""

from __future__ import annotations

from scheduling.models import Booking, GroupVenueTier, Series
from venues.core.errors import NotFound
from venues.core.i18n import _


async def relates_to_venue(group_id: int, venue_id: int) -> bool:
    for table in (Booking, Series, GroupVenueTier):
        if await table.exists().where((table.group == group_id) & (table.venue == venue_id)):
            return True
    return False


async def require_group_at_venue(group_id: int, venue_id: int) -> None:
    """A 404 for a group the venue has never dealt with: its managers cannot set terms for any group at all."""
    if not await relates_to_venue(group_id, venue_id):
        raise NotFound(
            _("Group %(group_id)s has no bookings, series or agreed price tier at this venue.") % {"group_id": group_id}
        )
