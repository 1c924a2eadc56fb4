"""Every change to what a feed event shows (its activity, its venue's address, its space's or group's name)
moves its DTSTAMP and LAST-MODIFIED and raises its SEQUENCE, in public and private feeds alike, and a
SEQUENCE never goes back: calendar clients keep an event's text by UID until its SEQUENCE rises."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import icalendar

from scheduling.models import Activity, Booking, Group, Series
from tests.api.test_public_feeds import START_OF_TODAY, weekly_series
from tests.factories import Factory
from venues.models import Venue

LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


def events_by_key(body: bytes) -> dict[tuple[str, str], Any]:
    found = {}
    for event in icalendar.Calendar.from_ical(body).walk("VEVENT"):
        recurrence = event.get("RECURRENCE-ID")
        found[(str(event["UID"]), recurrence.to_ical().decode() if recurrence else "")] = event
    return found


def stamps(event: Any) -> tuple[int, datetime, datetime]:
    return int(event["SEQUENCE"]), event["DTSTAMP"].dt, event["LAST-MODIFIED"].dt


async def hall(client: httpx.AsyncClient, factory: Factory) -> dict[str, Any]:
    """A group's weekly listed series, a listed one-off and a private booking, every row last changed in 2020."""
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager, address="1 Church Lane")
    space = await factory.space(venue, name="Main hall")
    group = await factory.group(organiser=manager, name="Coffee Club")
    series, _ = await weekly_series(factory, space, weeks=4, group=group.id, title="Coffee morning")
    series_listing = await factory.activity(series=series, title="Coffee morning", category="coffee_morning")
    when = START_OF_TODAY + timedelta(days=2, hours=15)
    fair = await factory.booking(space, when, when + timedelta(hours=1), title="Fair", group=group.id)
    fair_listing = await factory.activity(booking=fair, title="Fair", category="family")
    later = when + timedelta(hours=3)
    private = await client.post(
        "/api/v1/bookings",
        headers=manager.headers,
        json={
            "space_id": space.id,
            "starts_at": later.isoformat(),
            "ends_at": (later + timedelta(hours=1)).isoformat(),
            "title": "Private",
            "group_id": group.id,
        },
    )
    assert private.status_code == 201 and private.json()["status"] == "confirmed", private.text
    for table in (Booking, Series, Activity, Venue, Group):
        await table.update({table.updated_at: LONG_AGO}, force=True)
    await Venue.update({Venue.shown_changed_at: LONG_AGO}, force=True)
    links = (await client.get("/api/v1/feeds/private", headers=manager.headers)).json()
    return {
        "manager": manager,
        "venue": venue,
        "space": space,
        "group": group,
        "series_listing": series_listing,
        "fair_listing": fair_listing,
        "private_feeds": [feed["links"]["url"].removeprefix("http://testserver") for feed in links],
    }


async def feeds(client: httpx.AsyncClient, place: dict[str, Any]) -> dict[str, dict[tuple[str, str], Any]]:
    paths = [
        f"/feeds/venues/{place['venue'].id}.ics",
        f"/feeds/spaces/{place['space'].id}.ics",
        *place["private_feeds"],
    ]
    found = {}
    for path in paths:
        response = await client.get(path)
        assert response.status_code == 200, path
        found[path] = events_by_key(response.content)
    return found


def assert_every_event_moved(before: dict[str, Any], after: dict[str, Any], shown: str | None = None) -> None:
    """Same UIDs, each with a higher SEQUENCE and a later DTSTAMP and LAST-MODIFIED (and ``shown`` in it)."""
    for path, events in before.items():
        assert after[path].keys() == events.keys(), path
        for key, event in events.items():
            old, new = stamps(event), stamps(after[path][key])
            assert new[0] > old[0], (path, key, old, new)
            assert new[1] > old[1] and new[2] > old[2], (path, key, old, new)
            if shown is not None:
                assert shown in after[path][key].to_ical().decode().replace("\r\n ", ""), (path, key)


async def test_a_venue_address_change_moves_every_event_at_the_venue(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    place = await hall(client, factory)
    before = await feeds(client, place)
    changed = await client.patch(
        f"/api/v1/venues/{place['venue'].id}", json={"address": "2 Mill Road"}, headers=place["manager"].headers
    )
    assert changed.status_code == 200, changed.text
    assert_every_event_moved(before, await feeds(client, place), shown="2 Mill Road")


async def test_a_space_rename_moves_every_event_in_the_space(client: httpx.AsyncClient, factory: Factory) -> None:
    place = await hall(client, factory)
    before = await feeds(client, place)
    renamed = await client.patch(
        f"/api/v1/spaces/{place['space'].id}", json={"name": "Garden room"}, headers=place["manager"].headers
    )
    assert renamed.status_code == 200, renamed.text
    assert_every_event_moved(before, await feeds(client, place), shown="Garden room")


async def test_a_group_rename_moves_every_event_that_names_the_group(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    place = await hall(client, factory)
    before = await feeds(client, place)
    renamed = await client.patch(
        f"/api/v1/groups/{place['group'].id}", json={"name": "Tea Club"}, headers=place["manager"].headers
    )
    assert renamed.status_code == 200, renamed.text
    after = await feeds(client, place)
    busy_feed = f"/feeds/spaces/{place['space'].id}.ics"
    busy = {key for key, event in before[busy_feed].items() if str(event["SUMMARY"]) == "Booked"}
    assert busy  # the private booking, anonymously: it does not show the group, so it need not move
    for key in busy:
        assert stamps(after[busy_feed][key]) == stamps(before[busy_feed][key])
        del before[busy_feed][key], after[busy_feed][key]
    assert_every_event_moved(before, after, shown="Tea Club")


async def test_an_activity_edit_moves_its_events_and_a_listing_made_again_never_lowers_the_sequence(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    place = await hall(client, factory)
    venue_feed = f"/feeds/venues/{place['venue'].id}.ics"
    before = {venue_feed: (await feeds(client, place))[venue_feed]}
    headers = place["manager"].headers
    for listing in (place["series_listing"], place["fair_listing"]):
        edited = await client.patch(
            f"/api/v1/activities/{listing.id}", json={"description": "Cake new this week"}, headers=headers
        )
        assert edited.status_code == 200, edited.text
    edited_feeds = {venue_feed: (await feeds(client, place))[venue_feed]}
    assert_every_event_moved(before, edited_feeds, shown="Cake new this week")

    fair = place["fair_listing"]
    assert (await client.delete(f"/api/v1/activities/{fair.id}", headers=headers)).status_code == 204
    again = await client.post(f"/api/v1/bookings/{fair.booking}/activity", json={"title": "Fair"}, headers=headers)
    assert again.status_code == 201, again.text
    final = events_by_key((await client.get(venue_feed)).content)
    (fair_key,) = [key for key, event in final.items() if str(event["SUMMARY"]) == "Fair"]
    assert stamps(final[fair_key])[0] > stamps(edited_feeds[venue_feed][fair_key])[0]


async def test_a_new_booking_or_new_hours_at_the_venue_leave_its_other_events_as_they_were(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    """Only what an event shows moves it: a busy hall's events do not all churn on every booking."""
    place = await hall(client, factory)
    before = await feeds(client, place)
    when = START_OF_TODAY + timedelta(days=5, hours=20)
    made = await client.post(
        "/api/v1/bookings",
        headers=place["manager"].headers,
        json={
            "space_id": place["space"].id,
            "starts_at": when.isoformat(),
            "ends_at": (when + timedelta(hours=1)).isoformat(),
            "title": "Quiz night",
            "is_public": True,
        },
    )
    assert made.status_code == 201, made.text
    described = await client.patch(
        f"/api/v1/venues/{place['venue'].id}", json={"description": "A new hall"}, headers=place["manager"].headers
    )
    assert described.status_code == 200, described.text
    after = await feeds(client, place)
    for path, events in before.items():
        for key, event in events.items():
            assert stamps(after[path][key]) == stamps(event), (path, key)
