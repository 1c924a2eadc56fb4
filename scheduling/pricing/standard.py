"""What a hire would cost at the venue's standard tier: the one rule every path that fixes a price uses.

Reports value free and low-cost hours as the standard tier's price for the same booking less what was charged,
by SQL sums over two columns fixed with the price (``Booking.hire_minor``, ``Booking.standard_hire_minor``)
rather than by pricing every booking again. ``hire_minor`` is the quote's hire lines (never extras or the
deposit); ``standard_hire_minor`` is the hire of the same space and times at the venue's standard tier (its
first tier of kind standard by position), cut by the same charge rules (rate bands, local days, caps,
minimums, fixed prices), and null where the venue has no standard tier or the space no standard rate.

A booking priced at the standard tier itself has the same number for both, without a second quote. The
standard tier's charges are loaded once (``load_standard``) so a series prices every date from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from scheduling.pricing.charges import Charges, hire_lines, load_charges
from scheduling.pricing.quotes import Quote, standard_tier
from scheduling.vocabulary import InvoiceLineKind
from venues.models import PriceTier, Space


@dataclass(frozen=True)
class Standard:
    """The venue's standard tier (None: it has none) and, when it is not the tier being priced, its charges
    for the space (a rate of None: the space has no standard rate)."""

    tier: PriceTier | None
    charges: Charges | None = None


NO_STANDARD = Standard(None)


async def load_standard(space: Space, priced_at: PriceTier, tz: str | None = None) -> Standard:
    """The standard tier for ``space``, with its charges unless ``priced_at`` is that tier (then the quote
    itself is the standard price): one query, or four (three given ``tz``) more for another tier."""
    tier = await standard_tier(space.venue)
    if tier is None or tier.id == priced_at.id:
        return Standard(tier)
    return Standard(tier, await load_charges(space, tier, tz))


def hire_of(priced: Quote) -> int:
    """The hire part of a quote: its hire lines, without extras or the deposit."""
    return sum(line.amount_minor for line in priced.lines if line.kind == InvoiceLineKind.hire)


def standard_hire(
    priced: Quote, standard: Standard, space: Space, starts_at: datetime, ends_at: datetime
) -> int | None:
    """What the hire in ``priced`` would cost at the standard tier, or None where there is no standard price."""
    if standard.tier is None:
        return None
    if priced.tier_id == standard.tier.id:
        return hire_of(priced) if priced.priced else None
    charges = standard.charges
    if charges is None or charges.rate is None:
        return None
    lines = hire_lines(space, standard.tier, charges, starts_at, ends_at, charges.rate.currency)
    return sum(line.amount_minor for line in lines)


def hire_values(
    priced: Quote, standard: Standard, space: Space, starts_at: datetime, ends_at: datetime
) -> dict[str, Any]:
    """The booking's columns for reports, fixed with its price: ``hire_minor`` and ``standard_hire_minor``."""
    return {
        "hire_minor": hire_of(priced),
        "standard_hire_minor": standard_hire(priced, standard, space, starts_at, ends_at),
    }
