"""The price tier a venue agreed for a group (a charity gets the community rate).

One agreement per (group, venue); setting it again replaces the tier. The tier
must be one of that venue's own tiers. Agreements are private to the group's
organisers and the venue's managers, so changing one publishes nothing.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from piccolo.columns.combination import And, Where

from scheduling.models import Booking, Group, GroupVenueTier, Series
from venues.core.database import write_transaction
from venues.core.errors import InvalidInput, NotFound
from venues.core.i18n import _
from venues.core.ids import in_id_range
from venues.models import PriceTier


@dataclass(frozen=True)
class AgreedTier:
    group_id: int
    group_name: str
    venue_id: int
    venue_name: str
    tier_id: int
    tier_kind: str
    tier_name: str


_COLUMNS = (
    GroupVenueTier.group.id,
    GroupVenueTier.group.name,
    GroupVenueTier.venue.id,
    GroupVenueTier.venue.name,
    GroupVenueTier.tier.id,
    GroupVenueTier.tier.kind,
    GroupVenueTier.tier.name,
)


def _pair(venue_id: int, group_id: int) -> And:
    return (GroupVenueTier.group == group_id) & (GroupVenueTier.venue == venue_id)


def _agreed(row: dict[str, Any]) -> AgreedTier:
    return AgreedTier(
        group_id=row["group.id"],
        group_name=row["group.name"],
        venue_id=row["venue.id"],
        venue_name=row["venue.name"],
        tier_id=row["tier.id"],
        tier_kind=row["tier.kind"],
        tier_name=row["tier.name"],
    )


async def agree_tier(venue_id: int, group_id: int, tier_id: int) -> AgreedTier:
    """Record (or replace) the tier ``venue_id`` charges ``group_id``."""
    tier_of_venue = (PriceTier.id == tier_id) & (PriceTier.venue == venue_id)
    if not in_id_range(tier_id) or not await PriceTier.exists().where(tier_of_venue):
        raise InvalidInput(
            "tier_id", _("Price tier %(tier_id)s is not one of this venue's tiers.") % {"tier_id": tier_id}
        )
    where = _pair(venue_id, group_id)
    async with write_transaction():
        if await GroupVenueTier.exists().where(where):
            await GroupVenueTier.update({GroupVenueTier.tier: tier_id}).where(where)
        else:
            await GroupVenueTier(group=group_id, venue=venue_id, tier=tier_id).save()
    row = await GroupVenueTier.select(*_COLUMNS).where(where).first()
    if row is None:  # withdrawn by another request since this one wrote it
        raise NotFound(_("This venue has no agreed tier for group %(group_id)s.") % {"group_id": group_id})
    return _agreed(row)


async def withdraw_tier(venue_id: int, group_id: int) -> None:
    where = _pair(venue_id, group_id)
    async with write_transaction():
        if not await GroupVenueTier.exists().where(where):
            raise NotFound(_("This venue has no agreed tier for group %(group_id)s.") % {"group_id": group_id})
        await GroupVenueTier.delete().where(where)


async def agreed_tiers(
    group_id: int, venue_ids: Collection[int] | None, limit: int, offset: int
) -> tuple[list[AgreedTier], int]:
    """The group's agreements, by venue name; only those at ``venue_ids`` unless it is None."""
    where: Where | And = GroupVenueTier.group == group_id
    if venue_ids is not None:
        if not venue_ids:
            return [], 0
        where = where & GroupVenueTier.venue.is_in(list(venue_ids))
    rows = (
        await GroupVenueTier.select(*_COLUMNS)
        .where(where)
        .order_by(GroupVenueTier.venue.name)
        .order_by(GroupVenueTier.venue.id)
        .limit(limit)
        .offset(offset)
    )
    return [_agreed(row) for row in rows], await GroupVenueTier.count().where(where)


async def agreed_at_venue(venue_id: int, limit: int, offset: int) -> tuple[list[AgreedTier], int]:
    """Every group's agreement at one venue, by group name."""
    where = GroupVenueTier.venue == venue_id
    rows = (
        await GroupVenueTier.select(*_COLUMNS)
        .where(where)
        .order_by(GroupVenueTier.group.name)
        .order_by(GroupVenueTier.group.id)
        .limit(limit)
        .offset(offset)
    )
    return [_agreed(row) for row in rows], await GroupVenueTier.count().where(where)


async def venues_with_agreements(group_id: int) -> set[int]:
    rows = await GroupVenueTier.select(GroupVenueTier.venue).where(GroupVenueTier.group == group_id)
    return {row["venue"] for row in rows}


@dataclass(frozen=True)
class GroupAtVenue:
    """A group that booked the venue (or has a tier agreed there), and the tier agreed for it, if any."""

    group_id: int
    group_name: str
    agreed: AgreedTier | None


async def groups_at_venue(venue_id: int) -> list[GroupAtVenue]:
    """Every group with a booking, a series or an agreed tier at the venue, by name: four queries."""
    booked = (
        await Booking.select(Booking.group).where((Booking.venue == venue_id) & Booking.group.is_not_null()).distinct()
    )
    series = await Series.select(Series.group).where((Series.venue == venue_id) & Series.group.is_not_null()).distinct()
    agreements, _unused = await agreed_at_venue(venue_id, limit=10_000, offset=0)
    agreed = {found.group_id: found for found in agreements}
    ids = sorted({row["group"] for row in (*booked, *series)} | set(agreed))
    if not ids:
        return []
    rows = await Group.select(Group.id, Group.name).where(Group.id.is_in(ids)).order_by(Group.name).order_by(Group.id)
    return [GroupAtVenue(row["id"], row["name"], agreed.get(row["id"])) for row in rows]
