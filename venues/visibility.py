"""What the public may see: archived venues and spaces are hidden from all but their managers."""

from __future__ import annotations

from dataclasses import dataclass

from venues.core.errors import NotFound
from venues.core.i18n import _
from venues.core.ids import in_id_range
from venues.core.rows import row_with_parent
from venues.lookups import get_venue
from venues.models import Space, User, Venue
from venues.permissions import manages_venue


async def visible_venue(user: User | None, venue_id: int) -> tuple[Venue, bool]:
    """The venue and whether ``user`` manages it; NotFound when archived and they do not."""
    venue = await get_venue(venue_id)
    manages = await manages_venue(user, venue.id)
    if venue.archived and not manages:
        raise NotFound(_("There is no venue with id %(venue_id)s.") % {"venue_id": venue_id})
    return venue, manages


async def visible_space(user: User | None, space_id: int) -> tuple[Space, bool]:
    """The space and whether ``user`` manages its venue; NotFound when it or its venue is archived."""
    space, _unused, manages = await visible_space_and_venue(user, space_id)
    return space, manages


@dataclass(frozen=True)
class SpaceState:
    """What deciding a space's visibility and keying what was kept for it need, without loading the rows."""

    venue_id: int
    venue_version: int
    timezone: str
    archived: bool = False
    """The space or its venue is archived: only the venue's managers see it."""


_STATE_SQL = (
    'SELECT s."venue" AS venue_id, s."archived" AS space_archived, v."archived" AS venue_archived, '
    f'v."version" AS venue_version, v."timezone" AS timezone FROM "{Space._meta.tablename}" AS s '
    f'JOIN "{Venue._meta.tablename}" AS v ON v."id" = s."venue" WHERE s."id" = {{}}'
)


async def visible_space_state(user: User | None, space_id: int) -> SpaceState:
    """As ``visible_space``, in one small query (no objects built, no permission read for what everyone
    sees): for reads answered from a cache."""
    rows = await Space.raw(_STATE_SQL, space_id) if in_id_range(space_id) else []
    if not rows:
        raise NotFound(_("There is no space with id %(space_id)s.") % {"space_id": space_id})
    row = rows[0]
    archived = bool(row["space_archived"] or row["venue_archived"])
    if archived and not await manages_venue(user, row["venue_id"]):
        raise NotFound(_("There is no space with id %(space_id)s.") % {"space_id": space_id})
    return SpaceState(row["venue_id"], row["venue_version"], row["timezone"], archived)


async def visible_space_and_venue(user: User | None, space_id: int) -> tuple[Space, Venue, bool]:
    """As ``visible_space``, with the venue it read to decide."""
    found = await row_with_parent(Space, Venue, "venue", space_id) if in_id_range(space_id) else None
    if found is None:
        raise NotFound(_("There is no space with id %(space_id)s.") % {"space_id": space_id})
    space, venue = found
    manages = await manages_venue(user, space.venue)
    if not manages and (space.archived or venue.archived):
        raise NotFound(_("There is no space with id %(space_id)s.") % {"space_id": space_id})
    return space, venue, manages
