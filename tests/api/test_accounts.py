"""Signing in and out, and the site admins' account list."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.factories import PASSWORD, Factory
from venues.core.database import current_engine
from venues.models import VenueManager


async def test_login_me_and_logout(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account("pat")
    venue = await factory.venue(manager=manager)
    login = await client.post("/api/v1/auth/login", json={"email": manager.user.email.upper(), "password": PASSWORD})
    assert login.status_code == 200, login.text
    token = login.json()["token"]
    assert login.json()["user"]["manages_venue_ids"] == [venue.id]
    headers = {"Authorization": f"Bearer {token}"}

    me = await client.get("/api/v1/auth/me", headers=headers)
    assert me.json()["email"] == manager.user.email

    assert (await client.post("/api/v1/auth/logout", headers=headers)).status_code == 204
    after = await client.get("/api/v1/auth/me", headers=headers)
    assert after.status_code == 401


async def test_wrong_password_is_401_problem(client: httpx.AsyncClient, factory: Factory) -> None:
    account = await factory.account()
    response = await client.post("/api/v1/auth/login", json={"email": account.user.email, "password": "wrong password"})
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_domain_problem_types_are_kebab_case(client: httpx.AsyncClient, factory: Factory) -> None:
    admin = await factory.account(admin=True)
    missing = await client.get("/api/v1/spaces/424242")
    assert missing.json()["type"] == "https://commonroom.example/problems/not-found"
    bad_zone = await client.post(
        "/api/v1/venues", json={"name": "Hall", "slug": "hall", "timezone": "Mars/Olympus"}, headers=admin.headers
    )
    assert bad_zone.json()["type"] == "https://commonroom.example/problems/invalid-input"
    duplicate = await client.post(
        "/api/v1/users",
        json={"email": admin.user.email, "display_name": "Again", "password": "long enough"},
        headers=admin.headers,
    )
    assert duplicate.status_code == 409
    assert duplicate.json()["type"] == "https://commonroom.example/problems/conflict"


@pytest.fixture
def query_count(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every SQL statement the engine runs while the test does."""
    engine_class = type(current_engine())
    seen: list[str] = []
    original = engine_class.run_querystring

    async def counting(self: Any, querystring: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(str(querystring))
        return await original(self, querystring, *args, **kwargs)

    monkeypatch.setattr(engine_class, "run_querystring", counting)
    return seen


async def test_account_list_costs_the_same_queries_however_many_accounts(
    client: httpx.AsyncClient, factory: Factory, query_count: list[str]
) -> None:
    admin = await factory.account(admin=True)
    venues = [await factory.venue() for _ in range(3)]

    async def listing_queries() -> tuple[int, dict[int, list[int]]]:
        query_count.clear()
        response = await client.get("/api/v1/users", headers=admin.headers)
        assert response.status_code == 200
        return len(query_count), {user["id"]: user["manages_venue_ids"] for user in response.json()["items"]}

    first = await factory.account()
    await VenueManager(venue=venues[0].id, user=first.id).save()
    few_queries, few = await listing_queries()
    assert few[first.id] == [venues[0].id]

    for n in range(6):
        account = await factory.account()
        await VenueManager.insert(*[VenueManager(venue=venue.id, user=account.id) for venue in venues[: n % 3 + 1]])
    many_queries, many = await listing_queries()

    assert len(many) == 8
    assert many_queries == few_queries
    assert sorted(len(ids) for ids in many.values()) == [0, 1, 1, 1, 2, 2, 3, 3]
