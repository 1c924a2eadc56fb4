"""Venues, spaces, groups and activities carry their words in English (``name``/``title``/``description``) and
Welsh (``name_cy``/``title_cy``/``description_cy``) over the API: given, read back, changed, refused when too
long with a 400 naming the field, and a change of a Welsh name moves the SEQUENCE of the feed events showing it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from scheduling.models import Activity
from tests.api.test_activities import START, activity_body
from tests.api.test_feed_event_changes import feeds, hall, stamps
from tests.factories import Factory
from venues.models import Venue

WELSH_NAME = "Neuadd Bentref Cors Fach"
WELSH_TEXT = "Neuadd i bawb.\nCroeso cynnes."


def assert_sequences_rose(before: dict[str, Any], after: dict[str, Any]) -> None:
    """Same events, each with a higher SEQUENCE (changes a second apart may share a DTSTAMP, whole seconds)."""
    for path, events in before.items():
        assert after[path].keys() == events.keys(), path
        for key, event in events.items():
            assert stamps(after[path][key])[0] > stamps(event)[0], (path, key)


def assert_welsh(body: dict[str, Any], name_field: str, name: str, text: str) -> None:
    assert (body[name_field], body["description_cy"]) == (name, text), body


async def test_a_venue_keeps_its_welsh_name_and_description(client: httpx.AsyncClient, factory: Factory) -> None:
    admin = await factory.account("admin", admin=True)
    created = await client.post(
        "/api/v1/venues",
        json={
            "name": "Little Marsh Village Hall",
            "slug": "little-marsh",
            "name_cy": WELSH_NAME,
            "description_cy": WELSH_TEXT,
        },
        headers=admin.headers,
    )
    assert created.status_code == 201, created.text
    assert_welsh(created.json(), "name_cy", WELSH_NAME, WELSH_TEXT)
    venue_id = created.json()["id"]
    public = (await client.get(f"/api/v1/venues/{venue_id}")).json()  # the public reads the Welsh too
    assert_welsh(public, "name_cy", WELSH_NAME, WELSH_TEXT)
    assert "private_contact" not in public
    changed = await client.patch(
        f"/api/v1/venues/{venue_id}", json={"name_cy": "Neuadd Cors Fach", "description_cy": ""}, headers=admin.headers
    )
    assert changed.status_code == 200, changed.text
    assert_welsh(changed.json(), "name_cy", "Neuadd Cors Fach", "")
    assert changed.json()["name"] == "Little Marsh Village Hall"
    listed = (await client.get("/api/v1/venues", params={"slug": "little-marsh"})).json()["items"]
    assert_welsh(listed[0], "name_cy", "Neuadd Cors Fach", "")


async def test_a_space_keeps_its_welsh_name_and_description(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    created = await client.post(
        f"/api/v1/venues/{venue.id}/spaces",
        json={"name": "Main hall", "capacity": 80, "name_cy": "Prif neuadd", "description_cy": WELSH_TEXT},
        headers=manager.headers,
    )
    assert created.status_code == 201, created.text
    assert_welsh(created.json(), "name_cy", "Prif neuadd", WELSH_TEXT)
    space_id = created.json()["id"]
    changed = await client.patch(
        f"/api/v1/spaces/{space_id}", json={"name_cy": "Y neuadd fawr"}, headers=manager.headers
    )
    assert changed.status_code == 200, changed.text
    public = (await client.get(f"/api/v1/spaces/{space_id}")).json()
    assert_welsh(public, "name_cy", "Y neuadd fawr", WELSH_TEXT)
    listed = (await client.get(f"/api/v1/venues/{venue.id}/spaces")).json()["items"]
    assert_welsh(listed[0], "name_cy", "Y neuadd fawr", WELSH_TEXT)


async def test_a_group_keeps_its_welsh_name_and_description_and_is_found_by_either_name(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    organiser = await factory.account("organiser")
    created = await client.post(
        "/api/v1/groups",
        json={"name": "Coffee Club", "name_cy": "Clwb Coffi", "description_cy": "Paned a sgwrs."},
        headers=organiser.headers,
    )
    assert created.status_code == 201, created.text
    assert_welsh(created.json(), "name_cy", "Clwb Coffi", "Paned a sgwrs.")
    group_id = created.json()["id"]
    changed = await client.patch(
        f"/api/v1/groups/{group_id}", json={"description_cy": WELSH_TEXT}, headers=organiser.headers
    )
    assert changed.status_code == 200, changed.text
    public = (await client.get(f"/api/v1/groups/{group_id}")).json()
    assert_welsh(public, "name_cy", "Clwb Coffi", WELSH_TEXT)
    assert "private_contact" not in public and "billing" not in public
    for search in ("clwb", "coffee"):
        found = (await client.get("/api/v1/groups", params={"name": search})).json()["items"]
        assert [group["id"] for group in found] == [group_id], search


async def test_an_activity_keeps_its_welsh_title_and_description_and_search_finds_them(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    booking = await factory.booking(space, START, START + START.resolution * 7200)
    created = await client.post(
        f"/api/v1/bookings/{booking.id}/activity",
        json=activity_body(title_cy="Gwau a Sgwrsio", description_cy="Dewch â'ch gweill."),
        headers=manager.headers,
    )
    assert created.status_code == 201, created.text
    assert (created.json()["title_cy"], created.json()["description_cy"]) == ("Gwau a Sgwrsio", "Dewch â'ch gweill.")
    activity_id = created.json()["id"]
    changed = await client.patch(
        f"/api/v1/activities/{activity_id}", json={"title_cy": "Gwau a Sgwrs"}, headers=manager.headers
    )
    assert changed.status_code == 200, changed.text
    read = (await client.get(f"/api/v1/activities/{activity_id}")).json()
    assert (read["title"], read["title_cy"], read["description_cy"]) == (
        "Knit and Natter",
        "Gwau a Sgwrs",
        "Dewch â'ch gweill.",
    )
    stored = await Activity.objects().where(Activity.id == activity_id).first()
    assert stored is not None and "gwau a sgwrs" in stored.search_text and "dewch a'ch gweill." in stored.search_text


LONG_NAME, LONG_TEXT = "x" * 201, "x" * 5001


@pytest.mark.parametrize(
    ("field", "value"),
    [("name_cy", LONG_NAME), ("description_cy", LONG_TEXT), ("name_cy", "Un\nllinell")],
)
async def test_an_overlong_or_broken_welsh_value_is_a_400_naming_the_field(
    client: httpx.AsyncClient, factory: Factory, field: str, value: str
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    group = await factory.group(organiser=manager)
    booking = await factory.booking(space, START, START + START.resolution * 3600)
    activity = await factory.activity(booking=booking, title="Quiz")
    activity_field = field.replace("name", "title")
    for method, path, body in (
        ("PATCH", f"/api/v1/venues/{venue.id}", {field: value}),
        ("POST", f"/api/v1/venues/{venue.id}/spaces", {"name": "Annexe", "capacity": 10, field: value}),
        ("PATCH", f"/api/v1/spaces/{space.id}", {field: value}),
        ("POST", "/api/v1/groups", {"name": "Choir", field: value}),
        ("PATCH", f"/api/v1/groups/{group.id}", {field: value}),
        ("PATCH", f"/api/v1/activities/{activity.id}", {activity_field: value}),
    ):
        response = await client.request(method, path, json=body, headers=manager.headers)
        assert response.status_code == 400, (path, response.text)
        assert response.json()["field"] == (activity_field if "activities" in path else field), response.json()
    stored = await Venue.objects().where(Venue.id == venue.id).first()
    assert stored is not None and stored.name_cy == ""


async def test_a_welsh_name_change_moves_every_event_that_shows_it(client: httpx.AsyncClient, factory: Factory) -> None:
    place = await hall(client, factory)
    headers = place["manager"].headers
    for path, body in (
        (f"/api/v1/venues/{place['venue'].id}", {"name_cy": "Neuadd y Llan"}),
        (f"/api/v1/spaces/{place['space'].id}", {"name_cy": "Y brif neuadd"}),
    ):
        before = await feeds(client, place)
        changed = await client.patch(path, json=body, headers=headers)
        assert changed.status_code == 200, changed.text
        assert_sequences_rose(before, await feeds(client, place))

    before = await feeds(client, place)
    renamed = await client.patch(f"/api/v1/groups/{place['group'].id}", json={"name_cy": "Clwb Te"}, headers=headers)
    assert renamed.status_code == 200, renamed.text
    after = await feeds(client, place)
    busy_feed = f"/feeds/spaces/{place['space'].id}.ics"
    for key, event in list(before[busy_feed].items()):
        if str(event["SUMMARY"]) == "Booked":  # a private booking shows no group
            del before[busy_feed][key], after[busy_feed][key]
    assert_sequences_rose(before, after)


async def test_a_welsh_description_of_the_venue_leaves_its_events_as_they_were(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    """Events show no venue description, in either language: their SEQUENCE stays."""
    place = await hall(client, factory)
    before = await feeds(client, place)
    described = await client.patch(
        f"/api/v1/venues/{place['venue'].id}",
        json={"description_cy": "Neuadd newydd"},
        headers=place["manager"].headers,
    )
    assert described.status_code == 200, described.text
    after = await feeds(client, place)
    for path, events in before.items():
        for key, event in events.items():
            assert stamps(after[path][key]) == stamps(event), (path, key)
