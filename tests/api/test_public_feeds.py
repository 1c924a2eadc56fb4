"""Public feeds read back by calendar libraries match the what's-on listing, and leak nothing private."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import httpx
import icalendar
import pytest

from scheduling.feeds.broad import BROAD_DAYS
from scheduling.recurrence.rules import Schedule, expand, parse_rrule
from tests.factories import Factory
from tests.feed_readers import assert_readers_agree

UTC = UTC
START_OF_TODAY = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def next_weekday(weekday: int) -> date:
    today = START_OF_TODAY.date()
    return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)


async def weekly_series(factory: Factory, space: Any, weeks: int = 52, **fields: Any) -> tuple[Any, list[Any]]:
    """A Tuesday 10:00–12:00 series in the venue's zone, its occurrences stored as confirmed public bookings."""
    first = next_weekday(1)
    tz = fields.pop("timezone", "Europe/London")
    series = await factory.series(space, first, time(10), time(12), rrule="FREQ=WEEKLY;BYDAY=TU", timezone=tz, **fields)
    schedule = Schedule(parse_rrule("FREQ=WEEKLY;BYDAY=TU"), first, time(10), time(12), tz)
    found = expand(schedule, START_OF_TODAY, START_OF_TODAY + timedelta(weeks=weeks)).occurrences
    bookings = [
        await factory.booking(
            space,
            o.starts_at,
            o.ends_at,
            series=series.id,
            recurrence_id=o.starts_at,
            group=fields.get("group"),
            title=series.title,
        )
        for o in found
    ]
    return series, bookings


async def whats_on(
    client: httpx.AsyncClient, start: datetime, end: datetime, **params: Any
) -> list[tuple[datetime, datetime]]:
    """Every listed occurrence overlapping [start, end), paging through the API a quarter at a time."""
    seen: dict[int, tuple[datetime, datetime]] = {}
    chunk_start = start
    while chunk_start < end:
        chunk_end = min(chunk_start + timedelta(days=90), end)
        url: str | None = "/api/v1/whats-on"
        query: dict[str, Any] | None = {
            "from": chunk_start.isoformat(),
            "to": chunk_end.isoformat(),
            "limit": 200,
            **params,
        }
        while url:
            page = await client.get(url, params=query)
            assert page.status_code == 200, page.text
            for item in page.json()["items"]:
                seen[item["booking_id"]] = (
                    datetime.fromisoformat(item["starts_at"].replace("Z", "+00:00")),
                    datetime.fromisoformat(item["ends_at"].replace("Z", "+00:00")),
                )
            url, query = page.json()["next"], None
        chunk_start = chunk_end
    return sorted(seen.values())


@pytest.fixture
async def hall(factory: Factory) -> dict[str, Any]:
    """A venue with a weekly coffee morning (one date cancelled, one moved, one awaiting approval) and a one-off fair."""
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager, latitude=51.75, longitude=-1.25, address="1 Church Lane")
    space = await factory.space(venue)
    group = await factory.group(name="Coffee Club")
    series, bookings = await weekly_series(factory, space, group=group.id, title="Coffee morning")
    await factory.activity(series=series, title="Coffee morning", category="coffee_morning")
    from scheduling.models import Booking

    await Booking.update({Booking.status: "cancelled"}).where(Booking.id == bookings[3].id)
    await Booking.update({Booking.status: "requested"}).where(Booking.id == bookings[5].id)
    moved = bookings[8]
    await Booking.update(
        {
            Booking.starts_at: moved.starts_at + timedelta(days=1, hours=4),
            Booking.ends_at: moved.ends_at + timedelta(days=1, hours=4),
            Booking.detached: True,
        }
    ).where(Booking.id == moved.id)
    fair_start = START_OF_TODAY + timedelta(days=10, hours=11)
    fair = await factory.booking(space, fair_start, fair_start + timedelta(hours=3), title="Winter fair")
    await factory.activity(booking=fair, title="Winter fair", category="family")
    return {"venue": venue, "space": space, "group": group, "series": series, "bookings": bookings, "manager": manager}


async def test_venue_feed_expands_to_exactly_the_whats_on_occurrences_for_a_year(
    client: httpx.AsyncClient, hall: dict[str, Any]
) -> None:
    start, end = START_OF_TODAY, START_OF_TODAY + timedelta(days=365)
    listed = await whats_on(client, start, end, venue_id=hall["venue"].id)
    assert len(listed) == 52 - 2 + 1  # one cancelled, one awaiting approval, plus the fair

    feed = await client.get(f"/feeds/venues/{hall['venue'].id}.ics")
    assert feed.status_code == 200, feed.text
    assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
    assert_readers_agree(feed.content, start, end, listed)

    local_hours = {s.astimezone(hall_zone()).hour for s, _ in listed if s.weekday() == 1}
    assert local_hours == {10}  # 10:00 in London all year, across both clock changes
    assert {s.hour for s, _ in listed if s.weekday() == 1} == {9, 10}  # while the UTC hour moves


def hall_zone() -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/London")


async def test_series_is_one_event_with_exdates_and_an_override(
    client: httpx.AsyncClient, hall: dict[str, Any]
) -> None:
    feed = await client.get(f"/feeds/groups/{hall['group'].id}.ics")
    calendar = icalendar.Calendar.from_ical(feed.content)
    events = calendar.walk("VEVENT")
    masters = [e for e in events if "RRULE" in e]
    overrides = [e for e in events if "RECURRENCE-ID" in e]
    assert len(masters) == 1 and len(overrides) == 1
    (master,) = masters
    assert master["DTSTART"].params["TZID"] == "Europe/London"
    exdate_props = master["EXDATE"] if isinstance(master["EXDATE"], list) else [master["EXDATE"]]
    exdates = [moment.dt.astimezone(UTC) for prop in exdate_props for moment in prop.dts]
    assert hall["bookings"][3].starts_at in exdates and hall["bookings"][5].starts_at in exdates
    assert overrides[0]["RECURRENCE-ID"].dt.astimezone(UTC) == hall["bookings"][8].starts_at
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    assert "METHOD" not in calendar
    for name in ("PRODID", "X-WR-CALNAME", "REFRESH-INTERVAL", "X-PUBLISHED-TTL", "DESCRIPTION"):
        assert name in calendar
    for name in (
        "UID",
        "DTSTAMP",
        "SEQUENCE",
        "LAST-MODIFIED",
        "STATUS",
        "SUMMARY",
        "LOCATION",
        "GEO",
        "URL",
        "CATEGORIES",
    ):
        assert name in master, name


async def test_every_public_feed_kind_answers_and_unknown_ones_are_404(
    client: httpx.AsyncClient, hall: dict[str, Any]
) -> None:
    paths = [
        "/feeds/all.ics",
        f"/feeds/venues/{hall['venue'].id}.ics",
        f"/feeds/spaces/{hall['space'].id}.ics",
        f"/feeds/groups/{hall['group'].id}.ics",
        "/feeds/categories/coffee_morning.ics",
    ]
    for path in paths:
        response = await client.get(path)
        assert response.status_code == 200, path
        assert b"Coffee morning" in response.content, path
    family = await client.get("/feeds/categories/family.ics")
    assert b"Winter fair" in family.content and b"Coffee morning" not in family.content
    for path in (
        "/feeds/venues/999999.ics",
        "/feeds/venues/abc.ics",
        "/feeds/venues/1",
        "/feeds/categories/raves.ics",
        "/feeds/spaces/99999999999.ics",
        "/feeds/groups/0.ics",
    ):
        missing = await client.get(path)
        assert missing.status_code == 404, path
        assert missing.headers["content-type"].startswith("application/problem+json")


async def test_space_feed_shows_other_bookings_only_as_anonymous_busy_time(
    client: httpx.AsyncClient, factory: Factory, hall: dict[str, Any]
) -> None:
    from scheduling.bookings.workflow import BookingDraft, request_booking

    when = START_OF_TODAY + timedelta(days=4, hours=18)
    draft = BookingDraft(
        space_id=hall["space"].id,
        starts_at=when,
        ends_at=when + timedelta(hours=2),
        title="Sam's 40th",
        booker_name="Sam Secret",
        purpose="surprise party",
    )
    await request_booking(hall["manager"].user, draft)
    body = (await client.get(f"/feeds/spaces/{hall['space'].id}.ics")).content
    busy = [e for e in icalendar.Calendar.from_ical(body).walk("VEVENT") if str(e["SUMMARY"]) == "Booked"]
    assert [e["DTSTART"].dt.astimezone(UTC) for e in busy] == [when]
    assert b"Sam" not in body and b"surprise" not in body and "DESCRIPTION" not in busy[0]


async def test_conditional_get_and_head_on_public_feeds(
    client: httpx.AsyncClient, factory: Factory, hall: dict[str, Any]
) -> None:
    path = f"/feeds/venues/{hall['venue'].id}.ics"
    first = await client.get(path)
    assert first.headers["cache-control"].startswith("public")
    assert (await client.get(path, headers={"If-None-Match": first.headers["etag"]})).status_code == 304
    assert (await client.get(path, headers={"If-Modified-Since": first.headers["last-modified"]})).status_code == 304
    head = await client.head(path)
    assert head.status_code == 200 and head.content == b""

    from venues.publication import touch_venue

    await touch_venue(hall["venue"].id)
    again = await client.get(path, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 200 and again.headers["etag"] != first.headers["etag"]


async def test_a_venue_feed_etag_and_cached_body_stop_answering_once_the_venue_is_archived(
    client: httpx.AsyncClient, hall: dict[str, Any]
) -> None:
    """The 304 and a cached body are answered before the venue is read; archiving bumps the version, so both miss."""
    from venues.registry import update_venue

    path = f"/feeds/venues/{hall['venue'].id}.ics"
    first = await client.get(path)
    etag = first.headers["etag"]
    assert (await client.get(path, headers={"If-None-Match": f'W/{etag}, "other"'})).status_code == 304
    again = await client.get(path)
    assert again.status_code == 200 and again.content == first.content
    assert again.headers["content-disposition"] == first.headers["content-disposition"]
    assert again.headers["content-disposition"] == f'inline; filename="{hall["venue"].slug}.ics"'
    await update_venue(hall["venue"], {"archived": True})
    assert (await client.get(path, headers={"If-None-Match": etag})).status_code == 404
    assert (await client.get(path)).status_code == 404
    assert (await client.get("/feeds/venues/999999.ics", headers={"If-None-Match": "*"})).status_code == 404


async def test_api_responses_carry_https_and_webcal_feed_links(client: httpx.AsyncClient, hall: dict[str, Any]) -> None:
    venue = (await client.get(f"/api/v1/venues/{hall['venue'].id}")).json()
    space = (await client.get(f"/api/v1/spaces/{hall['space'].id}")).json()
    group = (await client.get(f"/api/v1/groups/{hall['group'].id}")).json()
    for body, path in ((venue, "venues"), (space, "spaces"), (group, "groups")):
        feed = body["feed"]
        assert feed["url"] == f"http://testserver/feeds/{path}/{body['id']}.ics"
        assert feed["subscribe_url"] == f"webcal://testserver/feeds/{path}/{body['id']}.ics"
        assert (await client.get(feed["url"].removeprefix("http://testserver"))).status_code == 200


async def test_whats_on_feed_takes_the_listing_filters(client: httpx.AsyncClient, hall: dict[str, Any]) -> None:
    start, end = START_OF_TODAY, START_OF_TODAY + timedelta(days=365)
    for params in ({"category": "family"}, {"category": "coffee_morning", "group_id": hall["group"].id}, {}):
        # Without a venue, space, group or place the feed is broad: the next weeks only (scheduling.feeds.broad).
        broad = "group_id" not in params
        listed = await whats_on(client, start, start + timedelta(days=BROAD_DAYS) if broad else end, **params)
        feed = await client.get("/feeds/whats-on.ics", params=params)
        assert feed.status_code == 200
        assert_readers_agree(feed.content, start, end, listed)
    bad = await client.get("/feeds/whats-on.ics", params={"lat": 51.7})
    assert bad.status_code == 400 and bad.json()["field"] == "lng"


async def test_no_private_field_reaches_any_public_feed(client: httpx.AsyncClient, factory: Factory) -> None:
    from scheduling.bookings.workflow import BookingDraft, request_booking

    marker = "ZZSECRET"
    manager = await factory.account("manager")
    venue = await factory.venue(
        manager=manager,
        private_contact_name=f"{marker}venue-name",
        private_email=f"{marker.lower()}venue@example.org",
        private_phone="0700 111 999",
    )
    space = await factory.space(venue)
    group = await factory.group(
        name="Knitters",
        private_contact_name=f"{marker}group-name",
        private_email=f"{marker.lower()}group@example.org",
        private_phone="0700 222 999",
    )
    private_fields = {
        "booker_name": f"{marker}booker",
        "booker_email": f"{marker.lower()}booker@example.org",
        "booker_phone": "0700 333 999",
        "purpose": f"{marker}purpose",
    }
    series, _ = await weekly_series(factory, space, weeks=6, group=group.id, title="Knit and natter", **private_fields)
    await factory.activity(series=series, title="Knit and natter", category="arts_and_crafts")
    when = START_OF_TODAY + timedelta(days=2, hours=15)
    public = await factory.booking(space, when, when + timedelta(hours=1), title="Repair cafe", **private_fields)
    await factory.activity(booking=public, title="Repair cafe", category="learning")
    hidden_when = START_OF_TODAY + timedelta(days=3, hours=19)
    await request_booking(
        manager.user,
        BookingDraft(
            space_id=space.id,
            starts_at=hidden_when,
            ends_at=hidden_when + timedelta(hours=2),
            title=f"{marker}title",
            booker_name=f"{marker}private-booker",
            purpose=f"{marker}private-purpose",
            booker_phone="0700 444 999",
        ),
    )

    paths = [
        "/feeds/all.ics",
        f"/feeds/venues/{venue.id}.ics",
        f"/feeds/spaces/{space.id}.ics",
        f"/feeds/groups/{group.id}.ics",
        "/feeds/categories/arts_and_crafts.ics",
        "/feeds/categories/learning.ics",
        "/feeds/whats-on.ics",
        f"/feeds/whats-on.ics?venue_id={venue.id}",
    ]
    for path in paths:
        body = (await client.get(path)).content
        assert b"Knit and natter" in body or b"Repair cafe" in body, path
        unfolded = body.replace(b"\r\n ", b"")
        for secret in (marker, marker.lower(), "0700 111 999", "0700 222 999", "0700 333 999", "0700 444 999"):
            assert secret.encode() not in unfolded, (path, secret)
