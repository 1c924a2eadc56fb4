"""Price tiers and space rates over HTTP."""

from __future__ import annotations

import httpx

from tests.factories import Factory


async def tiers_by_kind(client: httpx.AsyncClient, venue_id: int) -> dict[str, int]:
    listing = (await client.get(f"/api/v1/venues/{venue_id}/price-tiers")).json()
    return {tier["kind"]: tier["id"] for tier in listing["items"]}


async def test_new_venue_has_four_public_tiers_in_order(client: httpx.AsyncClient, factory: Factory) -> None:
    venue = await factory.venue()
    listing = await client.get(f"/api/v1/venues/{venue.id}/price-tiers")
    assert listing.status_code == 200
    items = listing.json()["items"]
    assert [tier["kind"] for tier in items] == ["free", "low_cost", "standard", "commercial"]
    assert [tier["position"] for tier in items] == [0, 1, 2, 3]
    assert all(tier["description"] and tier["venue_id"] == venue.id for tier in items)


async def test_manager_adds_and_changes_a_tier(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    added = await client.post(
        f"/api/v1/venues/{venue.id}/price-tiers",
        json={"kind": "low_cost", "name": "Youth groups", "description": "Clubs for under-18s."},
        headers=manager.headers,
    )
    assert added.status_code == 201, added.text
    assert added.json()["position"] == 4

    duplicate = await client.post(
        f"/api/v1/venues/{venue.id}/price-tiers",
        json={"kind": "standard", "name": "youth GROUPS"},
        headers=manager.headers,
    )
    assert duplicate.status_code == 409 and duplicate.json()["field"] == "name"

    changed = await client.patch(
        f"/api/v1/price-tiers/{added.json()['id']}",
        json={"name": "Young people", "position": 0},
        headers=manager.headers,
    )
    assert changed.status_code == 200
    assert changed.json()["name"] == "Young people" and changed.json()["description"] == "Clubs for under-18s."


async def test_rates_are_replaced_whole_and_shown_publicly(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    tiers = await tiers_by_kind(client, venue.id)
    url = f"/api/v1/spaces/{space.id}/rates"
    assert (await client.get(url)).json() == {"space_id": space.id, "rates": []}

    rates = [
        {"tier_id": tiers["commercial"], "hourly_rate_minor": 3500},
        {"tier_id": tiers["free"], "hourly_rate_minor": 0},
        {"tier_id": tiers["low_cost"], "hourly_rate_minor": 800, "currency": "GBP"},
    ]
    replaced = await client.put(url, json={"rates": rates}, headers=manager.headers)
    assert replaced.status_code == 200, replaced.text
    assert [(r["tier_kind"], r["hourly_rate_minor"], r["currency"]) for r in replaced.json()["rates"]] == [
        ("free", 0, "GBP"),
        ("low_cost", 800, "GBP"),
        ("commercial", 3500, "GBP"),
    ]
    assert (await client.get(url)).json() == replaced.json()

    fewer = await client.put(
        url, json={"rates": [{"tier_id": tiers["standard"], "hourly_rate_minor": 1500}]}, headers=manager.headers
    )
    assert [r["tier_kind"] for r in fewer.json()["rates"]] == ["standard"]
    assert isinstance(fewer.json()["rates"][0]["hourly_rate_minor"], int)


async def test_rate_rules_refuse_the_whole_set(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    tiers = await tiers_by_kind(client, venue.id)
    foreign_tiers = await tiers_by_kind(client, (await factory.venue()).id)
    url = f"/api/v1/spaces/{space.id}/rates"
    await client.put(
        url, json={"rates": [{"tier_id": tiers["standard"], "hourly_rate_minor": 1800}]}, headers=manager.headers
    )
    good = {"tier_id": tiers["low_cost"], "hourly_rate_minor": 500}
    cases = [
        ({"tier_id": tiers["free"], "hourly_rate_minor": 100}, "rates[1].hourly_rate_minor", "free"),
        ({"tier_id": tiers["standard"], "hourly_rate_minor": -1}, "rates[1].hourly_rate_minor", ""),
        ({"tier_id": tiers["standard"], "hourly_rate_minor": 12.5}, "rates[1].hourly_rate_minor", ""),
        ({"tier_id": foreign_tiers["standard"], "hourly_rate_minor": 100}, "rates[1].tier_id", "not a price tier"),
        ({"tier_id": tiers["low_cost"], "hourly_rate_minor": 100}, "rates[1].tier_id", "more than once"),
        ({"tier_id": tiers["standard"], "hourly_rate_minor": 100, "currency": "pounds"}, "rates[1].currency", ""),
    ]
    for bad, field, words in cases:
        response = await client.put(url, json={"rates": [good, bad]}, headers=manager.headers)
        assert response.status_code == 400, (bad, response.text)
        assert response.json()["field"] == field
        assert words in response.json()["detail"]
    stored = (await client.get(url)).json()["rates"]
    assert [(r["tier_kind"], r["hourly_rate_minor"]) for r in stored] == [("standard", 1800)]


async def test_a_tier_with_charges_cannot_become_free(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    await factory.rate(space, "low_cost", 800)
    tiers = await tiers_by_kind(client, venue.id)

    response = await client.patch(
        f"/api/v1/price-tiers/{tiers['low_cost']}", json={"kind": "free"}, headers=manager.headers
    )
    assert response.status_code == 409
    assert [(item["space_id"], item["hourly_rate_minor"]) for item in response.json()["charging"]] == [(space.id, 800)]
    assert (await tiers_by_kind(client, venue.id))["low_cost"] == tiers["low_cost"]

    commercial = await client.patch(
        f"/api/v1/price-tiers/{tiers['commercial']}", json={"kind": "free"}, headers=manager.headers
    )
    assert commercial.status_code == 200 and commercial.json()["kind"] == "free"
