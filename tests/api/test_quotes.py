"""POST /api/v1/quotes: the tier that applies and a line-by-line price in pence."""

from __future__ import annotations

import httpx

from scheduling.models import GroupVenueTier
from tests.bookings_support import future_day, local
from tests.factories import Factory
from venues.models import PriceTier

DAY = future_day()


async def test_quotes_follow_the_tier_order_and_state_their_rounding(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    venue = await factory.venue()
    other = await factory.venue()
    space = await factory.space(venue)
    await factory.rate(space, "standard", 1000)
    await factory.rate(space, "low_cost", 500)
    group = await factory.group()
    tiers = {t.kind: t for t in await PriceTier.objects().where(PriceTier.venue == venue.id)}
    await GroupVenueTier(group=group.id, venue=venue.id, tier=tiers["low_cost"].id).save()
    body = {"space_id": space.id, "starts_at": local(DAY, "10:00"), "ends_at": local(DAY, "10:20")}

    standard = await client.post("/api/v1/quotes", json=body)
    assert standard.status_code == 200, standard.text
    price = standard.json()["price"]
    assert (price["tier_kind"], price["total_minor"], price["currency"]) == ("standard", 333, "GBP")
    assert price["lines"][0]["minutes"] == 20 and "£10.00 an hour" in price["lines"][0]["description"]
    assert "rounded half-up" in price["rounding"]
    agreed = (await client.post("/api/v1/quotes", json={**body, "group_id": group.id})).json()["price"]
    assert (agreed["tier_kind"], agreed["total_minor"]) == ("low_cost", 167)
    free = (
        await client.post("/api/v1/quotes", json={**body, "group_id": group.id, "tier_id": tiers["free"].id})
    ).json()["price"]
    assert (free["tier_kind"], free["total_minor"], free["priced"]) == ("free", 0, True)

    foreign = await PriceTier.objects().where(PriceTier.venue == other.id).first()
    assert (await client.post("/api/v1/quotes", json={**body, "tier_id": foreign.id})).status_code == 400
    assert (await client.post("/api/v1/quotes", json={**body, "space_id": 999999})).status_code == 404
    backwards = await client.post("/api/v1/quotes", json={**body, "ends_at": local(DAY, "09:00")})
    assert backwards.status_code == 400
