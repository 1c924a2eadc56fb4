"""A listing's OpenActive activity over the API: a name from the Activity List or a concept's URL is stored as
the URL, an unknown one is a 400 that says what to give, and empty means "matched from the title"."""

from __future__ import annotations

import httpx

from scheduling.models import Activity
from scheduling.openactive.activity_list import by_label
from tests.factories import Account, Factory
from tests.pages.support import days_ahead, london

YOGA = by_label("Yoga")
PILATES = by_label("Pilates")


async def listed(client: httpx.AsyncClient, factory: Factory, **body: object) -> tuple[Account, httpx.Response]:
    booker = await factory.account("booker")
    venue = await factory.venue()
    space = await factory.space(venue)
    day = days_ahead(3)
    booking = await factory.booking(space, london(day, 10), london(day, 11), booked_by=booker.id, venue=venue.id)
    response = await client.post(f"/api/v1/bookings/{booking.id}/activity", json=body, headers=booker.headers)
    return booker, response


async def stored(activity_id: int) -> str:
    row = await Activity.select(Activity.openactive_activity).where(Activity.id == activity_id).first()
    assert row is not None
    return str(row["openactive_activity"])


async def test_a_name_from_the_list_is_stored_as_its_concepts_url(client: httpx.AsyncClient, factory: Factory) -> None:
    assert YOGA is not None
    _, made = await listed(client, factory, title="Stretch and breathe", openactive_activity="yoga")

    assert made.status_code == 201, made.text
    body = made.json()
    assert (body["openactive_activity"], body["openactive_label"]) == (YOGA.id, "Yoga")
    assert await stored(body["id"]) == YOGA.id
    assert (await client.get(f"/api/v1/activities/{body['id']}")).json()["openactive_activity"] == YOGA.id


async def test_a_concepts_url_is_stored_and_empty_goes_back_to_matching_the_title(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    assert PILATES is not None
    booker, made = await listed(client, factory, title="Yoga for beginners")
    assert made.status_code == 201, made.text
    activity_id = made.json()["id"]
    assert (made.json()["openactive_activity"], made.json()["openactive_label"]) == ("", "Yoga")

    chosen = await client.patch(
        f"/api/v1/activities/{activity_id}", json={"openactive_activity": PILATES.id}, headers=booker.headers
    )
    assert chosen.status_code == 200, chosen.text
    assert chosen.json()["openactive_label"] == "Pilates" and await stored(activity_id) == PILATES.id

    cleared = await client.patch(
        f"/api/v1/activities/{activity_id}", json={"openactive_activity": ""}, headers=booker.headers
    )
    assert cleared.status_code == 200, cleared.text
    assert (cleared.json()["openactive_activity"], cleared.json()["openactive_label"]) == ("", "Yoga")


async def test_an_activity_the_list_does_not_have_is_a_400_naming_the_field_and_what_to_give(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    _, refused = await listed(client, factory, title="Knit and natter", openactive_activity="Knitting")

    assert refused.status_code == 400, refused.text
    problem = refused.json()
    assert "openactive_activity" in refused.text
    assert "not an activity on the OpenActive Activity List" in problem["detail"]
    assert await Activity.count() == 0

    booker, made = await listed(client, factory, title="Knit and natter")
    assert made.status_code == 201 and made.json()["openactive_label"] == "", "not a physical activity: not published"
    changed = await client.patch(
        f"/api/v1/activities/{made.json()['id']}",
        json={"openactive_activity": "https://openactive.io/activity-list#not-a-concept"},
        headers=booker.headers,
    )
    assert changed.status_code == 400, changed.text
    assert await stored(made.json()["id"]) == ""


async def test_none_in_any_case_is_the_choice_never_to_publish_and_is_described_in_the_schema(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    booker, made = await listed(client, factory, title="Yoga for beginners", openactive_activity="None")

    assert made.status_code == 201, made.text
    assert (made.json()["openactive_activity"], made.json()["openactive_label"]) == ("none", "")
    assert await stored(made.json()["id"]) == "none"
    chosen = await client.patch(
        f"/api/v1/activities/{made.json()['id']}", json={"openactive_activity": "yoga"}, headers=booker.headers
    )
    assert chosen.json()["openactive_label"] == "Yoga"
    again = await client.patch(
        f"/api/v1/activities/{made.json()['id']}", json={"openactive_activity": "NONE"}, headers=booker.headers
    )
    assert (again.json()["openactive_activity"], again.json()["openactive_label"]) == ("none", "")
    schema = (await client.get("/schema/openapi.json")).text
    assert "never published to OpenActive" in schema


async def test_a_title_naming_a_sport_in_a_category_that_is_not_one_is_not_published(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    booker, lunch = await listed(client, factory, title="Boxing Day lunch", category="lunch_club")
    assert lunch.status_code == 201 and lunch.json()["openactive_label"] == ""
    sport = await client.patch(
        f"/api/v1/activities/{lunch.json()['id']}", json={"category": "sport"}, headers=booker.headers
    )
    assert sport.json()["openactive_label"] == "Boxing"
