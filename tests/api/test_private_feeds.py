"""Private feeds: managers see every booking with status and contact; rotating a link revokes it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import icalendar

from scheduling.bookings.workflow import BookingDraft, request_booking
from tests.factories import Factory


def soon(days: int, hour: int) -> datetime:
    day = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=days)
    return day.replace(hour=hour)


async def manager_feed_url(client: httpx.AsyncClient, headers: dict[str, str]) -> str:
    links = await client.get("/api/v1/feeds/private", headers=headers)
    assert links.status_code == 200, links.text
    (feed,) = [f for f in links.json() if f["scope"] == "manager"]
    assert feed["links"]["subscribe_url"].startswith("webcal://")
    return feed["links"]["url"].removeprefix("http://testserver")


async def test_manager_feed_shows_requests_as_tentative_with_contact_details(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    booker = await factory.account("booker")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, requires_approval=True)
    await request_booking(
        booker.user,
        BookingDraft(
            space_id=space.id,
            starts_at=soon(3, 10),
            ends_at=soon(3, 12),
            title="Birthday party",
            purpose="Private party for Sam",
            booker_phone="07700 900123",
        ),
    )
    url = await manager_feed_url(client, manager.headers)
    feed = await client.get(url)
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    (event,) = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    assert event["STATUS"] == "TENTATIVE"
    assert "07700 900123" in str(event["DESCRIPTION"])
    assert "Private party for Sam" in str(event["DESCRIPTION"])


async def test_rotating_the_link_stops_the_old_one_at_once(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account("manager")
    await factory.venue(manager=manager)
    old = await manager_feed_url(client, manager.headers)
    assert (await client.get(old)).status_code == 200
    rotated = await client.post("/api/v1/feeds/private/rotate", json={"scope": "manager"}, headers=manager.headers)
    assert rotated.status_code == 200
    new = rotated.json()["links"]["url"].removeprefix("http://testserver")
    assert new != old
    assert (await client.get(old)).status_code == 404
    assert (await client.get(new)).status_code == 200


async def test_private_feed_links_need_sign_in_and_standing(client: httpx.AsyncClient, factory: Factory) -> None:
    stranger = await factory.account("stranger")
    organiser = await factory.account("organiser")
    group = await factory.group(organiser=organiser)
    assert (await client.get("/api/v1/feeds/private")).status_code == 401
    assert (await client.get("/api/v1/feeds/private", headers=stranger.headers)).json() == []
    not_manager = await client.post("/api/v1/feeds/private/rotate", json={"scope": "manager"}, headers=stranger.headers)
    assert not_manager.status_code == 403
    not_organiser = await client.post(
        "/api/v1/feeds/private/rotate", json={"scope": "group", "group_id": group.id}, headers=stranger.headers
    )
    assert not_organiser.status_code == 403
    own = await client.post(
        "/api/v1/feeds/private/rotate", json={"scope": "group", "group_id": group.id}, headers=organiser.headers
    )
    assert own.status_code == 200
    assert (await client.get("/feeds/private/not-a-real-token-but-long-enough.ics")).status_code == 404
    assert (await client.get("/feeds/private/nonsense")).status_code == 404


async def test_conditional_requests_get_304_and_head_has_no_body(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, requires_approval=False)
    url = await manager_feed_url(client, manager.headers)
    first = await client.get(url)
    etag, last_modified = first.headers["etag"], first.headers["last-modified"]
    assert first.headers["cache-control"].startswith("private")

    assert (await client.get(url, headers={"If-None-Match": etag})).status_code == 304
    assert (await client.get(url, headers={"If-Modified-Since": last_modified})).status_code == 304
    head = await client.head(url)
    assert head.status_code == 200 and head.content == b"" and head.headers["etag"] == etag

    await request_booking(
        manager.user, BookingDraft(space_id=space.id, starts_at=soon(2, 9), ends_at=soon(2, 10), title="Committee")
    )
    changed = await client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag
    assert b"Committee" in changed.content
