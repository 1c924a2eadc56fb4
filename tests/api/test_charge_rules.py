"""Charge rules, deposits and quotes with extras over HTTP: managers set them up, quotes show every line."""

from __future__ import annotations

import httpx

from tests.bookings_support import future_day, local
from tests.factories import Factory
from venues.models import Extra, PriceTier, Space, Venue

WEDNESDAY = future_day(weekday=2)


async def tiers_of(venue_id: int) -> dict[str, int]:
    return {t.kind: t.id for t in await PriceTier.objects().where(PriceTier.venue == venue_id)}


async def version(venue_id: int) -> int:
    return (await Venue.select(Venue.version).where(Venue.id == venue_id).first())["version"]


async def test_a_manager_adds_lists_rewrites_and_removes_a_band_and_each_change_bumps_the_venue(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    tiers = await tiers_of(venue.id)
    url = f"/api/v1/spaces/{space.id}/charge-rules"
    band = {
        "tier_id": tiers["standard"],
        "kind": "band",
        "name": "Evening",
        "hourly_rate_minor": 1800,
        "weekdays": [4, 0, 1, 2, 3],
        "band_starts": "18:00",
        "band_ends": "00:00",
    }
    before = await version(venue.id)
    added = await client.post(url, json=band, headers=manager.headers)
    assert added.status_code == 201, added.text
    rule = added.json()
    assert (rule["weekdays"], rule["band_starts"], rule["band_ends"], rule["amount_minor"]) == (
        [0, 1, 2, 3, 4],
        "18:00",
        "00:00",
        0,
    )
    assert await version(venue.id) == before + 1
    minimum = await client.post(
        url, json={"tier_id": tiers["standard"], "kind": "minimum", "amount_minor": 3000}, headers=manager.headers
    )
    assert minimum.status_code == 201
    listing = (await client.get(url, headers=manager.headers)).json()
    assert [r["kind"] for r in listing["rules"]] == ["band", "minimum"]

    rewritten = await client.put(
        f"{url}/{rule['id']}", json={**band, "band_starts": "17:30", "hourly_rate_minor": 2000}, headers=manager.headers
    )
    assert rewritten.status_code == 200, rewritten.text
    assert (rewritten.json()["band_starts"], rewritten.json()["hourly_rate_minor"]) == ("17:30", 2000)
    assert (await client.delete(f"{url}/{rule['id']}", headers=manager.headers)).status_code == 204
    assert [r["kind"] for r in (await client.get(url, headers=manager.headers)).json()["rules"]] == ["minimum"]
    assert await version(venue.id) == before + 4


async def test_rules_that_cannot_be_priced_are_refused_with_the_field_named(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    tiers = await tiers_of(venue.id)
    foreign = await tiers_of((await factory.venue()).id)
    url = f"/api/v1/spaces/{space.id}/charge-rules"
    band = {"tier_id": tiers["standard"], "kind": "band", "hourly_rate_minor": 1800, "weekdays": [5]}
    cases = [
        ({**band, "band_starts": "18:00"}, "band_starts"),
        ({**band, "weekdays": [], "band_starts": "18:00", "band_ends": "22:00"}, "weekdays"),
        ({**band, "band_starts": "22:00", "band_ends": "02:00"}, "band_ends"),
        ({**band, "band_starts": "18:00", "band_ends": "18:00"}, "band_ends"),
        ({"tier_id": tiers["free"], "kind": "minimum", "amount_minor": 100}, "tier_id"),
        ({"tier_id": foreign["standard"], "kind": "minimum", "amount_minor": 100}, "tier_id"),
    ]
    for body, field in cases:
        refused = await client.post(url, json=body, headers=manager.headers)
        assert (refused.status_code, refused.json().get("field")) == (400, field), (body, refused.text)
    overnight = await client.post(
        url, json={**band, "band_starts": "22:00", "band_ends": "02:00"}, headers=manager.headers
    )
    assert "00:00" in overnight.json()["detail"]
    for body in (
        {"tier_id": tiers["standard"], "kind": "minimum", "amount_minor": -1},
        {"tier_id": tiers["standard"], "kind": "minimum", "amount_minor": 100, "surprise": 1},
        {"tier_id": tiers["standard"], "kind": "discount", "amount_minor": 100},
        {**band, "weekdays": [7], "band_starts": "18:00", "band_ends": "22:00"},
        {**band, "band_starts": "25:00", "band_ends": "22:00"},
    ):
        assert (await client.post(url, json=body, headers=manager.headers)).status_code == 400, body
    assert (await client.get(url, headers=manager.headers)).json()["rules"] == []


async def test_only_the_venues_managers_see_or_change_its_charge_rules(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, stranger = await factory.account(), await factory.account()
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    other_space = await factory.space(venue)
    tiers = await tiers_of(venue.id)
    url = f"/api/v1/spaces/{space.id}/charge-rules"
    body = {"tier_id": tiers["standard"], "kind": "daily_cap", "amount_minor": 10000}
    assert (await client.get(url)).status_code == 401
    assert (await client.post(url, json=body, headers=stranger.headers)).status_code == 403
    assert (await client.get("/api/v1/spaces/999999/charge-rules", headers=manager.headers)).status_code == 404
    rule = (await client.post(url, json=body, headers=manager.headers)).json()
    assert (await client.delete(f"{url}/{rule['id']}", headers=stranger.headers)).status_code == 403
    elsewhere = f"/api/v1/spaces/{other_space.id}/charge-rules/{rule['id']}"
    assert (await client.delete(elsewhere, headers=manager.headers)).status_code == 404


async def test_a_rate_carries_its_deposit_and_a_free_tier_takes_none(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    tiers = await tiers_of(venue.id)
    url = f"/api/v1/spaces/{space.id}/rates"
    before = await version(venue.id)
    saved = await client.put(
        url,
        json={"rates": [{"tier_id": tiers["standard"], "hourly_rate_minor": 1200, "deposit_minor": 5000}]},
        headers=manager.headers,
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["rates"][0]["deposit_minor"] == 5000
    assert await version(venue.id) == before + 1
    free = await client.put(
        url,
        json={"rates": [{"tier_id": tiers["free"], "hourly_rate_minor": 0, "deposit_minor": 100}]},
        headers=manager.headers,
    )
    assert (free.status_code, free.json()["field"]) == (400, "rates[0].deposit_minor")
    negative = {"rates": [{"tier_id": tiers["standard"], "hourly_rate_minor": 1200, "deposit_minor": -1}]}
    assert (await client.put(url, json=negative, headers=manager.headers)).status_code == 400


async def extras_for(space: Space) -> tuple[Extra, Extra, Extra]:
    kitchen = Extra(venue=space.venue, name="Kitchen", unit="booking", price_minor=2500, vat_treatment="standard")
    tables = Extra(venue=space.venue, name="Tables", unit="item", price_minor=300, vat_treatment="zero")
    old = Extra(venue=space.venue, name="Old urn", unit="booking", price_minor=100, archived=True)
    for extra in (kitchen, tables, old):
        await extra.save()
    return kitchen, tables, old


async def test_a_quote_with_extras_and_a_deposit_shows_every_line(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, name="Main hall")
    tiers = await tiers_of(venue.id)
    await client.put(
        f"/api/v1/spaces/{space.id}/rates",
        json={"rates": [{"tier_id": tiers["standard"], "hourly_rate_minor": 1200, "deposit_minor": 5000}]},
        headers=manager.headers,
    )
    await client.post(
        f"/api/v1/spaces/{space.id}/charge-rules",
        json={
            "tier_id": tiers["standard"],
            "kind": "band",
            "name": "Evening",
            "hourly_rate_minor": 1800,
            "weekdays": [0, 1, 2, 3, 4],
            "band_starts": "18:00",
            "band_ends": "00:00",
        },
        headers=manager.headers,
    )
    kitchen, tables, old = await extras_for(space)
    body = {
        "space_id": space.id,
        "starts_at": local(WEDNESDAY, "16:00"),
        "ends_at": local(WEDNESDAY, "20:00"),
        "extras": [{"extra_id": kitchen.id}, {"extra_id": tables.id, "quantity": 4}],
    }
    quoted = await client.post("/api/v1/quotes", json=body)
    assert quoted.status_code == 200, quoted.text
    price = quoted.json()["price"]
    # Hire 16–18 at £12 = £24 and 18–20 evening at £18 = £36; kitchen £25; 4 tables × £3 = £12: £97.
    # The £50 deposit is its own line and not in the total.
    assert [
        (line["kind"], line["amount_minor"], line["quantity"], line["vat_treatment"]) for line in price["lines"]
    ] == [
        ("hire", 2400, 1, "exempt"),
        ("hire", 3600, 1, "exempt"),
        ("extra", 2500, 1, "standard"),
        ("extra", 1200, 4, "zero"),
        ("deposit", 5000, 1, "outside_scope"),
    ]
    assert (price["total_minor"], price["deposit_minor"]) == (9700, 5000)
    assert [line["extra_id"] for line in price["lines"]] == [None, None, kitchen.id, tables.id, None]

    foreign = (await extras_for(await factory.space(await factory.venue())))[0]
    for extras, field in (
        ([{"extra_id": old.id}], "extras"),
        ([{"extra_id": kitchen.id}, {"extra_id": foreign.id}], "extras"),
        ([{"extra_id": kitchen.id}, {"extra_id": kitchen.id}], "extras"),
        ([{"extra_id": kitchen.id, "quantity": 2}], "extras"),
    ):
        refused = await client.post("/api/v1/quotes", json={**body, "extras": extras})
        assert (refused.status_code, refused.json().get("field")) == (400, field), refused.text
    unknown = await client.post("/api/v1/quotes", json={**body, "extras": [{"extra_id": kitchen.id, "colour": "red"}]})
    assert unknown.status_code == 400
