"""The public venue directory's filters and pagination."""

from __future__ import annotations

import httpx
import pytest

from tests.factories import Factory

OXFORD = (51.7520, -1.2577)


async def names(client: httpx.AsyncClient, **params: object) -> list[str]:
    response = await client.get("/api/v1/venues", params=params)
    assert response.status_code == 200, response.text
    return [venue["name"] for venue in response.json()["items"]]


async def test_filters_by_kind_and_postcode_prefix(client: httpx.AsyncClient, factory: Factory) -> None:
    await factory.venue(name="Hall", kind="village_hall", postcode="OX1 1AA")
    await factory.venue(name="Hub", kind="hub", postcode="OX2 6QQ")
    await factory.venue(name="Pitch", kind="sports_pitch", postcode="ox11 7hj")

    assert await names(client, kind="hub") == ["Hub"]
    assert await names(client, postcode="ox") == ["Hall", "Hub", "Pitch"]
    assert await names(client, postcode="ox1 1a") == ["Hall"]
    assert await names(client, postcode="ox2  6") == ["Hub"]
    assert await names(client, postcode="OX11") == ["Pitch"]
    assert await names(client, postcode="ox1") == ["Hall"]  # the district OX1, not OX11
    assert await names(client, postcode="ZZ9") == []
    # A whole postcode with or without its space, in any case.
    assert await names(client, postcode="OX11AA") == await names(client, postcode="ox1 1aa") == ["Hall"]
    assert await names(client, postcode="ox117hj") == ["Pitch"]
    assert (await client.get("/api/v1/venues", params={"kind": "castle"})).status_code == 400


async def test_filters_by_facility_of_a_live_space(client: httpx.AsyncClient, factory: Factory) -> None:
    with_stage = await factory.venue(name="Stage hall")
    await factory.space(with_stage, facilities=["stage", "wifi"])
    archived_stage = await factory.venue(name="Old stage")
    await factory.space(archived_stage, facilities=["stage"], archived=True)
    plain = await factory.venue(name="Plain")
    await factory.space(plain, facilities=["wifi"])

    assert await names(client, facility="stage") == ["Stage hall"]
    assert await names(client, facility="wifi") == ["Plain", "Stage hall"]
    assert await names(client, facility="floodlights") == []


async def test_accessibility_needs_every_feature(client: httpx.AsyncClient, factory: Factory) -> None:
    await factory.venue(name="Both", accessibility=["step_free", "hearing_loop"])
    await factory.venue(name="Step free", accessibility=["step_free"])
    await factory.venue(name="None")

    assert await names(client, accessibility="step_free") == ["Both", "Step free"]
    assert await names(client, accessibility=["step_free", "hearing_loop"]) == ["Both"]
    assert await names(client, accessibility="lift") == []


async def test_distance_search_is_nearest_first_with_distances(client: httpx.AsyncClient, factory: Factory) -> None:
    lat, lng = OXFORD
    await factory.venue(name="Two km", latitude=lat + 0.018, longitude=lng)
    await factory.venue(name="Here", latitude=lat, longitude=lng)
    await factory.venue(name="Eight km", latitude=lat, longitude=lng + 0.116)
    await factory.venue(name="Far away", latitude=55.95, longitude=-3.19)
    await factory.venue(name="Nowhere")

    response = await client.get("/api/v1/venues", params={"lat": lat, "lng": lng, "within_km": 5})
    items = response.json()["items"]
    assert [item["name"] for item in items] == ["Here", "Two km"]
    assert items[0]["distance_km"] == 0
    assert items[1]["distance_km"] == pytest.approx(2.0, abs=0.05)
    assert response.json()["total"] == 2

    wider = (await client.get("/api/v1/venues", params={"lat": lat, "lng": lng, "within_km": 10})).json()
    assert [item["name"] for item in wider["items"]] == ["Here", "Two km", "Eight km"]
    assert wider["items"][2]["distance_km"] == pytest.approx(8.0, abs=0.1)

    plain = (await client.get("/api/v1/venues")).json()["items"]
    assert all(item["distance_km"] is None for item in plain)


async def test_distance_search_needs_both_coordinates(client: httpx.AsyncClient, factory: Factory) -> None:
    lone_lat = await client.get("/api/v1/venues", params={"lat": 51.7})
    assert lone_lat.status_code == 400 and lone_lat.json()["field"] == "lng"
    lone_radius = await client.get("/api/v1/venues", params={"within_km": 3})
    assert lone_radius.status_code == 400 and lone_radius.json()["field"] == "within_km"
    off_globe = await client.get("/api/v1/venues", params={"lat": 91, "lng": 0})
    assert off_globe.status_code == 400 and off_globe.json()["field"] == "lat"


async def test_pages_link_to_the_next_and_keep_filters(client: httpx.AsyncClient, factory: Factory) -> None:
    for n in range(5):
        await factory.venue(name=f"Hall {n}", kind="village_hall")
    await factory.venue(name="A hub", kind="hub")

    first = (await client.get("/api/v1/venues", params={"kind": "village_hall", "limit": 2})).json()
    assert first["total"] == 5 and first["limit"] == 2 and first["offset"] == 0
    seen = [item["name"] for item in first["items"]]
    page = first
    while page["next"]:
        assert "kind=village_hall" in page["next"]
        page = (await client.get(page["next"])).json()
        seen += [item["name"] for item in page["items"]]
    assert seen == [f"Hall {n}" for n in range(5)]
    assert page["offset"] == 4 and page["next"] is None


async def test_distance_search_pages_too(client: httpx.AsyncClient, factory: Factory) -> None:
    lat, lng = OXFORD
    for n in range(3):
        await factory.venue(name=f"Step {n}", latitude=lat + 0.005 * n, longitude=lng)
    first = (await client.get("/api/v1/venues", params={"lat": lat, "lng": lng, "limit": 2})).json()
    assert [item["name"] for item in first["items"]] == ["Step 0", "Step 1"]
    assert first["total"] == 3
    second = (await client.get(first["next"])).json()
    assert [item["name"] for item in second["items"]] == ["Step 2"]
    assert second["next"] is None


async def test_archived_venues_are_left_out_for_the_public(client: httpx.AsyncClient, factory: Factory) -> None:
    admin = await factory.account(admin=True)
    await factory.venue(name="Open")
    await factory.venue(name="Shut", archived=True)
    assert await names(client) == ["Open"]
    assert await names(client, include_archived="true") == ["Open"]
    listed = await client.get("/api/v1/venues", params={"include_archived": "true"}, headers=admin.headers)
    assert [item["name"] for item in listed.json()["items"]] == ["Open", "Shut"]
