"""Price tiers (/api/v1/venues/{id}/price-tiers, /api/v1/price-tiers/{id}) and space rates."""

from __future__ import annotations

from litestar import Controller, Request, get, patch, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody

from api.errors import problem_responses
from api.pagination import Paging, page_of, provide_paging
from api.pricing.guards import manages_path_tier
from api.pricing.schemas import RateOut, RatesIn, RatesOut, TierCreate, TierOut, TierUpdate
from api.schemas import Page, provided_fields
from api.venues.guards import manages_path_space, manages_path_venue
from venues import tiers as price_tiers
from venues.lookups import get_space, get_venue
from venues.models import PriceTier, User
from venues.visibility import visible_space, visible_venue
from venues.vocabulary import TierKind


def tier_out(tier: PriceTier) -> TierOut:
    return TierOut(
        id=tier.id,
        venue_id=tier.venue,
        kind=TierKind(tier.kind),
        name=tier.name,
        description=tier.description,
        position=tier.position,
    )


def rate_out(rate: price_tiers.Rate) -> RateOut:
    return RateOut(
        tier_id=rate.tier_id,
        tier_kind=TierKind(rate.tier_kind),
        tier_name=rate.tier_name,
        hourly_rate_minor=rate.hourly_rate_minor,
        currency=rate.currency,
        deposit_minor=rate.deposit_minor,
    )


class PricingController(Controller):
    path = "/api/v1"
    tags = ["pricing"]
    dependencies = {"paging": Provide(provide_paging, sync_to_thread=False)}

    @get(
        "/venues/{venue_id:int}/price-tiers",
        summary="A venue's price tiers",
        description="Public: each tier's kind, name, who qualifies (`description`) and order.",
        responses=problem_responses(400, 401, 404),
    )
    async def list_tiers(
        self,
        request: Request,
        venue_id: FromPath[int],
        user: NamedDependency[User | None],
        paging: NamedDependency[Paging],
    ) -> Page[TierOut]:
        venue, _ = await visible_venue(user, venue_id)
        tiers, total = await price_tiers.list_tiers(venue.id, paging.limit, paging.offset)
        return page_of(request, [tier_out(tier) for tier in tiers], total, paging)

    @post(
        "/venues/{venue_id:int}/price-tiers",
        guards=[manages_path_venue],
        summary="Add a price tier (the venue's managers)",
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def add_tier(self, venue_id: FromPath[int], data: JSONBody[TierCreate]) -> TierOut:
        venue = await get_venue(venue_id)
        tier = await price_tiers.add_tier(
            venue.id, {"kind": data.kind, "name": data.name, "description": data.description, "position": data.position}
        )
        return tier_out(tier)

    @patch(
        "/price-tiers/{tier_id:int}",
        guards=[manages_path_tier],
        summary="Change a price tier (its venue's managers)",
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def update_tier(self, tier_id: FromPath[int], data: JSONBody[TierUpdate]) -> TierOut:
        tier = await price_tiers.get_tier(tier_id)
        return tier_out(await price_tiers.update_tier(tier, provided_fields(data)))

    @get(
        "/spaces/{space_id:int}/rates",
        summary="A space's hourly rate per price tier",
        description="Public. Money is integer minor units (pence) with an ISO 4217 currency.",
        responses=problem_responses(400, 401, 404),
    )
    async def list_rates(self, space_id: FromPath[int], user: NamedDependency[User | None]) -> RatesOut:
        space, _ = await visible_space(user, space_id)
        rates = (await price_tiers.rates_by_space([space.id])).get(space.id, [])
        return RatesOut(space_id=space.id, rates=[rate_out(rate) for rate in rates])

    @put(
        "/spaces/{space_id:int}/rates",
        guards=[manages_path_space],
        summary="Replace a space's rates (its venue's managers)",
        description="All or nothing: one bad rate leaves the stored set as it was. A free tier's rate is 0 and it takes no deposit. `deposit_minor` is a returnable deposit taken with each booking at the tier.",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def replace_rates(self, space_id: FromPath[int], data: JSONBody[RatesIn]) -> RatesOut:
        space = await get_space(space_id)
        wanted = [
            price_tiers.RateIn(rate.tier_id, rate.hourly_rate_minor, rate.currency, rate.deposit_minor)
            for rate in data.rates
        ]
        rates = await price_tiers.replace_rates(space.venue, space.id, wanted)
        return RatesOut(space_id=space.id, rates=[rate_out(rate) for rate in rates])
