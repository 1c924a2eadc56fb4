"""What each public feed event says: every occurrence once, links people can open, and sequences that only rise."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import icalendar

from scheduling.models import Booking, Series
from tests.api.test_public_feeds import START_OF_TODAY, UTC, weekly_series, whats_on
from tests.factories import Factory
from tests.feed_readers import assert_readers_agree


def vevents(body: bytes) -> list[Any]:
    return list(icalendar.Calendar.from_ical(body).walk("VEVENT"))


async def listed_series(factory: Factory, weeks: int = 6) -> dict[str, Any]:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager, address="1 Church Lane")
    space = await factory.space(venue)
    series, bookings = await weekly_series(factory, space, weeks=weeks, title="Coffee morning")
    activity = await factory.activity(series=series, title="Coffee morning", category="coffee_morning")
    return {
        "manager": manager,
        "venue": venue,
        "space": space,
        "series": series,
        "bookings": bookings,
        "activity": activity,
    }


async def test_a_space_feed_shows_each_public_series_date_once_and_no_busy_block_for_it(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    hall = await listed_series(factory)
    start, end = START_OF_TODAY, START_OF_TODAY + timedelta(days=60)
    body = (await client.get(f"/feeds/spaces/{hall['space'].id}.ics")).content
    assert [e for e in vevents(body) if str(e["SUMMARY"]) == "Booked"] == []
    listed = await whats_on(client, start, end, space_id=hall["space"].id)
    assert len(listed) == len(hall["bookings"])
    assert_readers_agree(body, start, end, listed)


async def test_public_event_urls_open_the_activity_page(client: httpx.AsyncClient, factory: Factory) -> None:
    hall = await listed_series(factory)
    body = (await client.get(f"/feeds/venues/{hall['venue'].id}.ics")).content
    urls = {str(event["URL"]) for event in vevents(body)}
    assert urls == {f"http://testserver/activities/{hall['activity'].id}"}
    page = await client.get(urls.pop().removeprefix("http://testserver"))
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")


async def test_an_override_never_carries_a_lower_sequence_than_its_master(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    hall = await listed_series(factory)
    await Series.update({Series.sequence: 4}).where(Series.id == hall["series"].id)
    moved = hall["bookings"][2]
    await Booking.update(
        {
            Booking.starts_at: moved.starts_at + timedelta(hours=3),
            Booking.ends_at: moved.ends_at + timedelta(hours=3),
            Booking.detached: True,
            Booking.sequence: 1,
        }
    ).where(Booking.id == moved.id)
    events = vevents((await client.get(f"/feeds/venues/{hall['venue'].id}.ics")).content)
    (master,) = [e for e in events if "RRULE" in e]
    (override,) = [e for e in events if "RECURRENCE-ID" in e]
    assert override["RECURRENCE-ID"].dt.astimezone(UTC) == moved.starts_at
    assert int(master["SEQUENCE"]) >= 4
    assert int(override["SEQUENCE"]) >= int(master["SEQUENCE"])


async def test_private_event_urls_open_the_page_where_a_manager_or_organiser_acts_on_the_booking(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    group = await factory.group(organiser=manager)
    when = START_OF_TODAY + timedelta(days=3, hours=10)
    await factory.booking(space, when, when + timedelta(hours=1), group=group.id, is_public=False)
    feeds = {
        feed["scope"]: feed["links"]["url"].removeprefix("http://testserver")
        for feed in (await client.get("/api/v1/feeds/private", headers=manager.headers)).json()
    }
    expected = {"manager": f"/desk/venues/{venue.id}", "group": "/my/bookings"}
    for scope, path in feeds.items():
        (event,) = vevents((await client.get(path)).content)
        assert str(event["URL"]) == f"http://testserver{expected[scope]}", scope
        page = await client.get(expected[scope])  # a page behind sign-in: a redirect there, not a 404
        assert page.status_code in (302, 303) and "/sign-in" in page.headers["location"], scope
