"""What the public sees of a booking: a confirmed public one's listing fields, never its purpose or booker;
anything else is a 404, the same as an unknown id, in the API, on the activity pages and in the feeds."""

from __future__ import annotations

import httpx

from tests.api.test_activities import activity_body
from tests.bookings_support import book, future_day, local
from tests.factories import Factory

MARKER = "ZZHIDDEN"


async def test_a_public_booking_is_a_404_to_the_public_until_confirmed_and_never_shows_its_purpose(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    booker = await factory.account("booker")
    stranger = await factory.account("stranger")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    day = future_day()
    created = await book(
        client,
        booker,
        space.id,
        local(day, "14:00"),
        local(day, "16:00"),
        is_public=True,
        title="Open day",
        purpose=f"{MARKER}purpose",
        booker={"name": f"{MARKER}name"},
    )
    booking = created.json()
    assert booking["status"] == "requested"
    listed = await client.post(
        f"/api/v1/bookings/{booking['id']}/activity", json=activity_body(title="Open day"), headers=booker.headers
    )
    assert listed.status_code == 201, listed.text
    activity_id = listed.json()["id"]
    unknown = await client.get("/api/v1/bookings/999999")

    requested_paths = (
        f"/api/v1/bookings/{booking['id']}",
        f"/api/v1/activities/{activity_id}",
        f"/activities/{activity_id}",
        f"/activities/{activity_id}/calendar.ics",
    )
    for headers in ({}, stranger.headers):
        for path in requested_paths:
            hidden = await client.get(path, headers=headers)
            assert hidden.status_code == 404, (path, hidden.status_code)
            assert MARKER not in hidden.text and "Open day" not in hidden.text, path
        refused = await client.get(f"/api/v1/bookings/{booking['id']}", headers=headers)
        assert refused.headers["content-type"] == unknown.headers["content-type"]
        assert (
            refused.json()["status"] == unknown.json()["status"] and refused.json()["title"] == unknown.json()["title"]
        )
    assert (await client.get(f"/api/v1/bookings/{booking['id']}", headers=booker.headers)).json()[
        "purpose"
    ] == f"{MARKER}purpose"

    assert (await client.post(f"/api/v1/bookings/{booking['id']}/confirm", headers=manager.headers)).status_code == 200
    for headers in ({}, stranger.headers):
        for path in (
            *requested_paths,
            f"/feeds/venues/{venue.id}.ics",
            f"/feeds/spaces/{space.id}.ics",
            f"/api/v1/whats-on?venue_id={venue.id}&from={day}T00:00:00Z&to={day}T23:59:59Z",
        ):
            shown = await client.get(path, headers=headers)
            assert shown.status_code == 200, path
            assert "Open day" in shown.text.replace("\r\n ", ""), path
            assert MARKER not in shown.text.replace("\r\n ", ""), path


async def test_a_private_confirmed_booking_is_a_404_to_everyone_not_involved(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    stranger = await factory.account("stranger")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    day = future_day()
    created = await book(
        client,
        manager,
        space.id,
        local(day, "09:00"),
        local(day, "10:00"),
        title=f"{MARKER}title",
        purpose=f"{MARKER}purpose",
    )
    assert created.json()["status"] == "confirmed" and created.json()["is_public"] is False
    for headers in ({}, stranger.headers):
        hidden = await client.get(f"/api/v1/bookings/{created.json()['id']}", headers=headers)
        assert hidden.status_code == 404 and MARKER not in hidden.text
    assert (await client.get(f"/api/v1/bookings/{created.json()['id']}", headers=manager.headers)).status_code == 200
