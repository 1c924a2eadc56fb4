"""Bad input: every refusal is a 4xx problem+json naming the field, and nothing is half-written."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.factories import Account, Factory


@dataclass
class World:
    manager: Account
    admin: Account
    venue_id: int
    space_id: int
    tier_id: int
    free_tier_id: int


@pytest.fixture
async def world(factory: Factory) -> World:
    manager = await factory.account("manager")
    admin = await factory.account("admin", admin=True)
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    standard = await factory.rate(space, "standard", 1800)
    free = await factory.rate(space, "free", 0)
    return World(manager, admin, venue.id, space.id, standard.tier, free.tier)


VENUE = {"name": "Hall", "slug": "a-hall"}
SPACE = {"name": "Room", "capacity": 10}
CLOSURE = {"starts_on": "2027-01-01", "ends_on": "2027-01-02", "reason": "New Year"}

# (method, path, body, field); paths are filled from the world, and admins send venue creates.
CASES: list[tuple[str, str, Any, str]] = [
    ("POST", "/api/v1/venues", {**VENUE, "colour": "red"}, "colour"),
    ("POST", "/api/v1/venues", {**VENUE, "timezone": "Mars/Olympus"}, "timezone"),
    ("POST", "/api/v1/venues", {**VENUE, "timezone": "Europe"}, "timezone"),
    ("POST", "/api/v1/venues", {**VENUE, "name": "x" * 201}, "name"),
    ("POST", "/api/v1/venues", {**VENUE, "name": 42}, "name"),
    ("POST", "/api/v1/venues", {**VENUE, "latitude": "north"}, "latitude"),
    ("POST", "/api/v1/venues", {**VENUE, "slug": "Not A Slug"}, "slug"),
    ("POST", "/api/v1/venues", {**VENUE, "accessibility": ["wings"]}, "accessibility[0]"),
    ("PATCH", "/api/v1/venues/{venue_id}", {"timezone": "Mars/Olympus"}, "timezone"),
    ("PATCH", "/api/v1/venues/{venue_id}", {"name": ""}, "name"),
    ("PATCH", "/api/v1/venues/{venue_id}", {"archived": "yes please"}, "archived"),
    ("POST", "/api/v1/venues/{venue_id}/spaces", {**SPACE, "capacity": 0}, "capacity"),
    ("POST", "/api/v1/venues/{venue_id}/spaces", {**SPACE, "capacity": "lots"}, "capacity"),
    ("POST", "/api/v1/venues/{venue_id}/spaces", {**SPACE, "name": "x" * 201}, "name"),
    ("POST", "/api/v1/venues/{venue_id}/spaces", {**SPACE, "size": "big"}, "size"),
    ("POST", "/api/v1/venues/{venue_id}/spaces", {**SPACE, "kind": "ballroom"}, "kind"),
    ("POST", "/api/v1/venues/{venue_id}/spaces", {**SPACE, "cleanup_buffer_minutes": 241}, "cleanup_buffer_minutes"),
    ("POST", "/api/v1/venues/{venue_id}/spaces", {**SPACE, "setup_buffer_minutes": -5}, "setup_buffer_minutes"),
    ("POST", "/api/v1/venues/{venue_id}/spaces", {**SPACE, "horizon_days": 1096}, "horizon_days"),
    ("POST", "/api/v1/venues/{venue_id}/spaces", {**SPACE, "horizon_days": 0}, "horizon_days"),
    (
        "POST",
        "/api/v1/venues/{venue_id}/spaces",
        {**SPACE, "min_notice_minutes": 2 * 1440, "horizon_days": 1},
        "min_notice_minutes",
    ),
    ("POST", "/api/v1/venues/{venue_id}/spaces", {**SPACE, "part_ids": [0, 1]}, "part_ids[0]"),
    ("POST", "/api/v1/venues/{venue_id}/spaces", {"capacity": 10}, "name"),
    ("PATCH", "/api/v1/spaces/{space_id}", {"capacity": 0}, "capacity"),
    ("PATCH", "/api/v1/spaces/{space_id}", {"min_booking_minutes": 600}, "min_booking_minutes"),
    ("PATCH", "/api/v1/spaces/{space_id}", {"facilities": ["jacuzzi"]}, "facilities[0]"),
    (
        "PUT",
        "/api/v1/venues/{venue_id}/opening-hours",
        {"hours": [{"weekday": 0, "opens": "18:00", "closes": "08:00"}]},
        "hours[0].closes",
    ),
    (
        "PUT",
        "/api/v1/venues/{venue_id}/opening-hours",
        {"hours": [{"weekday": "monday", "opens": "08:00", "closes": "18:00"}]},
        "hours[0].weekday",
    ),
    (
        "PUT",
        "/api/v1/spaces/{space_id}/opening-hours",
        {"hours": [{"weekday": 0, "opens": "08:00"}]},
        "hours[0].closes",
    ),
    ("PUT", "/api/v1/spaces/{space_id}/opening-hours", {"hours": "always"}, "hours"),
    ("POST", "/api/v1/venues/{venue_id}/closures", {**CLOSURE, "ends_on": "2026-12-31"}, "ends_on"),
    ("POST", "/api/v1/venues/{venue_id}/closures", {**CLOSURE, "starts_on": "tomorrow"}, "starts_on"),
    ("POST", "/api/v1/venues/{venue_id}/closures", {**CLOSURE, "reason": "x" * 201}, "reason"),
    ("POST", "/api/v1/venues/{venue_id}/closures", {**CLOSURE, "space_id": 2**40}, "space_id"),
    ("POST", "/api/v1/venues/{venue_id}/closures", {**CLOSURE, "why": "x"}, "why"),
    ("POST", "/api/v1/venues/{venue_id}/price-tiers", {"kind": "vip", "name": "VIP"}, "kind"),
    ("POST", "/api/v1/venues/{venue_id}/price-tiers", {"kind": "standard", "name": "x" * 101}, "name"),
    ("PATCH", "/api/v1/price-tiers/{tier_id}", {"position": -1}, "position"),
    ("PATCH", "/api/v1/price-tiers/{tier_id}", {"price": 5}, "price"),
    (
        "PUT",
        "/api/v1/spaces/{space_id}/rates",
        {"rates": [{"tier_id": "{tier_id}", "hourly_rate_minor": -100}]},
        "rates[0].hourly_rate_minor",
    ),
    (
        "PUT",
        "/api/v1/spaces/{space_id}/rates",
        {"rates": [{"tier_id": "{tier_id}", "hourly_rate_minor": 9.99}]},
        "rates[0].hourly_rate_minor",
    ),
    (
        "PUT",
        "/api/v1/spaces/{space_id}/rates",
        {"rates": [{"tier_id": "{free_tier_id}", "hourly_rate_minor": 1}]},
        "rates[0].hourly_rate_minor",
    ),
    (
        "PUT",
        "/api/v1/spaces/{space_id}/rates",
        {"rates": [{"tier_id": "{tier_id}", "hourly_rate_minor": 1, "currency": "gbp"}]},
        "rates[0].currency",
    ),
    ("POST", "/api/v1/users", {"email": "not-an-email", "display_name": "X", "password": "long enough"}, "email"),
    ("POST", "/api/v1/auth/login", {"email": "a@b.example", "password": "short"}, "password"),
]


def fill(value: Any, world: World) -> Any:
    ids = {
        "venue_id": world.venue_id,
        "space_id": world.space_id,
        "tier_id": world.tier_id,
        "free_tier_id": world.free_tier_id,
    }
    if isinstance(value, str):
        for name, number in ids.items():
            if value == "{" + name + "}":
                return number
        return value.format(**ids) if "{" in value else value
    if isinstance(value, list):
        return [fill(item, world) for item in value]
    if isinstance(value, dict):
        return {key: fill(item, world) for key, item in value.items()}
    return value


async def snapshot(client: httpx.AsyncClient, world: World) -> list[Any]:
    paths = [
        "/api/v1/venues",
        f"/api/v1/venues/{world.venue_id}",
        f"/api/v1/venues/{world.venue_id}/spaces",
        f"/api/v1/venues/{world.venue_id}/opening-hours",
        f"/api/v1/spaces/{world.space_id}/opening-hours",
        f"/api/v1/venues/{world.venue_id}/closures",
        f"/api/v1/venues/{world.venue_id}/price-tiers",
        f"/api/v1/spaces/{world.space_id}/rates",
    ]
    return [(await client.get(path, headers=world.admin.headers)).json() for path in paths]


@pytest.mark.parametrize(("method", "path", "body", "field"), CASES, ids=[f"{c[0]} {c[1]} {c[3]}" for c in CASES])
async def test_bad_input_is_a_400_problem_naming_the_field_and_changes_nothing(
    client: httpx.AsyncClient, world: World, method: str, path: str, body: Any, field: str
) -> None:
    headers = world.admin.headers if path in ("/api/v1/venues", "/api/v1/users") else world.manager.headers
    before = await snapshot(client, world)

    response = await client.request(method, fill(path, world), json=fill(body, world), headers=headers)

    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == 400
    assert problem["field"] == field
    assert len(problem["detail"]) > 10
    assert await snapshot(client, world) == before


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"", b"[]", b"null", b'"a string"', b'{"name": "\xff\xfe"}'],
    ids=["broken", "empty", "array", "null", "string", "bad utf-8"],
)
async def test_bodies_that_are_not_the_expected_object_are_400(
    client: httpx.AsyncClient, world: World, content: bytes
) -> None:
    response = await client.post(
        f"/api/v1/venues/{world.venue_id}/spaces",
        content=content,
        headers={**world.manager.headers, "content-type": "application/json"},
    )
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/venues/99999999999999999999999",
        "/api/v1/spaces/9223372036854775808",
        "/api/v1/spaces/2147483648/rates",
        "/api/v1/venues/0/closures",
        "/api/v1/venues/-3/spaces",
    ],
)
async def test_ids_no_record_can_have_are_404_not_500(client: httpx.AsyncClient, world: World, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_huge_ids_on_guarded_routes_are_404(client: httpx.AsyncClient, world: World) -> None:
    huge = 2**70
    responses = [
        await client.delete(f"/api/v1/closures/{huge}", headers=world.manager.headers),
        await client.patch(f"/api/v1/price-tiers/{huge}", json={"name": "x"}, headers=world.manager.headers),
        await client.delete(f"/api/v1/venues/{world.venue_id}/managers/{huge}", headers=world.manager.headers),
    ]
    assert [response.status_code for response in responses] == [404, 404, 404]
