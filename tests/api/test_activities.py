"""Activities over HTTP: listing on bookings and series, validation, who may, and when the public sees them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import httpx

from scheduling.models import Activity, Booking
from tests.factories import Account, Factory
from venues.models import Space, Venue

START = datetime(2027, 3, 2, 10, 0, tzinfo=UTC)


def activity_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Knit and Natter",
        "description": "Bring your needles; tea provided.",
        "category": "arts_and_crafts",
        "tags": ["Knitting ", "crafts"],
        "audience": "older_people",
        "cost": {"kind": "pay_what_you_can"},
        "book_ahead": False,
        "accessibility_notes": "Step-free entrance from the car park.",
        "contact": {"email": "knit@example.org", "phone": "01234 567890", "url": "https://knit.example.org"},
    }
    body.update(overrides)
    return body


async def venue_version(venue: Venue) -> int:
    return (await Venue.select(Venue.version).where(Venue.id == venue.id).first())["version"]


async def setting(factory: Factory) -> tuple[Account, Venue, Space]:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    return manager, venue, await factory.space(venue)


async def test_booker_lists_changes_and_removes_an_activity_and_each_change_bumps_the_venue(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    _, venue, space = await setting(factory)
    booker = await factory.account("booker")
    booking = await factory.booking(space, START, START + timedelta(hours=2), booked_by=booker.id)
    version = await venue_version(venue)

    created = await client.post(f"/api/v1/bookings/{booking.id}/activity", json=activity_body(), headers=booker.headers)
    assert created.status_code == 201, created.text
    activity = created.json()
    assert activity["booking_id"] == booking.id and activity["series_id"] is None
    assert activity["venue_id"] == venue.id
    assert activity["tags"] == ["knitting", "crafts"]
    assert activity["cost"] == {"kind": "pay_what_you_can", "price_minor": 0, "currency": "GBP"}
    assert activity["contact"]["url"] == "https://knit.example.org"
    assert activity["listed"] is True
    assert activity["url"] == f"http://testserver/api/v1/activities/{activity['id']}"
    assert await venue_version(venue) == version + 1

    public = await client.get(f"/api/v1/activities/{activity['id']}")
    assert public.status_code == 200
    assert public.json()["title"] == "Knit and Natter"

    changed = await client.patch(
        f"/api/v1/activities/{activity['id']}",
        json={"cost": {"kind": "priced", "price_minor": 350}, "tags": ["Wool"]},
        headers=booker.headers,
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["cost"] == {"kind": "priced", "price_minor": 350, "currency": "GBP"}
    assert changed.json()["tags"] == ["wool"]
    assert changed.json()["title"] == "Knit and Natter"
    assert await venue_version(venue) == version + 2

    removed = await client.delete(f"/api/v1/activities/{activity['id']}", headers=booker.headers)
    assert removed.status_code == 204
    assert await venue_version(venue) == version + 3
    assert (await client.get(f"/api/v1/activities/{activity['id']}")).status_code == 404
    assert await Booking.exists().where(Booking.id == booking.id)


async def test_series_activity_by_its_booker_organisers_and_managers(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, _, space = await setting(factory)
    organiser = await factory.account("organiser")
    booker = await factory.account("booker")
    stranger = await factory.account("stranger")
    group = await factory.group(organiser)
    series = await factory.series(space, date(2027, 3, 2), time(10), time(12), group=group.id, booked_by=booker.id)

    refused = await client.post(f"/api/v1/series/{series.id}/activity", json=activity_body(), headers=stranger.headers)
    assert refused.status_code == 403
    for who in (booker, organiser, manager):
        created = await client.post(f"/api/v1/series/{series.id}/activity", json=activity_body(), headers=who.headers)
        assert created.status_code == 201, created.text
        assert created.json()["series_id"] == series.id and created.json()["booking_id"] is None
        removed = await client.delete(f"/api/v1/activities/{created.json()['id']}", headers=who.headers)
        assert removed.status_code == 204
    assert await Activity.count() == 0


async def test_group_organisers_and_venue_managers_may_change_a_booking_activity_but_nobody_else(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, _, space = await setting(factory)
    organiser = await factory.account("organiser")
    other_organiser = await factory.account("other")
    other_manager = await factory.account("other-manager")
    await factory.venue(manager=other_manager)
    group = await factory.group(organiser)
    await factory.group(other_organiser)
    booking = await factory.booking(space, START, START + timedelta(hours=1), group=group.id)

    assert (await client.post(f"/api/v1/bookings/{booking.id}/activity", json=activity_body())).status_code == 401
    for outsider in (other_organiser, other_manager):
        response = await client.post(
            f"/api/v1/bookings/{booking.id}/activity", json=activity_body(), headers=outsider.headers
        )
        assert response.status_code == 403, response.text

    created = await client.post(
        f"/api/v1/bookings/{booking.id}/activity", json=activity_body(), headers=organiser.headers
    )
    assert created.status_code == 201
    activity_id = created.json()["id"]

    patched = await client.patch(
        f"/api/v1/activities/{activity_id}", json={"title": "Managed"}, headers=manager.headers
    )
    assert patched.status_code == 200 and patched.json()["title"] == "Managed"
    other = await client.patch(
        f"/api/v1/activities/{activity_id}", json={"title": "Hijack"}, headers=other_organiser.headers
    )
    assert other.status_code == 403
    assert (await client.patch(f"/api/v1/activities/{activity_id}", json={"title": "Anon"})).status_code == 401
    assert (await client.delete(f"/api/v1/activities/{activity_id}", headers=other_manager.headers)).status_code == 403
    assert (await client.delete(f"/api/v1/activities/{activity_id}")).status_code == 401
    assert (await Activity.select(Activity.title).first())["title"] == "Managed"


async def test_unknown_ids_are_404_before_anything_else(client: httpx.AsyncClient, factory: Factory) -> None:
    someone = await factory.account()
    for method, path in (
        ("POST", "/api/v1/bookings/999999/activity"),
        ("POST", "/api/v1/series/999999/activity"),
        ("GET", "/api/v1/activities/999999"),
        ("PATCH", "/api/v1/activities/999999"),
        ("DELETE", "/api/v1/activities/999999"),
        ("GET", "/api/v1/activities/99999999999"),
    ):
        body = activity_body() if method in ("POST", "PATCH") else None
        for headers in ({}, someone.headers):
            response = await client.request(method, path, json=body, headers=headers)
            assert response.status_code == 404, (method, path, response.text)


async def test_bad_listings_are_refused_and_nothing_is_written(client: httpx.AsyncClient, factory: Factory) -> None:
    _, venue, space = await setting(factory)
    booker = await factory.account("booker")
    booking = await factory.booking(space, START, START + timedelta(hours=1), booked_by=booker.id)
    version = await venue_version(venue)

    for bad, field in (
        (activity_body(cost={"kind": "priced", "price_minor": 0}), "cost.price_minor"),
        (activity_body(cost={"kind": "priced"}), "cost.price_minor"),
        (activity_body(cost={"kind": "free", "price_minor": 200}), "cost.price_minor"),
        (activity_body(cost={"kind": "pay_what_you_can", "price_minor": 1}), "cost.price_minor"),
        (activity_body(cost={"kind": "priced", "price_minor": -5}), "cost.price_minor"),
        (activity_body(cost={"kind": "priced", "price_minor": 300, "currency": "pounds"}), "cost.currency"),
        (activity_body(cost={"kind": "donation"}), "cost.kind"),
        (activity_body(tags=[f"tag{n}" for n in range(11)]), "tags"),
        (activity_body(tags=["x" * 41]), "tags[0]"),
        (activity_body(tags=["  "]), "tags"),
        (activity_body(tags=["100%"]), "tags"),
        (activity_body(title=""), "title"),
        (activity_body(title="t" * 201), "title"),
        (activity_body(description="d" * 5001), "description"),
        (activity_body(accessibility_notes="a" * 5001), "accessibility_notes"),
        (activity_body(contact={"email": "not-an-email"}), "contact.email"),
        (activity_body(contact={"url": "javascript:alert(1)"}), "contact.url"),
        (activity_body(category="bingo"), "category"),
        (activity_body(audience="everyone"), "audience"),
        (activity_body(colour="red"), "colour"),
    ):
        response = await client.post(f"/api/v1/bookings/{booking.id}/activity", json=bad, headers=booker.headers)
        assert response.status_code == 400, (bad, response.text)
        assert response.json()["field"] == field, (bad, response.json())
    assert await Activity.count() == 0
    assert await venue_version(venue) == version

    created = await client.post(f"/api/v1/bookings/{booking.id}/activity", json=activity_body(), headers=booker.headers)
    activity_id = created.json()["id"]
    for bad in ({"cost": {"kind": "priced"}}, {"title": ""}, {"tags": ["a_b"]}, {"booking_id": 3}):
        response = await client.patch(f"/api/v1/activities/{activity_id}", json=bad, headers=booker.headers)
        assert response.status_code == 400, (bad, response.text)
    stored = await Activity.objects().get(Activity.id == activity_id)
    assert (stored.cost_kind, stored.title, stored.tags) == (
        "pay_what_you_can",
        "Knit and Natter",
        ["knitting", "crafts"],
    )


async def test_tags_are_trimmed_lower_cased_and_deduplicated(client: httpx.AsyncClient, factory: Factory) -> None:
    _, _, space = await setting(factory)
    booker = await factory.account("booker")
    booking = await factory.booking(space, START, START + timedelta(hours=1), booked_by=booker.id)
    tags = ["Yarn", "yarn ", " YARN", "Café  Crafts", "Crochet"]
    response = await client.post(
        f"/api/v1/bookings/{booking.id}/activity", json=activity_body(tags=tags), headers=booker.headers
    )
    assert response.status_code == 201, response.text
    assert response.json()["tags"] == ["yarn", "café crafts", "crochet"]


async def test_private_bookings_and_series_have_no_public_activity(client: httpx.AsyncClient, factory: Factory) -> None:
    manager, _, space = await setting(factory)
    booking = await factory.booking(space, START, START + timedelta(hours=1), is_public=False)
    series = await factory.series(space, date(2027, 3, 2), time(10), time(11), is_public=False)

    for path in (f"/api/v1/bookings/{booking.id}/activity", f"/api/v1/series/{series.id}/activity"):
        response = await client.post(path, json=activity_body(), headers=manager.headers)
        assert response.status_code == 422, response.text
        assert response.json()["type"].endswith("/activity-needs-public")
        assert "private" in response.json()["detail"]
    assert await Activity.count() == 0


async def test_one_listing_per_booking_and_none_on_cancelled_bookings_or_occurrences(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, _, space = await setting(factory)
    booking = await factory.booking(space, START, START + timedelta(hours=1))
    first = await client.post(f"/api/v1/bookings/{booking.id}/activity", json=activity_body(), headers=manager.headers)
    assert first.status_code == 201
    again = await client.post(f"/api/v1/bookings/{booking.id}/activity", json=activity_body(), headers=manager.headers)
    assert again.status_code == 409
    assert again.json()["activity_id"] == first.json()["id"]

    cancelled = await factory.booking(
        space, START + timedelta(days=1), START + timedelta(days=1, hours=1), status="cancelled"
    )
    response = await client.post(
        f"/api/v1/bookings/{cancelled.id}/activity", json=activity_body(), headers=manager.headers
    )
    assert response.status_code == 409
    assert response.json()["type"].endswith("/booking-status")

    series = await factory.series(space, date(2027, 3, 2), time(10), time(11))
    occurrence = await factory.booking(
        space,
        START + timedelta(days=7),
        START + timedelta(days=7, hours=1),
        series=series.id,
        recurrence_id=START + timedelta(days=7),
    )
    response = await client.post(
        f"/api/v1/bookings/{occurrence.id}/activity", json=activity_body(), headers=manager.headers
    )
    assert response.status_code == 422
    assert response.json()["series_id"] == series.id
    assert await Activity.count() == 1


async def test_making_a_booking_private_later_hides_its_activity_from_all_but_those_involved(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    _, _, space = await setting(factory)
    booker = await factory.account("booker")
    booking = await factory.booking(space, START, START + timedelta(hours=1), booked_by=booker.id)
    created = await client.post(f"/api/v1/bookings/{booking.id}/activity", json=activity_body(), headers=booker.headers)
    activity_id = created.json()["id"]

    made_private = await client.patch(
        f"/api/v1/bookings/{booking.id}", json={"is_public": False}, headers=booker.headers
    )
    assert made_private.status_code == 200, made_private.text

    assert (await client.get(f"/api/v1/activities/{activity_id}")).status_code == 404
    stranger = await factory.account("stranger")
    assert (await client.get(f"/api/v1/activities/{activity_id}", headers=stranger.headers)).status_code == 404
    own = await client.get(f"/api/v1/activities/{activity_id}", headers=booker.headers)
    assert own.status_code == 200 and own.json()["listed"] is False
    listing = await client.get("/api/v1/whats-on", params={"from": "2027-03-01", "to": "2027-03-05"})
    assert listing.json()["total"] == 0


async def test_activities_of_requested_cancelled_and_declined_bookings_and_cancelled_series_are_hidden_from_the_public(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    _, _, space = await setting(factory)
    hidden = []
    for n, status in enumerate(("cancelled", "declined", "requested")):
        booking = await factory.booking(
            space, START + timedelta(days=n), START + timedelta(days=n, hours=1), status=status
        )
        hidden.append(await factory.activity(booking=booking))
    series = await factory.series(space, date(2027, 3, 2), time(10), time(11), status="cancelled")
    hidden.append(await factory.activity(series=series))
    confirmed = await factory.booking(
        space, START + timedelta(days=5), START + timedelta(days=5, hours=1), status="confirmed"
    )
    shown = await factory.activity(booking=confirmed)

    for activity in hidden:
        assert (await client.get(f"/api/v1/activities/{activity.id}")).status_code == 404
    assert (await client.get(f"/api/v1/activities/{shown.id}")).status_code == 200


async def test_a_series_activity_is_public_only_once_the_venue_confirms_one_of_its_dates(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, _, space = await setting(factory)
    organiser = await factory.account("organiser")
    group = await factory.group(organiser=organiser)
    series = await factory.series(space, date(2027, 3, 2), time(10), time(11), group=group.id)
    dates = [
        await factory.booking(
            space,
            START + timedelta(days=7 * n),
            START + timedelta(days=7 * n, hours=1),
            series=series.id,
            recurrence_id=START + timedelta(days=7 * n),
            group=group.id,
            status="requested",
        )
        for n in range(2)
    ]
    activity = await factory.activity(series=series)
    path = f"/api/v1/activities/{activity.id}"

    assert (await client.get(path)).status_code == 404
    stranger = await factory.account("stranger")
    assert (await client.get(path, headers=stranger.headers)).status_code == 404
    own = await client.get(path, headers=organiser.headers)
    assert own.status_code == 200 and own.json()["listed"] is False

    confirmed = await client.post(f"/api/v1/bookings/{dates[1].id}/confirm", headers=manager.headers)
    assert confirmed.status_code == 200, confirmed.text

    public = await client.get(path)
    assert public.status_code == 200 and public.json()["listed"] is True
