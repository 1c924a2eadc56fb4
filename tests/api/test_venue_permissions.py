"""Who may change a venue's spaces, hours, closures, tiers and rates, and what the public sees."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import pytest

from tests.factories import Account, Factory
from venues.opening.closures import add_closure


@dataclass
class Venues:
    manager_a: Account
    manager_b: Account
    venue_b: int
    space_b: int
    tier_b: int
    closure_b: int


@pytest.fixture
async def venues(factory: Factory) -> Venues:
    manager_a = await factory.account("a")
    manager_b = await factory.account("b")
    await factory.space(await factory.venue(manager=manager_a))
    venue_b = await factory.venue(
        manager=manager_b, private_email="treasurer@home.example", private_phone="01234 999888"
    )
    space_b = await factory.space(venue_b)
    rate = await factory.rate(space_b, "standard", 1800)
    closure = await add_closure(venue_b.id, date(2027, 12, 24), date(2027, 12, 26), "Christmas", None)
    return Venues(manager_a, manager_b, venue_b.id, space_b.id, rate.tier, closure.id)


# (method, path, body) of every write on venue B's things.
WRITES: list[tuple[str, str, Any]] = [
    ("POST", "/api/v1/venues/{venue}/spaces", {"name": "Mine", "capacity": 5}),
    ("PATCH", "/api/v1/spaces/{space}", {"name": "Mine"}),
    ("PUT", "/api/v1/venues/{venue}/opening-hours", {"hours": []}),
    ("PUT", "/api/v1/spaces/{space}/opening-hours", {"hours": []}),
    ("POST", "/api/v1/venues/{venue}/closures", {"starts_on": "2027-01-01", "ends_on": "2027-01-01", "reason": "Mine"}),
    ("DELETE", "/api/v1/closures/{closure}", None),
    ("POST", "/api/v1/venues/{venue}/price-tiers", {"kind": "standard", "name": "Mine"}),
    ("PATCH", "/api/v1/price-tiers/{tier}", {"name": "Mine"}),
    ("PUT", "/api/v1/spaces/{space}/rates", {"rates": []}),
]
WRITE_IDS = [f"{method} {path}" for method, path, _ in WRITES]


def path_for(template: str, v: Venues, missing: bool = False) -> str:
    ids = {"venue": v.venue_b, "space": v.space_b, "tier": v.tier_b, "closure": v.closure_b}
    return template.format(**({key: 999_999 for key in ids} if missing else ids))


async def state_of_b(client: httpx.AsyncClient, v: Venues) -> list[Any]:
    paths = [
        f"/api/v1/venues/{v.venue_b}/spaces",
        f"/api/v1/venues/{v.venue_b}/opening-hours",
        f"/api/v1/spaces/{v.space_b}/opening-hours",
        f"/api/v1/venues/{v.venue_b}/closures",
        f"/api/v1/venues/{v.venue_b}/price-tiers",
        f"/api/v1/spaces/{v.space_b}/rates",
    ]
    return [(await client.get(path)).json() for path in paths]


@pytest.mark.parametrize(("method", "template", "body"), WRITES, ids=WRITE_IDS)
async def test_another_venues_manager_gets_403_and_changes_nothing(
    client: httpx.AsyncClient, venues: Venues, method: str, template: str, body: Any
) -> None:
    before = await state_of_b(client, venues)
    response = await client.request(method, path_for(template, venues), json=body, headers=venues.manager_a.headers)
    assert response.status_code == 403, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"].endswith("/forbidden")
    assert await state_of_b(client, venues) == before


@pytest.mark.parametrize(("method", "template", "body"), WRITES, ids=WRITE_IDS)
async def test_anonymous_writes_get_401(
    client: httpx.AsyncClient, venues: Venues, method: str, template: str, body: Any
) -> None:
    before = await state_of_b(client, venues)
    response = await client.request(method, path_for(template, venues), json=body)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert await state_of_b(client, venues) == before


@pytest.mark.parametrize(("method", "template", "body"), WRITES, ids=WRITE_IDS)
async def test_unknown_ids_get_404(
    client: httpx.AsyncClient, venues: Venues, method: str, template: str, body: Any
) -> None:
    response = await client.request(
        method, path_for(template, venues, missing=True), json=body, headers=venues.manager_b.headers
    )
    assert response.status_code == 404
    assert response.json()["type"].endswith("/not-found")


@pytest.mark.parametrize(("method", "template", "body"), WRITES, ids=WRITE_IDS)
async def test_the_venues_own_manager_and_site_admins_may_write(
    client: httpx.AsyncClient, factory: Factory, venues: Venues, method: str, template: str, body: Any
) -> None:
    admin = await factory.account(admin=True)
    for account in (venues.manager_b, admin):
        response = await client.request(method, path_for(template, venues), json=body, headers=account.headers)
        assert response.status_code in (200, 201, 204, 409), response.text
        if response.status_code == 409:
            assert method == "POST" and "price-tiers" in template and account is admin
        if method == "DELETE":
            break


async def test_a_bad_token_is_refused_even_on_public_reads(client: httpx.AsyncClient, venues: Venues) -> None:
    response = await client.get(f"/api/v1/venues/{venues.venue_b}/spaces", headers={"Authorization": "Bearer nonsense"})
    assert response.status_code == 401
    assert "not valid" in response.json()["detail"]


async def test_public_reads_never_show_the_private_contact(client: httpx.AsyncClient, venues: Venues) -> None:
    paths = [
        "/api/v1/venues",
        f"/api/v1/venues/{venues.venue_b}",
        f"/api/v1/venues/{venues.venue_b}/spaces",
        f"/api/v1/spaces/{venues.space_b}",
        f"/api/v1/venues/{venues.venue_b}/opening-hours",
        f"/api/v1/spaces/{venues.space_b}/opening-hours",
        f"/api/v1/venues/{venues.venue_b}/closures",
        f"/api/v1/venues/{venues.venue_b}/price-tiers",
        f"/api/v1/spaces/{venues.space_b}/rates",
    ]
    for account_headers in ({}, venues.manager_a.headers):
        for path in paths:
            response = await client.get(path, headers=account_headers)
            assert response.status_code == 200, (path, response.text)
            assert "treasurer@home.example" not in response.text
            assert "999888" not in response.text
            if not account_headers:
                assert "private_contact" not in response.text

    own = await client.get(f"/api/v1/venues/{venues.venue_b}", headers=venues.manager_b.headers)
    assert own.json()["private_contact"]["email"] == "treasurer@home.example"
