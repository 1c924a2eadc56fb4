"""The venue directory and its management over HTTP."""

from __future__ import annotations

import httpx

from tests.factories import Factory


def venue_body(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "name": "St Mary's Village Hall",
        "slug": "st-marys",
        "kind": "village_hall",
        "postcode": "ox1 1aa",
        "latitude": 51.75,
        "longitude": -1.25,
        "accessibility": ["step_free", "hearing_loop"],
        "public_email": "bookings@stmarys.example",
        "private_contact": {"name": "Pat Treasurer", "email": "pat@home.example", "phone": "01234 567890"},
    }
    body.update(overrides)
    return body


async def test_admin_creates_venue_with_default_tiers_and_public_sees_no_private_contact(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    admin = await factory.account("admin", admin=True)
    created = await client.post("/api/v1/venues", json=venue_body(), headers=admin.headers)
    assert created.status_code == 201, created.text
    venue = created.json()
    assert venue["postcode"] == "OX1 1AA"
    assert venue["private_contact"]["email"] == "pat@home.example"

    public = await client.get(f"/api/v1/venues/{venue['id']}")
    assert public.status_code == 200
    assert "private_contact" not in public.json()
    assert "pat@home.example" not in public.text

    listing = await client.get("/api/v1/venues")
    assert listing.json()["total"] == 1
    assert "pat@home.example" not in listing.text


async def test_anonymous_cannot_create_and_other_manager_cannot_edit(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager_a = await factory.account("a")
    manager_b = await factory.account("b")
    venue_a = await factory.venue(manager=manager_a)
    await factory.venue(manager=manager_b)

    anonymous = await client.post("/api/v1/venues", json=venue_body())
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"].startswith("application/problem+json")

    not_admin = await client.post("/api/v1/venues", json=venue_body(), headers=manager_a.headers)
    assert not_admin.status_code == 403

    foreign = await client.patch(f"/api/v1/venues/{venue_a.id}", json={"name": "Mine now"}, headers=manager_b.headers)
    assert foreign.status_code == 403

    own = await client.patch(f"/api/v1/venues/{venue_a.id}", json={"name": "Renamed"}, headers=manager_a.headers)
    assert own.status_code == 200
    assert own.json()["name"] == "Renamed"

    missing = await client.patch("/api/v1/venues/999999", json={"name": "x"}, headers=manager_a.headers)
    assert missing.status_code == 404
