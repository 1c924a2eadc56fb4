"""A venue's open-data settings over HTTP: its managers read and replace them; others are refused."""

from __future__ import annotations

import httpx
import pytest

from tests.factories import Factory


async def test_a_manager_reads_the_defaults_then_replaces_them(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    url = f"/api/v1/venues/{venue.id}/open-data"
    before = await client.get(url, headers=manager.headers)
    assert before.status_code == 200, before.text
    assert {key: before.json()[key] for key in ("publish_slots", "slot_minutes", "days_ahead")} == {
        "publish_slots": True,
        "slot_minutes": 60,
        "days_ahead": 14,
    }
    assert any("latitude" in sentence for sentence in before.json()["missing"])
    saved = await client.put(
        url, json={"publish_slots": False, "slot_minutes": 90, "days_ahead": 28}, headers=manager.headers
    )
    assert saved.status_code == 200, saved.text
    again = (await client.get(url, headers=manager.headers)).json()
    assert again == saved.json()
    assert (again["venue_id"], again["publish_slots"], again["slot_minutes"], again["days_ahead"]) == (
        venue.id,
        False,
        90,
        28,
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"slot_minutes": 50}, "slot_minutes"),
        ({"slot_minutes": 495}, "slot_minutes"),
        ({"days_ahead": 0}, "days_ahead"),
        ({"days_ahead": 57}, "days_ahead"),
        ({"colour": "red"}, "colour"),
    ],
)
async def test_bad_settings_are_a_400_naming_the_field(
    client: httpx.AsyncClient, factory: Factory, body: dict[str, object], field: str
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    refused = await client.put(f"/api/v1/venues/{venue.id}/open-data", json=body, headers=manager.headers)
    assert refused.status_code == 400, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert field in refused.text


async def test_only_the_venues_managers_reach_the_settings(client: httpx.AsyncClient, factory: Factory) -> None:
    manager, stranger = await factory.account("manager"), await factory.account("stranger")
    venue = await factory.venue(manager=manager)
    url = f"/api/v1/venues/{venue.id}/open-data"
    body = {"publish_slots": False}
    assert (await client.get(url)).status_code == 401
    assert (await client.put(url, json=body)).status_code == 401
    assert (await client.get(url, headers=stranger.headers)).status_code == 403
    assert (await client.put(url, json=body, headers=stranger.headers)).status_code == 403
    assert (await client.get("/api/v1/venues/999999/open-data", headers=manager.headers)).status_code == 404
    assert (await client.get(url, headers=manager.headers)).json()["publish_slots"] is True


async def test_a_venues_town_and_county_are_set_and_read_over_the_api(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    admin = await factory.account("admin", admin=True)
    made = await client.post(
        "/api/v1/venues/",
        json={"name": "Upper Hall", "slug": "upper-hall", "locality": "Upper Marsh", "region": "Suffolk"},
        headers=admin.headers,
    )
    assert made.status_code == 201, made.text
    assert (made.json()["locality"], made.json()["region"]) == ("Upper Marsh", "Suffolk")
    changed = await client.patch(
        f"/api/v1/venues/{made.json()['id']}", json={"region": "Norfolk"}, headers=admin.headers
    )
    assert changed.status_code == 200, changed.text
    public = (await client.get(f"/api/v1/venues/{made.json()['id']}")).json()
    assert (public["locality"], public["region"]) == ("Upper Marsh", "Norfolk")
    bad = await client.patch(
        f"/api/v1/venues/{made.json()['id']}", json={"locality": "Two\nlines"}, headers=admin.headers
    )
    assert bad.status_code == 400 and "locality" in bad.text
