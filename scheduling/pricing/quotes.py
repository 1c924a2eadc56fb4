"""What a booking costs: the tier that applies and a line-by-line price in integer minor units.

A booking keeps the quote it was confirmed at (``Booking.price_breakdown``),
so changing a rate later never rewrites what someone agreed to pay.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from scheduling.models import GroupVenueTier
from scheduling.wording import hours_minutes
from venues.core.errors import InvalidInput, NotFound
from venues.core.ids import in_id_range
from venues.models import Extra, PriceTier, Space, SpaceRate
from venues.vocabulary import TierKind

DEFAULT_CURRENCY = "GBP"
ROUNDING = (
    "Each line charges the booked time in whole minutes (seconds dropped) at the hourly rate, "
    "rounded half-up to the whole penny. Set-up and clean-up buffers are not charged."
)


@dataclass(frozen=True)
class QuoteLine:
    """One line a hirer reads. ``kind`` is hire, extra or deposit (``scheduling.vocabulary.InvoiceLineKind``);
    ``vat_treatment`` (``venues.vocabulary.VatTreatment``) is fixed with the price, for the invoice.
    Breakdowns stored before these fields existed read as hire lines."""

    description: str
    minutes: int
    hourly_rate_minor: int
    amount_minor: int
    kind: str = "hire"
    quantity: int = 1
    unit_minor: int = 0
    vat_treatment: str = "exempt"
    extra_id: int | None = None


@dataclass(frozen=True)
class ChosenExtra:
    """An extra from the venue's catalogue and how many the hirer asked for (1 unless priced per item)."""

    extra: Extra
    quantity: int = 1


@dataclass(frozen=True)
class Quote:
    space_id: int
    tier_id: int
    tier_kind: str
    tier_name: str
    currency: str
    total_minor: int
    priced: bool
    lines: list[QuoteLine] = field(default_factory=list)
    # The returnable deposit (its own ``deposit`` line); not part of ``total_minor``, the price.
    deposit_minor: int = 0
    rounding: str = ROUNDING

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def charge(minutes: int, hourly_rate_minor: int) -> int:
    """``minutes × rate ÷ 60`` rounded half-up, in integers only."""
    return (minutes * hourly_rate_minor * 2 + 60) // 120


async def resolve_tier(venue_id: int, tier_id: int | None = None, group_id: int | None = None) -> PriceTier:
    """An explicit tier (it must be the venue's), else the group's agreed tier there, else the venue's standard tier."""
    if tier_id is not None:
        tier = await PriceTier.objects().where(PriceTier.id == tier_id).first() if in_id_range(tier_id) else None
        if tier is None or tier.venue != venue_id:
            raise InvalidInput("tier_id", f"Tier {tier_id} is not one of this venue's price tiers.")
        return tier
    if group_id is not None and in_id_range(group_id):
        agreed = (
            await GroupVenueTier.select(GroupVenueTier.tier)
            .where((GroupVenueTier.group == group_id) & (GroupVenueTier.venue == venue_id))
            .first()
        )
        if agreed is not None and (tier := await PriceTier.objects().where(PriceTier.id == agreed["tier"]).first()):
            return tier
    tier = (
        await PriceTier.objects()
        .where((PriceTier.venue == venue_id) & (PriceTier.kind == str(TierKind.standard)))
        .order_by(PriceTier.position)
        .first()
    )
    if tier is None:
        raise NotFound("This venue has no standard price tier; ask its managers to set one up.")
    return tier


async def kept_tier(venue_id: int, tier_id: int | None, group_id: int | None) -> PriceTier:
    """The tier a booking or series was priced with, else (deleted) the one it would get now."""
    tier = await PriceTier.objects().where(PriceTier.id == tier_id).first() if tier_id is not None else None
    if tier is None or tier.venue != venue_id:
        return await resolve_tier(venue_id, group_id=group_id)
    return tier


async def rate_for(space: Space, tier: PriceTier) -> SpaceRate | None:
    return await SpaceRate.objects().where((SpaceRate.space == space.id) & (SpaceRate.tier == tier.id)).first()


async def quote(
    space: Space, tier: PriceTier, starts_at: datetime, ends_at: datetime, extras: Sequence[ChosenExtra] = ()
) -> Quote:
    """The price of ``space`` at ``tier`` for ``[starts_at, ends_at)``; a free tier costs nothing.

    A space with no rate for the tier is quoted at zero with ``priced`` false:
    the venue names the price when it confirms.
    """
    return quote_at(space, tier, await rate_for(space, tier), starts_at, ends_at)


def quote_at(space: Space, tier: PriceTier, rate: SpaceRate | None, starts_at: datetime, ends_at: datetime) -> Quote:
    """``quote`` with the rate already loaded, so many bookings (a series) can be priced from one query."""
    minutes = int((ends_at - starts_at).total_seconds()) // 60
    is_free = tier.kind == TierKind.free
    hourly = 0 if is_free or rate is None else rate.hourly_rate_minor
    currency = rate.currency if rate is not None else DEFAULT_CURRENCY
    if is_free:
        description = f"{space.name}, {hours_minutes(minutes)} at the {tier.name} tier: no charge"
    elif rate is None:
        description = f"{space.name}, {hours_minutes(minutes)}: no {tier.name} rate is set; the venue will price it"
    else:
        description = f"{space.name}, {hours_minutes(minutes)} at {hourly // 100}.{hourly % 100:02d} {currency} an hour ({tier.name})"
    line = QuoteLine(
        description=description, minutes=minutes, hourly_rate_minor=hourly, amount_minor=charge(minutes, hourly)
    )
    return Quote(
        space_id=space.id,
        tier_id=tier.id,
        tier_kind=tier.kind,
        tier_name=tier.name,
        currency=currency,
        total_minor=line.amount_minor,
        priced=is_free or rate is not None,
        lines=[line],
    )
