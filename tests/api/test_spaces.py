"""Spaces, their booking rules and combined spaces over HTTP."""

from __future__ import annotations

import httpx

from tests.factories import Factory


def space_body(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "name": "Main hall",
        "kind": "hall",
        "capacity": 120,
        "facilities": ["stage", "wifi", "stage"],
        "accessibility": ["step_free"],
        "min_booking_minutes": 60,
        "max_booking_minutes": 240,
        "setup_buffer_minutes": 15,
        "cleanup_buffer_minutes": 30,
        "min_notice_minutes": 120,
        "horizon_days": 180,
        "requires_approval": False,
    }
    body.update(overrides)
    return body


async def test_manager_creates_space_and_public_reads_it(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)

    created = await client.post(f"/api/v1/venues/{venue.id}/spaces", json=space_body(), headers=manager.headers)
    assert created.status_code == 201, created.text
    space = created.json()
    assert space["venue_id"] == venue.id
    assert space["facilities"] == ["stage", "wifi"]
    assert space["setup_buffer_minutes"] == 15
    assert space["requires_approval"] is False
    assert space["part_ids"] == [] and space["combined_in_ids"] == []
    assert space["url"].endswith(f"/api/v1/spaces/{space['id']}")

    public = await client.get(f"/api/v1/spaces/{space['id']}")
    assert public.status_code == 200
    assert public.json() == space

    listing = await client.get(f"/api/v1/venues/{venue.id}/spaces")
    assert listing.status_code == 200
    assert [item["id"] for item in listing.json()["items"]] == [space["id"]]
    assert listing.json()["total"] == 1


async def test_space_response_shows_rates_in_tier_order(client: httpx.AsyncClient, factory: Factory) -> None:
    venue = await factory.venue()
    space = await factory.space(venue)
    await factory.rate(space, "standard", 1800)
    await factory.rate(space, "free", 0)

    body = (await client.get(f"/api/v1/spaces/{space.id}")).json()
    assert [(rate["tier_kind"], rate["hourly_rate_minor"], rate["currency"]) for rate in body["rates"]] == [
        ("free", 0, "GBP"),
        ("standard", 1800, "GBP"),
    ]


async def test_patch_changes_only_given_fields_and_checks_rules_against_stored_values(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, min_booking_minutes=60, max_booking_minutes=120)

    renamed = await client.patch(f"/api/v1/spaces/{space.id}", json={"name": "Studio"}, headers=manager.headers)
    assert renamed.status_code == 200
    assert renamed.json()["name"] == "Studio"
    assert renamed.json()["max_booking_minutes"] == 120

    too_short = await client.patch(
        f"/api/v1/spaces/{space.id}", json={"max_booking_minutes": 30}, headers=manager.headers
    )
    assert too_short.status_code == 400
    assert too_short.json()["field"] == "max_booking_minutes"
    assert (await client.get(f"/api/v1/spaces/{space.id}")).json()["max_booking_minutes"] == 120


async def test_min_booking_longer_than_max_is_refused_on_create(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    response = await client.post(
        f"/api/v1/venues/{venue.id}/spaces",
        json=space_body(min_booking_minutes=300, max_booking_minutes=60),
        headers=manager.headers,
    )
    assert response.status_code == 400
    assert response.json()["field"] == "min_booking_minutes"
    assert "max_booking_minutes" in response.json()["detail"]
    assert (await client.get(f"/api/v1/venues/{venue.id}/spaces")).json()["total"] == 0


async def test_archived_spaces_are_hidden_from_the_public_but_not_from_managers(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    kept = await factory.space(venue)
    archived = await factory.space(venue)
    response = await client.patch(f"/api/v1/spaces/{archived.id}", json={"archived": True}, headers=manager.headers)
    assert response.status_code == 200 and response.json()["archived"] is True

    public = await client.get(f"/api/v1/venues/{venue.id}/spaces", params={"include_archived": "true"})
    assert [item["id"] for item in public.json()["items"]] == [kept.id]
    assert (await client.get(f"/api/v1/spaces/{archived.id}")).status_code == 404

    managed = await client.get(
        f"/api/v1/venues/{venue.id}/spaces", params={"include_archived": "true"}, headers=manager.headers
    )
    assert sorted(item["id"] for item in managed.json()["items"]) == sorted([kept.id, archived.id])
    assert (await client.get(f"/api/v1/spaces/{archived.id}", headers=manager.headers)).status_code == 200


async def test_spaces_of_an_archived_venue_are_hidden(client: httpx.AsyncClient, factory: Factory) -> None:
    venue = await factory.venue(archived=True)
    space = await factory.space(venue)
    assert (await client.get(f"/api/v1/venues/{venue.id}/spaces")).status_code == 404
    assert (await client.get(f"/api/v1/spaces/{space.id}")).status_code == 404


async def test_space_list_is_paginated(client: httpx.AsyncClient, factory: Factory) -> None:
    venue = await factory.venue()
    for _ in range(3):
        await factory.space(venue)
    first = (await client.get(f"/api/v1/venues/{venue.id}/spaces", params={"limit": 2})).json()
    assert first["total"] == 3 and len(first["items"]) == 2
    second = (await client.get(first["next"])).json()
    assert len(second["items"]) == 1 and second["next"] is None
    assert {item["id"] for item in first["items"]}.isdisjoint(item["id"] for item in second["items"])


async def test_combined_space_lists_parts_and_parts_list_it(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    main = await factory.space(venue, name="Main")
    small = await factory.space(venue, name="Small")

    whole = await client.post(
        f"/api/v1/venues/{venue.id}/spaces",
        json=space_body(name="Whole hall", part_ids=[small.id, main.id]),
        headers=manager.headers,
    )
    assert whole.status_code == 201, whole.text
    whole_id = whole.json()["id"]
    assert whole.json()["part_ids"] == sorted([main.id, small.id])
    assert (await client.get(f"/api/v1/spaces/{main.id}")).json()["combined_in_ids"] == [whole_id]

    uncombined = await client.patch(f"/api/v1/spaces/{whole_id}", json={"part_ids": []}, headers=manager.headers)
    assert uncombined.status_code == 200
    assert uncombined.json()["part_ids"] == []
    assert (await client.get(f"/api/v1/spaces/{main.id}")).json()["combined_in_ids"] == []


async def test_combined_space_part_rules(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    other_venue = await factory.venue(manager=manager)
    a = await factory.space(venue)
    b = await factory.space(venue)
    c = await factory.space(venue)
    foreign = await factory.space(other_venue)
    url = f"/api/v1/venues/{venue.id}/spaces"

    async def refused(part_ids: list[int], words: str) -> None:
        response = await client.post(url, json=space_body(part_ids=part_ids), headers=manager.headers)
        assert response.status_code == 400, response.text
        assert response.json()["field"] == "part_ids"
        assert words in response.json()["detail"]

    await refused([a.id], "at least two")
    await refused([a.id, a.id], "more than once")
    await refused([a.id, foreign.id], "not a space of this venue")
    await refused([a.id, 2**31 - 1], "not a space of this venue")

    combined = await client.post(url, json=space_body(part_ids=[a.id, b.id]), headers=manager.headers)
    assert combined.status_code == 201
    combined_id = combined.json()["id"]
    await refused([combined_id, c.id], "itself a combined space")

    self_part = await client.patch(
        f"/api/v1/spaces/{combined_id}", json={"part_ids": [combined_id, c.id]}, headers=manager.headers
    )
    assert self_part.status_code == 400 and "its own parts" in self_part.json()["detail"]

    part_combined = await client.patch(
        f"/api/v1/spaces/{a.id}", json={"part_ids": [c.id, b.id]}, headers=manager.headers
    )
    assert part_combined.status_code == 400 and "is a part of combined space" in part_combined.json()["detail"]
    assert (await client.get(f"/api/v1/spaces/{a.id}")).json()["part_ids"] == []
    assert (await client.get(url)).json()["total"] == 4
