"""What a booking costs: the tier that applies and a line-by-line price in integer minor units.

A quote's lines: the hire (``scheduling.pricing.charges`` cuts it by rate bands and local days and applies
the fixed, minimum and daily-cap rules; its VAT treatment is the venue's ``hire_vat_treatment``), then each
extra chosen (per booking once, per hour for the booked minutes half-up, per item × quantity; the extra's
own VAT treatment), then a returnable deposit (``SpaceRate.deposit_minor``, outside the scope of VAT).
``total_minor`` is the price: hire and extras, never the deposit, which ``deposit_minor`` carries apart.
A free tier costs nothing and has no lines at all (no deposit, no extras charged). A tier with no rate
is quoted with ``priced`` false: the venue names the price when it confirms.

A booking keeps the quote it was confirmed at (``Booking.price_breakdown``),
so changing a rate later never rewrites what someone agreed to pay.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from scheduling.models import GroupVenueTier
from scheduling.pricing.charges import Charges, charge, hire_lines, load_charges
from scheduling.wording import hours_minutes, money
from venues.core.errors import InvalidInput, NotFound
from venues.core.i18n import _
from venues.core.ids import in_id_range
from venues.models import Extra, PriceTier, Space, SpaceRate
from venues.tiers import standard_tiers
from venues.vocabulary import ExtraUnit, TierKind, VatTreatment

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


async def resolve_tier(venue_id: int, tier_id: int | None = None, group_id: int | None = None) -> PriceTier:
    """An explicit tier (it must be the venue's), else the group's agreed tier there, else the venue's standard tier."""
    if tier_id is not None:
        tier = await PriceTier.objects().where(PriceTier.id == tier_id).first() if in_id_range(tier_id) else None
        if tier is None or tier.venue != venue_id:
            raise InvalidInput(
                "tier_id", _("Tier %(tier_id)s is not one of this venue's price tiers.") % {"tier_id": tier_id}
            )
        return tier
    if group_id is not None and in_id_range(group_id):
        agreed = (
            await GroupVenueTier.select(GroupVenueTier.tier)
            .where((GroupVenueTier.group == group_id) & (GroupVenueTier.venue == venue_id))
            .first()
        )
        if agreed is not None and (tier := await PriceTier.objects().where(PriceTier.id == agreed["tier"]).first()):
            return tier
    tier = await standard_tier(venue_id)
    if tier is None:
        raise NotFound(_("This venue has no standard price tier; ask its managers to set one up."))
    return tier


async def standard_tier(venue_id: int) -> PriceTier | None:
    """The venue's standard tier (``venues.tiers.standard_tiers``: first of kind standard by position, then id;
    one query), else None."""
    return (await standard_tiers([venue_id])).get(venue_id)


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
    """The price of ``space`` at ``tier`` for ``[starts_at, ends_at)`` with ``extras``; loads the rate, the
    charge rules, the venue's zone and its hire VAT treatment (four queries; none for a free tier's rules)."""
    return quote_at(space, tier, await load_charges(space, tier), starts_at, ends_at, extras)


def quote_at(
    space: Space,
    tier: PriceTier,
    charges: Charges,
    starts_at: datetime,
    ends_at: datetime,
    extras: Sequence[ChosenExtra] = (),
) -> Quote:
    """``quote`` with the charges already loaded (``load_charges``), so many bookings (a series) are priced
    from the same few queries."""
    minutes = int((ends_at - starts_at).total_seconds()) // 60
    rate = charges.rate
    currency = rate.currency if rate is not None else DEFAULT_CURRENCY
    base = dict(space_id=space.id, tier_id=tier.id, tier_kind=tier.kind, tier_name=tier.name, currency=currency)
    if tier.kind == TierKind.free:
        return Quote(**base, total_minor=0, priced=True, lines=[])  # type: ignore[arg-type]
    vat = charges.hire_vat_treatment
    lines: list[QuoteLine] = []
    if rate is None:
        lines.append(
            QuoteLine(
                description=f"{space.name}, {hours_minutes(minutes)}: no {tier.name} rate is set; the venue will price it",
                minutes=minutes,
                hourly_rate_minor=0,
                amount_minor=0,
                vat_treatment=vat,
            )
        )
    else:
        for hire in hire_lines(space, tier, charges, starts_at, ends_at, currency):
            lines.append(
                QuoteLine(
                    description=hire.description,
                    minutes=hire.minutes,
                    hourly_rate_minor=hire.hourly_rate_minor,
                    amount_minor=hire.amount_minor,
                    unit_minor=hire.amount_minor,
                    vat_treatment=vat,
                )
            )
    for chosen in extras:
        if rate is not None and chosen.extra.currency != currency:
            # Adding pence to cents would be wrong on the invoice; the venue prices the extra in its rates' currency.
            raise InvalidInput(
                "extras",
                _(
                    "%(name)s is priced in %(currency)s but %(name2)s is hired in %(currency2)s; ask the venue to price it in the same currency."
                )
                % {
                    "name": chosen.extra.name,
                    "currency": chosen.extra.currency,
                    "name2": space.name,
                    "currency2": currency,
                },
            )
    lines.extend(extra_line(chosen, minutes, currency) for chosen in extras)
    deposit = rate.deposit_minor if rate is not None and rate.deposit_minor > 0 else 0
    total = sum(line.amount_minor for line in lines)
    check_within_limit(total, deposit, lines, bool(extras), currency)
    if deposit:
        lines.append(
            QuoteLine(
                description=f"Returnable deposit of {money(deposit, currency)}",
                minutes=0,
                hourly_rate_minor=0,
                amount_minor=deposit,
                kind="deposit",
                unit_minor=deposit,
                vat_treatment=str(VatTreatment.outside_scope),
            )
        )
    return Quote(**base, total_minor=total, priced=rate is not None, lines=lines, deposit_minor=deposit)  # type: ignore[arg-type]


# The most one booking may cost (£10,000,000 in pence): far above any hall's hire, far below what the
# INTEGER columns holding prices and invoice totals can store, so a long booking at a high rate or many
# costly items is a clear 400 rather than an overflow when the price is saved.
MAX_QUOTE_MINOR = 1_000_000_000


def check_within_limit(total: int, deposit: int, lines: Sequence[QuoteLine], with_extras: bool, currency: str) -> None:
    largest = max([total, deposit, *(abs(line.amount_minor) for line in lines)])
    if largest > MAX_QUOTE_MINOR:
        raise InvalidInput(
            "extras" if with_extras else "ends_at",
            _(
                "This booking would cost %(largest)s, more than the %(MAX_QUOTE_MINOR)s one booking may cost: book a shorter time or fewer items."
            )
            % {"largest": money(largest, currency), "MAX_QUOTE_MINOR": money(MAX_QUOTE_MINOR, currency)},
        )


def extra_line(chosen: ChosenExtra, minutes: int, currency: str) -> QuoteLine:
    """Per booking: the price once; per hour: the price for the booked minutes (half-up); per item: × quantity."""
    extra = chosen.extra
    if extra.unit == ExtraUnit.hour:
        amount, quantity = charge(minutes, extra.price_minor), 1
        words = f"{hours_minutes(minutes)} at {money(extra.price_minor, currency)} an hour"
        hourly, spent = extra.price_minor, minutes
    elif extra.unit == ExtraUnit.item:
        quantity = max(1, chosen.quantity)
        amount = extra.price_minor * quantity
        words = f"{quantity} × {money(extra.price_minor, currency)}"
        hourly, spent = 0, 0
    else:
        amount, quantity = extra.price_minor, 1
        words = money(extra.price_minor, currency)
        hourly, spent = 0, 0
    return QuoteLine(
        description=f"{extra.name}, {words}",
        minutes=spent,
        hourly_rate_minor=hourly,
        amount_minor=amount,
        kind="extra",
        quantity=quantity,
        unit_minor=extra.price_minor,
        vat_treatment=extra.vat_treatment,
        extra_id=extra.id,
    )
