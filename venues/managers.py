"""Who manages a venue: adding and removing managers, and the rule that a venue keeps at least one.

The count and the change happen in one write transaction that first locks
the venue's row (``venues.core.row_locks``), so two managers removing each other
at the same moment cannot both succeed and leave the venue with nobody.
Either change alters what a manager's private feed covers, so it bumps the
publication version.
"""

from __future__ import annotations

from dataclasses import dataclass

from venues.accounts import links
from venues.core.database import write_transaction
from venues.core.errors import Conflict, NotFound
from venues.core.i18n import _
from venues.core.ids import in_id_range
from venues.core.row_locks import lock_row
from venues.models import User, Venue, VenueManager
from venues.publication import bump_publication


@dataclass(frozen=True)
class Manager:
    user_id: int
    email: str
    display_name: str


async def list_managers(venue_id: int) -> list[Manager]:
    rows = (
        await VenueManager.select(VenueManager.user.id, VenueManager.user.email, VenueManager.user.display_name)
        .where(VenueManager.venue == venue_id)
        .order_by(VenueManager.user.email)
    )
    return [Manager(r["user.id"], r["user.email"], r["user.display_name"]) for r in rows]


async def add_manager(venue_id: int, user: User) -> Manager:
    async with write_transaction():
        await lock_row(Venue, venue_id)
        if await VenueManager.exists().where((VenueManager.venue == venue_id) & (VenueManager.user == user.id)):
            raise Conflict(_("%(email)s already manages this venue.") % {"email": user.email}, field="email")
        await VenueManager(venue=venue_id, user=user.id).save()
        await bump_publication()  # their private feed now covers this venue
    return Manager(user.id, user.email, user.display_name)


async def remove_manager(venue_id: int, user_id: int) -> None:
    """Refused (409) when ``user_id`` is the venue's last manager, counted under the venue's lock."""
    where = (VenueManager.venue == venue_id) & (VenueManager.user == user_id)
    async with write_transaction():
        await lock_row(Venue, venue_id)
        if not in_id_range(user_id) or not await VenueManager.exists().where(where):
            raise NotFound(_("Account %(user_id)s does not manage this venue.") % {"user_id": user_id})
        if await VenueManager.count().where(VenueManager.venue == venue_id) <= 1:
            raise Conflict(_("A venue keeps at least one manager; add another before removing this one."))
        await VenueManager.delete().where(where)
        await links.drop_invitations_from(user_id, links.INVITE_MANAGER, venue_id)
        await bump_publication()  # their private feed no longer covers it
