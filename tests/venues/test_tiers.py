"""Price tiers and rates: free means 0, tiers belong to the venue, all-or-nothing replacement."""

from __future__ import annotations

import pytest

from tests.factories import Factory
from venues.core.errors import Conflict, InvalidInput
from venues.models import ChargeRule, PriceTier
from venues.tiers import RateIn, add_tier, list_tiers, rates_by_space, replace_rates, update_tier


async def tier(venue_id: int, kind: str) -> PriceTier:
    return await PriceTier.objects().where((PriceTier.venue == venue_id) & (PriceTier.kind == kind)).first()


async def test_new_tiers_go_last_and_names_are_unique_per_venue(factory: Factory) -> None:
    venue, other = await factory.venue(), await factory.venue()
    added = await add_tier(venue.id, {"kind": "low_cost", "name": "Youth", "description": "Under 18s"})
    assert added.position == 4
    with pytest.raises(Conflict):
        await add_tier(venue.id, {"kind": "standard", "name": " youth "})
    assert (await add_tier(other.id, {"kind": "standard", "name": "Youth"})).venue == other.id
    tiers, total = await list_tiers(venue.id, 2, 3)
    assert total == 5 and [t.name for t in tiers] == ["Commercial", "Youth"]


async def test_blank_names_are_refused(factory: Factory) -> None:
    venue = await factory.venue()
    with pytest.raises(InvalidInput) as raised:
        await add_tier(venue.id, {"kind": "standard", "name": "   "})
    assert raised.value.field == "name"


async def test_rates_replace_whole_set_in_tier_order(factory: Factory) -> None:
    venue = await factory.venue()
    space = await factory.space(venue)
    free, standard = await tier(venue.id, "free"), await tier(venue.id, "standard")
    rates = await replace_rates(venue.id, space.id, [RateIn(standard.id, 1850), RateIn(free.id, 0)])
    assert [(r.tier_kind, r.hourly_rate_minor, r.currency) for r in rates] == [
        ("free", 0, "GBP"),
        ("standard", 1850, "GBP"),
    ]
    await replace_rates(venue.id, space.id, [RateIn(standard.id, 2000, "EUR")])
    assert [(r.tier_id, r.hourly_rate_minor, r.currency) for r in (await rates_by_space([space.id]))[space.id]] == [
        (standard.id, 2000, "EUR")
    ]


async def test_bad_rates_change_nothing(factory: Factory) -> None:
    venue = await factory.venue()
    space = await factory.space(venue)
    free, standard = await tier(venue.id, "free"), await tier(venue.id, "standard")
    foreign = await tier((await factory.venue()).id, "standard")
    await replace_rates(venue.id, space.id, [RateIn(standard.id, 1800)])
    cases = [
        ([RateIn(standard.id, 100), RateIn(free.id, 1)], "rates[1].hourly_rate_minor"),
        ([RateIn(standard.id, -1)], "rates[0].hourly_rate_minor"),
        ([RateIn(foreign.id, 100)], "rates[0].tier_id"),
        ([RateIn(standard.id, 100), RateIn(standard.id, 200)], "rates[1].tier_id"),
    ]
    for rates, field in cases:
        with pytest.raises(InvalidInput) as raised:
            await replace_rates(venue.id, space.id, rates)
        assert raised.value.field == field
    assert [(r.tier_id, r.hourly_rate_minor) for r in (await rates_by_space([space.id]))[space.id]] == [
        (standard.id, 1800)
    ]


async def test_a_tier_becomes_free_only_when_nothing_charges_for_it(factory: Factory) -> None:
    venue = await factory.venue()
    hall, kitchen = await factory.space(venue, name="Hall"), await factory.space(venue, name="Kitchen")
    standard = await tier(venue.id, "standard")
    await replace_rates(venue.id, hall.id, [RateIn(standard.id, 1800)])
    await replace_rates(venue.id, kitchen.id, [RateIn(standard.id, 0, deposit_minor=5000)])
    await ChargeRule(space=kitchen.id, tier=standard.id, kind="minimum", amount_minor=1000).save()
    with pytest.raises(Conflict) as raised:
        await update_tier(standard, {"kind": "free"})
    assert raised.value.detail.endswith("Hall: a rate of £18.00 an hour; Kitchen: a deposit of £50.00, 1 charge rule.")
    assert [
        (item["space_name"], item["hourly_rate_minor"], item["deposit_minor"], item["charge_rules"])
        for item in raised.value.extra["charging"]
    ] == [("Hall", 1800, 0, 0), ("Kitchen", 0, 5000, 1)]
    await replace_rates(venue.id, hall.id, [RateIn(standard.id, 0)])
    await replace_rates(venue.id, kitchen.id, [RateIn(standard.id, 0)])
    with pytest.raises(Conflict, match="Kitchen: 1 charge rule"):
        await update_tier(standard, {"kind": "free"})
    await ChargeRule.delete().where(ChargeRule.tier == standard.id)
    assert (await update_tier(standard, {"kind": "free"})).kind == "free"


async def test_the_standard_tier_is_the_first_standard_by_position_then_id_for_quotes_feeds_and_open_data(
    factory: Factory,
) -> None:
    from scheduling.openactive.facilities import standard_prices
    from scheduling.pricing.quotes import standard_tier
    from venues.open_data.listing import missing_for_listing
    from venues.open_data.settings import OpenDataSettings
    from venues.tiers import standard_tiers

    venue, other, bare = await factory.venue(), await factory.venue(), await factory.venue()
    space = await factory.space(venue, name="Main hall")
    first = await tier(venue.id, "standard")
    # A second standard tier at the same position: the older (lower id) is the standard one everywhere.
    tied = await add_tier(venue.id, {"kind": "standard", "name": "Standard too", "position": first.position})
    await PriceTier.update({PriceTier.position: first.position}).where(PriceTier.id == tied.id)
    await PriceTier.delete().where((PriceTier.venue == bare.id) & (PriceTier.kind == "standard"))
    await factory.rate(space, "standard", 1000)  # the first standard tier's rate

    picked = await standard_tiers([venue.id, other.id, bare.id])
    assert picked[venue.id].id == first.id and picked[other.id].venue == other.id and bare.id not in picked
    assert (await standard_tier(venue.id)).id == first.id  # type: ignore[union-attr]
    assert (await standard_prices([space]))[space.id].tier.id == first.id  # type: ignore[union-attr]
    missing = " ".join(await missing_for_listing(venue, OpenDataSettings(True, 60, 14)))
    assert "Main hall has no standard rate" not in missing

    # Placed before it, the other tier is the standard one everywhere.
    await PriceTier.update({PriceTier.position: first.position - 1}).where(PriceTier.id == tied.id)
    assert (await standard_tiers([venue.id]))[venue.id].id == tied.id
    assert (await standard_tier(venue.id)).id == tied.id  # type: ignore[union-attr]
    assert (await standard_prices([space]))[space.id].tier.id == tied.id  # type: ignore[union-attr]
    assert "Main hall has no standard rate" in " ".join(
        await missing_for_listing(venue, OpenDataSettings(True, 60, 14))
    )
