"""What's on over HTTP: time order and pages, every filter, what stays out, local times, and no private field."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import httpx

from scheduling.models import Booking
from tests.factories import Factory
from tests.series_support import next_weekday, post_series
from venues.models import Space

UTC = UTC
WINDOW = {"from": "2027-03-01", "to": "2027-03-31"}


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant in March 2027, UTC."""
    return datetime(2027, 3, day, hour, minute, tzinfo=UTC)


async def listed(
    factory: Factory,
    space: Space,
    starts: datetime,
    title: str,
    hours: float = 1,
    booking: dict[str, Any] | None = None,
    **activity: Any,
) -> Booking:
    """A public, confirmed booking with an activity called ``title``."""
    row = await factory.booking(space, starts, starts + timedelta(hours=hours), **(booking or {}))
    await factory.activity(booking=row, title=title, **activity)
    return row


async def titles(client: httpx.AsyncClient, **params: Any) -> list[str]:
    response = await client.get("/api/v1/whats-on", params={**WINDOW, **params})
    assert response.status_code == 200, response.text
    return [item["activity"]["title"] for item in response.json()["items"]]


async def test_occurrences_come_in_time_order_across_pages(client: httpx.AsyncClient, factory: Factory) -> None:
    spaces = [await factory.space(await factory.venue()) for _ in range(2)]
    starts = [at(9, 18), at(2, 10), at(20, 9), at(2, 9, 30), at(14, 12)]
    for n, moment in enumerate(starts):
        await listed(factory, spaces[n % 2], moment, f"event {n}")

    seen: list[dict[str, Any]] = []
    response = await client.get("/api/v1/whats-on", params={**WINDOW, "limit": 2})
    while True:
        assert response.status_code == 200, response.text
        page = response.json()
        assert page["total"] == 5 and len(page["items"]) <= 2
        seen += page["items"]
        if page["next"] is None:
            break
        response = await client.get(page["next"])
    assert [item["starts_at"] for item in seen] == [moment.strftime("%Y-%m-%dT%H:%M:%SZ") for moment in sorted(starts)]
    assert len({item["booking_id"] for item in seen}) == 5


async def test_every_filter_narrows_the_listing(client: httpx.AsyncClient, factory: Factory) -> None:
    near = await factory.venue(latitude=51.5, longitude=-0.12, accessibility=["step_free", "hearing_loop"])
    five_km = await factory.venue(latitude=51.54497, longitude=-0.12, accessibility=["step_free"])
    fifty_km = await factory.venue(latitude=51.9497, longitude=-0.12)
    hall, room = await factory.space(near), await factory.space(near)
    other_hall, far_hall = await factory.space(five_km), await factory.space(fifty_km)
    footballers, choir = await factory.group(), await factory.group()

    await listed(
        factory,
        hall,
        at(2, 10),
        "football",
        booking={"group": footballers.id},
        category="sport",
        audience="adults",
        cost_kind="free",
        tags=["football", "outdoors", "café"],
    )
    await listed(
        factory, room, at(3, 10), "concert", category="music", audience="families", cost_kind="priced", price_minor=500
    )
    await listed(
        factory,
        other_hall,
        at(4, 10),
        "juniors",
        booking={"group": choir.id},
        category="sport",
        audience="children",
        cost_kind="pay_what_you_can",
        tags=["football"],
    )
    await listed(
        factory, far_hall, at(5, 10), "coffee", category="coffee_morning", cost_kind="free", tags=["footballers"]
    )

    assert await titles(client) == ["football", "concert", "juniors", "coffee"]
    assert await titles(client, venue_id=near.id) == ["football", "concert"]
    assert await titles(client, space_id=room.id) == ["concert"]
    assert await titles(client, group_id=footballers.id) == ["football"]
    assert await titles(client, category="sport") == ["football", "juniors"]
    assert await titles(client, category=["sport", "music"]) == ["football", "concert", "juniors"]
    assert await titles(client, audience="families") == ["concert"]
    assert await titles(client, audience=["families", "children"]) == ["concert", "juniors"]
    assert await titles(client, free_only="true") == ["football", "coffee"]
    assert await titles(client, accessibility="step_free") == ["football", "concert", "juniors"]
    assert await titles(client, accessibility=["step_free", "hearing_loop"]) == ["football", "concert"]
    assert await titles(client, tag="Football ") == ["football", "juniors"]
    assert await titles(client, tag="outdoors") == ["football"]
    assert await titles(client, tag="Café") == ["football"]
    assert await titles(client, tag="cafe") == []
    assert await titles(client, category="sport", accessibility="hearing_loop") == ["football"]
    assert await titles(client, venue_id=near.id, category="coffee_morning") == []

    within_ten = await client.get("/api/v1/whats-on", params={**WINDOW, "lat": 51.5, "lng": -0.12})
    items = within_ten.json()["items"]
    assert [item["activity"]["title"] for item in items] == ["football", "concert", "juniors"]
    assert [round(item["distance_km"], 1) for item in items] == [0.0, 0.0, 5.0]
    assert await titles(client, lat=51.5, lng=-0.12, within_km=1) == ["football", "concert"]
    assert await titles(client, lat=51.5, lng=-0.12, within_km=60) == ["football", "concert", "juniors", "coffee"]
    assert await titles(client, lat=51.5, lng=-0.12, within_km=4.9, accessibility="hearing_loop") == [
        "football",
        "concert",
    ]
    assert await titles(client, lat=10.0, lng=10.0) == []
    assert all(
        "distance_km" not in item for item in (await client.get("/api/v1/whats-on", params=WINDOW)).json()["items"]
    )


async def test_only_public_confirmed_bookings_of_public_places_are_listed(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    venue = await factory.venue()
    space = await factory.space(venue)
    await listed(factory, space, at(2, 10), "shown")
    for n, status in enumerate(("requested", "declined", "cancelled"), start=3):
        await listed(factory, space, at(n, 10), status, booking={"status": status})
    await listed(factory, space, at(6, 10), "private", booking={"is_public": False})
    await factory.booking(space, at(7, 10), at(7, 11), title="no activity")
    archived_space = await factory.space(venue, archived=True)
    await listed(factory, archived_space, at(8, 10), "archived space")
    archived_venue = await factory.venue(archived=True)
    await listed(factory, await factory.space(archived_venue), at(9, 10), "archived venue")

    for name, series_fields, booking_fields in (
        ("private series", {"is_public": False}, {}),
        ("cancelled series", {"status": "cancelled"}, {}),
        ("private occurrence", {}, {"is_public": False}),
        ("cancelled occurrence", {}, {"status": "cancelled"}),
        ("series shown", {}, {}),
    ):
        series = await factory.series(space, date(2027, 3, 10), time(10), time(11), **series_fields)
        await factory.activity(series=series, title=name)
        await factory.booking(
            space, at(10, 10), at(10, 11), series=series.id, recurrence_id=at(10, 10), **booking_fields
        )

    assert await titles(client) == ["shown", "series shown"]


async def test_series_occurrences_carry_the_venue_offset_across_the_clock_change(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    venue = await factory.venue(timezone="Europe/London")
    space = await factory.space(venue)
    group = await factory.group(name="Tuesday Walkers", slug="tuesday-walkers")
    series = await factory.series(space, date(2027, 3, 23), time(10), time(11, 30), group=group.id)
    activity = await factory.activity(series=series, title="Tuesday walk", category="exercise")
    # Tuesday 10:00 in London: GMT on 23 March, BST after the clocks go forward on 28 March.
    for starts in (at(23, 10), at(30, 9)):
        await factory.booking(
            space,
            starts,
            starts + timedelta(hours=1, minutes=30),
            series=series.id,
            recurrence_id=starts,
            group=group.id,
        )
    moved = datetime(2027, 4, 6, 13, tzinfo=UTC)
    await factory.booking(
        space,
        moved,
        moved + timedelta(hours=1),
        series=series.id,
        recurrence_id=datetime(2027, 4, 6, 9, tzinfo=UTC),
        detached=True,
        group=group.id,
    )
    one_off = await listed(factory, space, at(27, 14), "Saturday fair")

    response = await client.get("/api/v1/whats-on", params={"from": "2027-03-22", "to": "2027-04-06"})
    items = response.json()["items"]
    assert [(item["activity"]["title"], item["starts_local"], item["ends_local"]) for item in items] == [
        ("Tuesday walk", "2027-03-23T10:00:00+00:00", "2027-03-23T11:30:00+00:00"),
        ("Saturday fair", "2027-03-27T14:00:00+00:00", "2027-03-27T15:00:00+00:00"),
        ("Tuesday walk", "2027-03-30T10:00:00+01:00", "2027-03-30T11:30:00+01:00"),
        ("Tuesday walk", "2027-04-06T14:00:00+01:00", "2027-04-06T15:00:00+01:00"),
    ]
    assert [item["starts_at"] for item in items] == [
        "2027-03-23T10:00:00Z",
        "2027-03-27T14:00:00Z",
        "2027-03-30T09:00:00Z",
        "2027-04-06T13:00:00Z",
    ]
    walk = items[2]
    assert walk["series_id"] == series.id and walk["activity"]["id"] == activity.id
    assert walk["group"] == {
        "id": group.id,
        "name": "Tuesday Walkers",
        "slug": "tuesday-walkers",
        "url": f"http://testserver/api/v1/groups/{group.id}",
    }
    assert walk["timezone"] == "Europe/London"
    assert walk["space"] == {"id": space.id, "name": space.name}
    assert walk["venue"]["id"] == venue.id and walk["venue"]["url"] == f"http://testserver/api/v1/venues/{venue.id}"
    assert walk["activity"]["url"] == f"http://testserver/api/v1/activities/{activity.id}"
    assert walk["url"] == f"http://testserver/api/v1/bookings/{walk['booking_id']}"
    assert items[1]["series_id"] is None and items[1]["booking_id"] == one_off.id and items[1]["group"] is None


async def test_no_private_field_ever_reaches_the_listing(client: httpx.AsyncClient, factory: Factory) -> None:
    markers = {
        name: f"MARKER-{name}"
        for name in (
            "booker_name",
            "booker_email",
            "booker_phone",
            "purpose",
            "series_booker_name",
            "series_booker_email",
            "series_booker_phone",
            "series_purpose",
            "venue_contact",
            "venue_email",
            "venue_phone",
            "group_contact",
            "group_email",
            "group_phone",
            "account",
        )
    }
    booker = await factory.account(markers["account"])
    venue = await factory.venue(
        private_contact_name=markers["venue_contact"],
        private_email=markers["venue_email"],
        private_phone=markers["venue_phone"],
    )
    space = await factory.space(venue)
    group = await factory.group(
        private_contact_name=markers["group_contact"],
        private_email=markers["group_email"],
        private_phone=markers["group_phone"],
    )
    private = {
        "booked_by": booker.id,
        "group": group.id,
        "booker_name": markers["booker_name"],
        "booker_email": markers["booker_email"],
        "booker_phone": markers["booker_phone"],
        "purpose": markers["purpose"],
    }
    await listed(factory, space, at(2, 10), "one-off", booking=private)
    series = await factory.series(
        space,
        date(2027, 3, 3),
        time(10),
        time(11),
        group=group.id,
        booked_by=booker.id,
        booker_name=markers["series_booker_name"],
        booker_email=markers["series_booker_email"],
        booker_phone=markers["series_booker_phone"],
        purpose=markers["series_purpose"],
    )
    await factory.activity(series=series, title="weekly")
    await factory.booking(space, at(3, 10), at(3, 11), series=series.id, recurrence_id=at(3, 10), **private)

    response = await client.get("/api/v1/whats-on", params=WINDOW)
    assert [item["activity"]["title"] for item in response.json()["items"]] == ["one-off", "weekly"]
    assert "MARKER" not in response.text
    assert booker.user.email not in response.text


async def test_the_window_defaults_to_the_coming_week_and_is_bounded(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    space = await factory.space(await factory.venue())
    now = datetime.now(UTC).replace(microsecond=0)
    await listed(factory, space, now - timedelta(minutes=30), "under way")
    await listed(factory, space, now + timedelta(days=1), "tomorrow")
    await listed(factory, space, now + timedelta(days=8), "next week")
    await listed(factory, space, now - timedelta(days=1), "yesterday")

    default = await client.get("/api/v1/whats-on")
    assert [item["activity"]["title"] for item in default.json()["items"]] == ["under way", "tomorrow"]
    later = await client.get("/api/v1/whats-on", params={"from": (now + timedelta(days=3)).date().isoformat()})
    assert [item["activity"]["title"] for item in later.json()["items"]] == ["next week"]

    for params, field in (
        ({"from": "2027-03-10", "to": "2027-03-09"}, "to"),
        ({"from": "2027-01-01", "to": "2027-04-03"}, "to"),
        ({"from": "2027-01-01T00:00:00Z", "to": "2027-04-03T00:00:01Z"}, "to"),
        ({"from": "next tuesday"}, "from"),
        ({"to": "2027-02-30"}, "to"),
        ({"lat": 51.5}, "lng"),
        ({"within_km": 3}, "within_km"),
        ({"tag": "100%"}, "tag"),
        ({"category": "bingo"}, "category"),
        ({"limit": 201}, "limit"),
    ):
        response = await client.get("/api/v1/whats-on", params=params)
        assert response.status_code == 400, (params, response.text)
        assert response.json()["field"] == field, (params, response.json())
    assert (await client.get("/api/v1/whats-on", params={"from": "2027-01-01", "to": "2027-04-02"})).status_code == 200


async def test_dates_and_naive_times_are_read_in_the_venue_zone_and_offsets_survive_unescaped(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    new_york = await factory.venue(timezone="America/New_York")
    space = await factory.space(new_york)
    # 22:00 on 1 June in New York is 02:00 on 2 June in UTC (and 03:00 in London).
    await listed(factory, space, datetime(2027, 6, 2, 2, tzinfo=UTC), "late show")

    in_venue_zone = await titles(client, **{"from": "2027-06-01", "to": "2027-06-01", "venue_id": new_york.id})
    assert in_venue_zone == ["late show"]
    assert await titles(client, **{"from": "2027-06-01", "to": "2027-06-01", "space_id": space.id}) == ["late show"]
    assert await titles(client, **{"from": "2027-06-01", "to": "2027-06-01"}) == []
    assert await titles(
        client, **{"from": "2027-06-01T21:00:00", "to": "2027-06-01T23:00:00", "venue_id": new_york.id}
    ) == ["late show"]

    raw = await client.get("/api/v1/whats-on?from=2027-06-01T22:30:00-04:00&to=2027-06-02T04:00:00+01:00")
    assert raw.status_code == 200, raw.text
    assert [item["activity"]["title"] for item in raw.json()["items"]] == ["late show"]
    assert raw.json()["items"][0]["starts_local"] == "2027-06-01T22:00:00-04:00"
    after = await client.get("/api/v1/whats-on?from=2027-06-02T04:00:00+01:00&to=2027-06-03")
    assert after.json()["total"] == 0


async def test_a_page_costs_the_same_few_queries_however_much_it_holds(
    client: httpx.AsyncClient, factory: Factory, query_log: list[str]
) -> None:
    async def page_queries(limit: int) -> int:
        query_log.clear()
        response = await client.get("/api/v1/whats-on", params={**WINDOW, "limit": limit})
        assert response.status_code == 200
        assert len(response.json()["items"]) == limit
        return len(query_log)

    async def add_occurrences(count: int, offset: int) -> None:
        for n in range(count):
            venue = await factory.venue()
            space = await factory.space(venue)
            group = await factory.group()
            await listed(factory, space, at(2 + (offset + n) % 20, 10, n), f"one-off {n}", booking={"group": group.id})
            series = await factory.series(space, date(2027, 3, 1), time(18), time(19), group=group.id)
            await factory.activity(series=series, title=f"series {n}")
            await factory.booking(
                space, at(3 + n % 20, 18), at(3 + n % 20, 19), series=series.id, recurrence_id=at(3 + n % 20, 18)
            )

    await add_occurrences(2, 0)
    few = await page_queries(3)
    await add_occurrences(20, 2)
    many = await page_queries(40)
    # The publication version, the window's size (the start index), the ids of the first matches (with their
    # count up to the cap, the window being small), the page's rows, activities, venues; a repeat reads the
    # version only.
    assert few == many == 6
    assert await page_queries(40) == 1


async def test_a_kept_listing_shows_every_change_at_once(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account("manager")
    space = await factory.space(await factory.venue(manager=manager))
    first = next_weekday(1, days_ahead=9)
    window = {"from": first.isoformat(), "to": (first + timedelta(days=28)).isoformat()}
    assert (await client.get("/api/v1/whats-on", params=window)).json()["total"] == 0
    created = await post_series(client, manager, space.id, "FREQ=WEEKLY;BYDAY=TU;COUNT=4", first, is_public=True)
    assert created.status_code == 201, created.text
    series_id = created.json()["series"]["id"]
    assert (await client.get("/api/v1/whats-on", params=window)).json()["total"] == 0  # booked, not yet listed
    listed_on = await client.post(
        f"/api/v1/series/{series_id}/activity", json={"title": "Choir", "category": "music"}, headers=manager.headers
    )
    assert listed_on.status_code == 201, listed_on.text
    assert (await client.get("/api/v1/whats-on", params=window)).json()["total"] == 4
    renamed = await client.patch(
        f"/api/v1/activities/{listed_on.json()['id']}", json={"title": "Village choir"}, headers=manager.headers
    )
    assert renamed.status_code == 200, renamed.text
    items = (await client.get("/api/v1/whats-on", params=window)).json()["items"]
    assert {item["activity"]["title"] for item in items} == {"Village choir"}


async def test_a_series_booked_over_http_lists_every_occurrence_until_one_is_cancelled(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    space = await factory.space(await factory.venue(manager=manager))
    first = next_weekday(1, days_ahead=9)
    created = await post_series(client, manager, space.id, "FREQ=WEEKLY;BYDAY=TU;COUNT=4", first, is_public=True)
    assert created.status_code == 201, created.text
    series_id = created.json()["series"]["id"]
    listed_on = await client.post(
        f"/api/v1/series/{series_id}/activity",
        json={"title": "Tuesday choir", "category": "music"},
        headers=manager.headers,
    )
    assert listed_on.status_code == 201, listed_on.text

    window = {"from": first.isoformat(), "to": (first + timedelta(days=28)).isoformat()}
    items = (await client.get("/api/v1/whats-on", params=window)).json()["items"]
    assert [(item["series_id"], item["activity"]["title"]) for item in items] == [(series_id, "Tuesday choir")] * 4
    assert [item["starts_local"][:16] for item in items] == [
        f"{first + timedelta(days=7 * week)}T10:00" for week in range(4)
    ]

    cancelled = await client.post(
        f"/api/v1/series/{series_id}/occurrences/{items[1]['booking_id']}/cancel", json={}, headers=manager.headers
    )
    assert cancelled.status_code == 200, cancelled.text
    after = (await client.get("/api/v1/whats-on", params=window)).json()
    assert after["total"] == 3
    assert items[1]["booking_id"] not in [item["booking_id"] for item in after["items"]]


async def test_ids_out_of_range_in_the_query_are_a_400_not_a_crash(client: httpx.AsyncClient) -> None:
    for venue_id in ("-15559945433491030671360", "0", "99999999999999"):
        response = await client.get("/api/v1/whats-on", params={"venue_id": venue_id})
        assert response.status_code == 400, venue_id
        assert response.json()["field"] == "venue_id"
