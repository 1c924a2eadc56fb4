"""Bad input: every refusal is a 4xx problem+json naming the field, and nothing is half-written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

import httpx
import pytest

from api.app import app
from api.schemas import MULTI_LINE
from scheduling.models import Invoice
from tests.api.openapi_cases import Leaf, body_leaves, json_operations, query_parameters, string_path_parameters
from tests.factories import Account, Factory
from tests.pages.support import sign_in
from venues.core.timezones import FIRST_DAY, LAST_DAY
from venues.models import Area, ChargeRule, Closure, Extra, HireQuestion


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
        {"hours": [{"weekday": 0, "opens": "18:00", "closes": "18:00"}]},
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


# Generated from the OpenAPI document: every text field, date field, JSON body and query parameter.

DOC = app.openapi_schema.to_schema()
LEAVES = body_leaves(DOC)
TEXT = [leaf for leaf in LEAVES if "format" not in leaf.schema]
SINGLE_LINE_TEXT = [leaf for leaf in TEXT if leaf.schema.get("pattern") != MULTI_LINE]
MULTI_LINE_TEXT = [leaf for leaf in TEXT if leaf.schema.get("pattern") == MULTI_LINE]
DATES = [leaf for leaf in LEAVES if leaf.schema.get("format") in ("date", "date-time")]
QUERY = query_parameters(DOC)


@dataclass
class Ids:
    """A record behind every id a path can hold, so each request reaches its body; the admin may do everything."""

    admin: Account
    values: dict[str, int | str]

    def path(self, template: str) -> str:
        return template.format(**self.values, reference=self.values["booking_id"])


@pytest.fixture
async def ids(factory: Factory) -> Ids:
    admin = await factory.account("admin", admin=True)
    user = await factory.account("someone")
    venue = await factory.venue(manager=admin)
    space = await factory.space(venue)
    rate = await factory.rate(space, "standard", 1800)
    group = await factory.group(organiser=admin)
    series = await factory.series(space, date(2027, 6, 1), time(10), time(11))
    booking = await factory.booking(space, datetime(2027, 6, 1, 9, tzinfo=UTC), datetime(2027, 6, 1, 10, tzinfo=UTC))
    activity = await factory.activity(booking=booking)
    closure = Closure(venue=venue.id, starts_on=date(2027, 1, 1), ends_on=date(2027, 1, 2), reason="New Year")
    await closure.save()
    rule = ChargeRule(space=space.id, tier=rate.tier, kind="minimum", amount_minor=1000)
    await rule.save()
    extra = Extra(venue=venue.id, name="Projector")
    await extra.save()
    question = HireQuestion(venue=venue.id, prompt="Will alcohol be served?")
    await question.save()
    invoice = Invoice(venue=venue.id, number=1, reference="INV-000001", issued_on=date(2027, 1, 1), total_minor=1000)
    await invoice.save()
    area = Area(name="Valley", slug="valley")
    await area.save()
    values = {
        "venue_id": venue.id,
        "space_id": space.id,
        "tier_id": rate.tier,
        "group_id": group.id,
        "series_id": series.id,
        "booking_id": booking.id,
        "activity_id": activity.id,
        "closure_id": closure.id,
        "user_id": user.id,
        "rule_id": rule.id,
        "extra_id": extra.id,
        "question_id": question.id,
        "invoice_id": invoice.id,
        "area_id": area.id,
        "feed": "slots",
        # A feed's file name (/feeds/venues/{name}): the query is refused before the name is read.
        "name": f"{venue.id}.ics",
    }
    return Ids(admin, values)


def text_with(character: str) -> str:
    """Long enough for every minimum length, short enough for every maximum (a postcode's 16)."""
    return f"http://a{character}.org"


async def send(client: httpx.AsyncClient, ids: Ids, leaf: Leaf, value: Any) -> httpx.Response:
    return await client.request(leaf.method, ids.path(leaf.path), json=leaf.build(value), headers=ids.admin.headers)


def assert_refused(response: httpx.Response, field: str, *words: str) -> None:
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["field"] == field, problem
    for word in words:
        assert word in problem["detail"], problem


@pytest.mark.parametrize("leaf", TEXT, ids=[leaf.id for leaf in TEXT])
async def test_control_characters_in_any_text_field_are_a_400_naming_field_and_character(
    client: httpx.AsyncClient, ids: Ids, leaf: Leaf
) -> None:
    for character in "\x00\x1f\x7f":
        response = await send(client, ids, leaf, text_with(character))
        assert_refused(response, leaf.key, f"U+{ord(character):04X}")


@pytest.mark.parametrize("leaf", SINGLE_LINE_TEXT, ids=[leaf.id for leaf in SINGLE_LINE_TEXT])
async def test_single_line_fields_refuse_line_breaks_and_tabs(client: httpx.AsyncClient, ids: Ids, leaf: Leaf) -> None:
    for character in "\n\t\r\u2028":
        response = await send(client, ids, leaf, text_with(character))
        assert_refused(response, leaf.key, f"U+{ord(character):04X}")


@pytest.mark.parametrize("leaf", MULTI_LINE_TEXT, ids=[leaf.id for leaf in MULTI_LINE_TEXT])
async def test_multi_line_fields_take_line_feeds_tabs_and_crlf_but_no_lone_carriage_return(
    client: httpx.AsyncClient, ids: Ids, leaf: Leaf
) -> None:
    accepted = await send(client, ids, leaf, "line one\r\nline two\n\tindented")
    assert accepted.status_code != 400 or accepted.json().get("field") != leaf.key, accepted.text
    assert_refused(await send(client, ids, leaf, text_with("\r")), leaf.key, "U+000D")


@pytest.mark.parametrize("leaf", DATES, ids=[leaf.id for leaf in DATES])
async def test_dates_outside_the_supported_years_are_a_400_naming_the_field(
    client: httpx.AsyncClient, ids: Ids, leaf: Leaf
) -> None:
    for day in ["9999-12-31", "0001-01-01", "1999-12-31", "2201-01-01"]:
        value = day if leaf.schema["format"] == "date" else f"{day}T10:00:00"
        response = await send(client, ids, leaf, value)
        assert_refused(response, leaf.key.rsplit(".", 1)[-1], str(FIRST_DAY), str(LAST_DAY))


@pytest.mark.parametrize(("method", "path"), json_operations(DOC))
async def test_deeply_nested_json_is_a_400_on_every_route(
    client: httpx.AsyncClient, ids: Ids, method: str, path: str
) -> None:
    response = await client.request(
        method, ids.path(path), content=b"[" * 1000, headers={**ids.admin.headers, "content-type": "application/json"}
    )
    assert response.status_code == 400, response.text
    assert "nests" in response.json()["detail"]


@pytest.mark.parametrize(("path", "name", "declared"), QUERY, ids=[f"{q[0]} {q[1]}" for q in QUERY])
async def test_query_values_with_control_characters_or_unsupported_dates_are_a_declared_400(
    client: httpx.AsyncClient, ids: Ids, path: str, name: str, declared: str
) -> None:
    for value in ["a\x00b", "9999-12-31", "0001-01-01T00:00:00"]:
        response = await client.get(ids.path(path), params={name: value}, headers=ids.admin.headers)
        assert_refused(response, name)
    assert "400" in declared.split(","), f"{path} can answer 400 but does not declare it"


@pytest.mark.parametrize(("path", "name", "declared"), string_path_parameters(DOC))
async def test_control_characters_in_a_path_are_a_declared_400(
    client: httpx.AsyncClient, ids: Ids, path: str, name: str, declared: str
) -> None:
    response = await client.get(ids.path(path.replace("{" + name + "}", "a%00b")), headers=ids.admin.headers)
    assert_refused(response, name, "U+0000")
    assert "400" in declared.split(","), f"{path} can answer 400 but does not declare it"


async def test_a_closure_already_stored_to_year_9999_leaves_availability_bookings_and_pages_working(
    client: httpx.AsyncClient, ids: Ids
) -> None:
    venue_id, space_id = ids.values["venue_id"], ids.values["space_id"]
    await Closure(venue=venue_id, starts_on=date(2027, 7, 1), ends_on=date(9999, 12, 31), reason="For ever").save()
    await Closure(venue=venue_id, starts_on=date(1, 1, 1), ends_on=date(2000, 1, 1), reason="Long ago").save()
    headers = ids.admin.headers
    window = {"from": "2027-06-28T00:00:00", "to": "2027-07-05T00:00:00"}
    available = await client.get(f"/api/v1/spaces/{space_id}/availability", params=window, headers=headers)
    assert available.status_code == 200, available.text
    assert available.json()["free"][-1]["ends_at"] < "2027-07-01", "open after the closure started"
    booking = {"space_id": space_id, "starts_at": "2027-07-02T10:00:00", "ends_at": "2027-07-02T11:00:00"}
    refused = await client.post("/api/v1/bookings", json=booking, headers=headers)
    assert refused.status_code == 422, refused.text
    await sign_in(client, ids.admin)
    for page in (f"/book/spaces/{space_id}?week=2027-06-28", f"/desk/venues/{venue_id}/week?week=2027-06-28"):
        shown = await client.get(page)
        assert shown.status_code == 200, page


@pytest.mark.parametrize(
    ("path", "member"),
    [
        ("/api/v1/venues/{venue_id}", "description"),
        ("/api/v1/venues/{venue_id}", "address"),
        ("/api/v1/spaces/{space_id}", "description"),
        ("/api/v1/groups/{group_id}", "description"),
        ("/api/v1/activities/{activity_id}", "accessibility_notes"),
        ("/api/v1/bookings/{booking_id}", "purpose"),
        ("/api/v1/areas/{area_id}", "description"),
    ],
)
async def test_line_feeds_and_tabs_in_multi_line_fields_round_trip(
    client: httpx.AsyncClient, ids: Ids, path: str, member: str
) -> None:
    text = "Side door, then:\n\tup the stairs\n\tfirst left"
    saved = await client.patch(ids.path(path), json={member: text}, headers=ids.admin.headers)
    assert saved.status_code == 200, saved.text
    assert (await client.get(ids.path(path), headers=ids.admin.headers)).json()[member] == text


def test_every_operation_declares_its_400_and_503_as_problem_json() -> None:
    """Any path or query value can be refused before the route runs, and any request can meet a busy database."""
    wrong = [
        f"{method.upper()} {path} {status}: {sorted(operation['responses'].get(status, {}).get('content', {}))}"
        for path, item in DOC["paths"].items()
        if not path.startswith("/schema")
        for method, operation in item.items()
        if method in ("get", "head", "post", "put", "patch", "delete")
        for status in ("400", "503")
        if list(operation["responses"].get(status, {}).get("content", {})) != ["application/problem+json"]
    ]
    assert wrong == []
