"""An activity's page: when, where with a map link, cost, who it is for, next dates, calendar files, JSON-LD."""

from __future__ import annotations

import json
import re
from datetime import time, timedelta

import httpx
from icalendar import Calendar

from tests.factories import Factory
from tests.pages.support import days_ahead, london, sign_in
from venues.models import Closure


async def _one_off(factory: Factory) -> tuple[object, object]:
    hall = await factory.venue(
        name="Little Marsh Village Hall",
        address="1 Church Lane",
        postcode="LM1 2AB",
        latitude=51.752,
        longitude=-1.2577,
        accessibility=["step_free"],
    )
    room = await factory.space(hall, name="Small hall", accessibility=["hearing_loop"])
    group = await factory.group(name="Marsh Friends")
    day = days_ahead(4)
    booking = await factory.booking(room, london(day, 10), london(day, 12), group=group.id)
    activity = await factory.activity(
        booking,
        title="Coffee <morning>",
        description="Cake & chat",
        category="coffee_morning",
        audience="older_people",
        cost_kind="priced",
        price_minor=250,
        public_email="tea@example.org",
        accessibility_notes="Large print menus",
    )
    return activity, booking


def _json_ld(html: str) -> dict[str, object]:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match is not None
    return json.loads(match.group(1))


async def test_a_one_off_activity_shows_when_where_cost_access_and_contact(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    activity, _ = await _one_off(factory)
    response = await client.get(f"/activities/{activity.id}")
    assert response.status_code == 200
    html = response.text
    assert "<h1>Coffee &lt;morning&gt;</h1>" in html
    assert "1 Church Lane" in html and "LM1 2AB" in html
    assert "https://www.openstreetmap.org/?mlat=51.75200&amp;mlon=-1.25770" in html
    assert "£2.50" in html and "Older people" in html
    assert "Step-free access" in html and "Hearing loop" in html and "Large print menus" in html
    assert "mailto:tea@example.org" in html
    assert 'href="/groups/' in html and "Marsh Friends" in html
    assert f'href="http://testserver/activities/{activity.id}/calendar.ics"' in html


async def test_the_page_carries_a_schema_org_event(client: httpx.AsyncClient, factory: Factory) -> None:
    activity, booking = await _one_off(factory)
    html = (await client.get(f"/activities/{activity.id}")).text
    data = _json_ld(html)
    assert data["@type"] == "Event" and data["name"] == "Coffee <morning>"
    assert "</script" not in html.split('application/ld+json">')[1].split("</script>")[0]
    assert data["location"]["address"]["postalCode"] == "LM1 2AB"
    assert data["location"]["geo"] == {"@type": "GeoCoordinates", "latitude": 51.752, "longitude": -1.2577}
    assert data["offers"]["price"] == "2.50" and data["offers"]["priceCurrency"] == "GBP"
    assert data["isAccessibleForFree"] is False
    assert data["startDate"].startswith(booking.starts_at.date().isoformat())
    assert data["organizer"]["name"] == "Marsh Friends"


async def test_add_to_calendar_gives_that_one_activity(client: httpx.AsyncClient, factory: Factory) -> None:
    activity, booking = await _one_off(factory)
    response = await client.get(f"/activities/{activity.id}/calendar.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == ["Coffee <morning>"]
    assert events[0]["DTSTART"].dt == booking.starts_at
    assert str(events[0]["UID"]) == f"booking-{booking.uid}@testserver"


async def test_a_private_activity_is_not_found_for_the_public(client: httpx.AsyncClient, factory: Factory) -> None:
    venue = await factory.venue()
    room = await factory.space(venue)
    booking = await factory.booking(room, london(days_ahead(2), 10), london(days_ahead(2), 11), is_public=False)
    activity = await factory.activity(booking, title="Committee")
    assert (await client.get(f"/activities/{activity.id}")).status_code == 404
    assert (await client.get(f"/activities/{activity.id}/calendar.ics")).status_code == 404
    assert (await client.get("/activities/999999")).status_code == 404


async def test_a_series_shows_how_it_repeats_its_next_dates_and_subscribes_to_all(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    venue = await factory.venue(latitude=51.0, longitude=-1.0)
    room = await factory.space(venue)
    first = days_ahead(2)
    series = await factory.series(
        room,
        first,
        time(10),
        time(12),
        rrule=f"FREQ=WEEKLY;BYDAY={('MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU')[first.weekday()]}",
    )
    dates = []
    for week in range(3):
        day = first + timedelta(days=7 * week)
        dates.append(
            await factory.booking(
                room, london(day, 10), london(day, 12), series=series.id, recurrence_id=london(day, 10)
            )
        )
    activity = await factory.activity(series=series, title="Walking football", category="sport")
    html = (await client.get(f"/activities/{activity.id}")).text
    assert f"Every week on {first:%A}, 10:00–12:00." in html
    assert html.count(">Add to calendar<") == 3
    assert _json_ld(html)["eventSchedule"]["repeatFrequency"] == "P1W"

    everything = Calendar.from_ical((await client.get(f"/activities/{activity.id}/calendar.ics")).content)
    (master,) = everything.walk("VEVENT")
    assert "RRULE" in master and str(master["UID"]).startswith(f"series-{series.uid}@")

    one = await client.get(f"/activities/{activity.id}/calendar.ics", params={"occurrence": dates[1].id})
    (event,) = Calendar.from_ical(one.content).walk("VEVENT")
    assert "RRULE" not in event and event["DTSTART"].dt == dates[1].starts_at
    other = await factory.booking(room, london(first, 14), london(first, 15))
    assert (
        await client.get(f"/activities/{activity.id}/calendar.ics", params={"occurrence": other.id})
    ).status_code == 404


async def test_a_series_names_the_days_it_is_not_on_without_their_reasons(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    venue = await factory.venue()
    room = await factory.space(venue)
    first = days_ahead(2)
    series = await factory.series(
        room,
        first,
        time(10),
        time(12),
        rrule=f"FREQ=WEEKLY;BYDAY={('MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU')[first.weekday()]}",
    )
    days = [first + timedelta(days=7 * week) for week in range(5)]
    statuses = ["confirmed", "cancelled", "declined", "confirmed", "cancelled"]
    for day, status in zip(days, statuses, strict=True):
        await factory.booking(
            room,
            london(day, 10),
            london(day, 12),
            series=series.id,
            recurrence_id=london(day, 10),
            status=status,
            status_reason="The hall is shut for the boiler" if status != "confirmed" else "",
        )
    activity = await factory.activity(series=series, title="Coffee morning", category="coffee_morning")
    html = (await client.get(f"/activities/{activity.id}")).text
    assert html.count(">Add to calendar<") == 2
    said = re.search(r'<p class="not-on">(.*?)</p>', html)
    assert said is not None
    short = [f"{day:%a} {day.day} {day:%b}" for day in days]
    # Only up to the last date shown: the fifth week's cancellation lies beyond it.
    assert re.sub(r"<[^>]+>", "", said.group(1)) == f"Not on {short[1]} or {short[2]}."
    assert "boiler" not in html


async def test_a_series_names_the_closed_days_it_was_never_booked_on_without_their_reasons(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    venue = await factory.venue()
    room = await factory.space(venue)
    first = days_ahead(2)
    days = [first + timedelta(days=7 * week) for week in range(6)]
    series = await factory.series(
        room,
        first,
        time(10),
        time(12),
        rrule=f"FREQ=WEEKLY;BYDAY={('MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU')[first.weekday()]}",
        materialised_until=london(days[-1] + timedelta(days=1), 0),
    )
    # Weeks 1 (the venue closed) and 2 (only another space closed) were skipped when the series was made.
    for day in (days[0], days[3], days[4], days[5]):
        await factory.booking(room, london(day, 10), london(day, 12), series=series.id, recurrence_id=london(day, 10))
    other = await factory.space(venue)
    await Closure(venue=venue.id, starts_on=days[1], ends_on=days[1], reason="Boiler works").save()
    await Closure(venue=venue.id, space=other.id, starts_on=days[2], ends_on=days[2], reason="Floor").save()
    activity = await factory.activity(series=series, title="Coffee morning", category="coffee_morning")
    html = (await client.get(f"/activities/{activity.id}")).text
    said = re.search(r'<p class="not-on">(.*?)</p>', html)
    assert said is not None
    assert re.sub(r"<[^>]+>", "", said.group(1)) == f"Not on {days[1]:%a} {days[1].day} {days[1]:%b}."
    assert "Boiler" not in html


async def test_a_series_activity_page_is_public_only_once_the_venue_confirms_one_of_its_dates(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    room = await factory.space(await factory.venue(manager=manager))
    organiser = await factory.account("organiser")
    group = await factory.group(organiser=organiser)
    first = days_ahead(7)
    series = await factory.series(room, first, time(10), time(11), group=group.id)
    dates = [
        await factory.booking(
            room,
            london(first + timedelta(weeks=n), 10),
            london(first + timedelta(weeks=n), 11),
            series=series.id,
            recurrence_id=london(first + timedelta(weeks=n), 10),
            group=group.id,
            status="requested",
        )
        for n in range(2)
    ]
    activity = await factory.activity(series=series, title="Tuesday Tai Chi")
    path = f"/activities/{activity.id}"

    assert (await client.get(path)).status_code == 404
    await sign_in(client, organiser)
    own = await client.get(path)
    assert own.status_code == 200 and "Tuesday Tai Chi" in own.text
    client.cookies.clear()

    confirmed = await client.post(f"/api/v1/bookings/{dates[0].id}/confirm", headers=manager.headers)
    assert confirmed.status_code == 200, confirmed.text
    public = await client.get(path)
    assert public.status_code == 200 and "Tuesday Tai Chi" in public.text
