"""What a request asks to pay against what its group is entitled to, for the managers before they say yes.

A request names a tier (a booker may pick the free one); the venue may have
agreed a tier for the group (``group_tiers``), else its standard tier applies.
The managers see both, each quoted at today's rates for every waiting date, and
a warning when the tier asked for is cheaper than the one the group is entitled
to. Everything for one venue is loaded once (tiers, rates, agreements), so a
queue of requests costs the same few queries however long it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from scheduling.models import GroupVenueTier
from scheduling.pricing.charges import Charges, hire_vat_treatment, rules_by_space
from scheduling.pricing.quotes import DEFAULT_CURRENCY, quote_at
from venues.models import ChargeRule, PriceTier, Space, SpaceRate, Venue
from venues.vocabulary import TierKind

# From the cheapest kind of tier to the dearest.
_KIND_ORDER = {TierKind.free: 0, TierKind.low_cost: 1, TierKind.standard: 2, TierKind.commercial: 3}


@dataclass(frozen=True)
class PriceCheck:
    """The tier asked for and the one the group is entitled to, each quoted for the same dates."""

    asked: PriceTier
    entitled: PriceTier
    asked_minor: int
    entitled_minor: int
    currency: str
    asked_priced: bool
    dates: int

    @property
    def cheaper(self) -> bool:
        """The tier asked for costs less than the one the group is entitled to (by kind, else by price)."""
        if self.asked.id == self.entitled.id:
            return False
        asked, entitled = (
            _KIND_ORDER.get(TierKind(self.asked.kind), 2),
            _KIND_ORDER.get(TierKind(self.entitled.kind), 2),
        )
        return asked < entitled or (asked == entitled and self.asked_minor < self.entitled_minor)


@dataclass(frozen=True)
class VenuePricing:
    """A venue's tiers, its spaces' rates and its agreements with groups, loaded at once."""

    tiers: list[PriceTier]
    rates: dict[tuple[int, int], SpaceRate]
    agreed: dict[int, int]
    spaces: dict[int, Space]
    rules: dict[tuple[int, int], tuple[ChargeRule, ...]]
    tz: str
    hire_vat_treatment: str

    def entitled(self, group_id: int | None) -> PriceTier | None:
        """As ``resolve_tier`` without an explicit tier: the group's agreed tier, else the first standard one."""
        by_id = {tier.id: tier for tier in self.tiers}
        if group_id is not None and (agreed := by_id.get(self.agreed.get(group_id, 0))) is not None:
            return agreed
        return next((tier for tier in self.tiers if tier.kind == TierKind.standard), None)

    def kept(self, tier_id: int | None, group_id: int | None) -> PriceTier | None:
        """As ``kept_tier``: the tier asked for, else (deleted) the one that applies now."""
        return next((tier for tier in self.tiers if tier.id == tier_id), None) or self.entitled(group_id)

    def total(self, space: Space, tier: PriceTier, spans: Sequence[tuple[datetime, datetime]]) -> tuple[int, str, bool]:
        key = (space.id, tier.id)
        charges = Charges(self.rates.get(key), self.rules.get(key, ()), self.tz, self.hire_vat_treatment)
        quotes = [quote_at(space, tier, charges, starts, ends) for starts, ends in spans]
        currency = quotes[0].currency if quotes else DEFAULT_CURRENCY
        return sum(q.total_minor for q in quotes), currency, all(q.priced for q in quotes)

    def check(
        self, space_id: int, tier_id: int | None, group_id: int | None, spans: Sequence[tuple[datetime, datetime]]
    ) -> PriceCheck | None:
        """The request's tier and quote against its group's entitlement; None when the venue has no standard tier."""
        space = self.spaces.get(space_id)
        asked, entitled = self.kept(tier_id, group_id), self.entitled(group_id)
        if space is None or asked is None or entitled is None:
            return None
        asked_minor, currency, priced = self.total(space, asked, spans)
        entitled_minor, _, _ = self.total(space, entitled, spans)
        return PriceCheck(asked, entitled, asked_minor, entitled_minor, currency, priced, len(spans))


async def venue_pricing(venue_id: int, space_ids: Iterable[int]) -> VenuePricing:
    """Seven queries: the venue's tiers, the spaces, their rates and charge rules, the venue's group agreements,
    its zone and its money settings."""
    ids = sorted(set(space_ids))
    tiers = (
        await PriceTier.objects().where(PriceTier.venue == venue_id).order_by(PriceTier.position).order_by(PriceTier.id)
    )
    spaces = await Space.objects().where(Space.id.is_in(ids)) if ids else []
    rates = await SpaceRate.objects().where(SpaceRate.space.is_in(ids)) if ids else []
    agreed = await GroupVenueTier.select(GroupVenueTier.group, GroupVenueTier.tier).where(
        GroupVenueTier.venue == venue_id
    )
    venue = await Venue.select(Venue.timezone).where(Venue.id == venue_id).first()
    return VenuePricing(
        tiers=list(tiers),
        rates={(rate.space, rate.tier): rate for rate in rates},
        agreed={row["group"]: row["tier"] for row in agreed},
        spaces={space.id: space for space in spaces},
        rules=await rules_by_space(ids),
        tz=venue["timezone"] if venue else "Europe/London",
        hire_vat_treatment=await hire_vat_treatment(venue_id),
    )
