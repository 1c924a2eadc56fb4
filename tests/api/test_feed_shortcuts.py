"""Every public feed answers a current ETag (304) or this worker's cached body after one query, before it reads
the venue, space or group; so every change that takes a feed away or changes it must miss both."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import icalendar
import pytest

from api.feeds.cache import feed_bodies
from api.feeds.conditional import etag_for
from tests.bookings_support import book, future_day, local
from tests.factories import Factory
from tests.version_watch_support import WAIT, ManualClock, needs_postgres, watching
from venues.core.database import write_transaction
from venues.publication import PUBLICATION, bump_publication, publication_version, version_watch

__all__ = ["watching"]

SOON = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=3)


@pytest.fixture
async def setting(factory: Factory) -> dict[str, Any]:
    """A space with a group's public listing on it, the venue's manager and the group's organiser."""
    manager = await factory.account("manager")
    organiser = await factory.account("organiser")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    group = await factory.group(organiser, name="Repair Circle")
    listed = await factory.booking(space, SOON, SOON + timedelta(hours=2), group=group.id, title="Repair cafe")
    await factory.activity(booking=listed, title="Repair cafe", category="learning")
    await factory.venue()  # bumps the version past anything an earlier test cached under the same ids
    return {
        "manager": manager,
        "organiser": organiser,
        "venue": venue,
        "space": space,
        "group": group,
        "listed": listed,
    }


async def cached_and_current(client: httpx.AsyncClient, path: str) -> httpx.Response:
    """The feed fetched once (so this worker caches it), then checked to answer its ETag and its cached body."""
    first = await client.get(path)
    assert first.status_code == 200, first.text
    etag = first.headers["etag"]
    not_modified = await client.get(path, headers={"If-None-Match": f'"other", W/{etag}'})
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert (
        not_modified.headers["etag"] == etag and not_modified.headers["last-modified"] == first.headers["last-modified"]
    )
    again = await client.get(path)
    assert again.status_code == 200 and again.content == first.content
    assert again.headers["content-disposition"] == first.headers["content-disposition"]
    head = await client.head(path)
    assert head.status_code == 200 and head.content == b"" and head.headers["etag"] == etag
    assert (await client.get(path, headers={"If-Modified-Since": first.headers["last-modified"]})).status_code == 304
    return first


async def test_a_space_feed_answers_its_current_etag_and_nothing_once_the_space_is_archived(
    client: httpx.AsyncClient, setting: dict[str, Any]
) -> None:
    space, venue = setting["space"], setting["venue"]
    path = f"/feeds/spaces/{space.id}.ics"
    first = await cached_and_current(client, path)
    assert first.headers["content-disposition"] == f'inline; filename="{venue.slug}-space-{space.id}.ics"'
    assert b"Repair cafe" in first.content

    headers = setting["manager"].headers
    refused = await client.patch(f"/api/v1/spaces/{space.id}", json={"archived": True}, headers=headers)
    assert refused.status_code == 409, refused.text  # the listing is still to come: nothing changed
    assert (await client.get(path, headers={"If-None-Match": first.headers["etag"]})).status_code == 304
    cancelled = await client.post(f"/api/v1/bookings/{setting['listed'].id}/cancel", headers=headers)
    assert cancelled.status_code == 200, cancelled.text
    first = await cached_and_current(client, path)
    archived = await client.patch(f"/api/v1/spaces/{space.id}", json={"archived": True}, headers=headers)
    assert archived.status_code == 200, archived.text
    assert (await client.get(path, headers={"If-None-Match": first.headers["etag"]})).status_code == 404
    assert (await client.get(path)).status_code == 404
    assert (await client.head(path)).status_code == 404
    assert (await client.get(path, headers={"If-None-Match": "*"})).status_code == 404


async def test_a_space_feed_answers_nothing_once_its_venue_is_archived(
    client: httpx.AsyncClient, setting: dict[str, Any]
) -> None:
    path = f"/feeds/spaces/{setting['space'].id}.ics"
    first = await cached_and_current(client, path)
    archived = await client.patch(
        f"/api/v1/venues/{setting['venue'].id}", json={"archived": True}, headers=setting["manager"].headers
    )
    assert archived.status_code == 200, archived.text
    assert (await client.get(path, headers={"If-None-Match": first.headers["etag"]})).status_code == 404
    assert (await client.get(path)).status_code == 404


async def test_a_group_feed_answers_its_current_etag_and_the_new_name_once_renamed(
    client: httpx.AsyncClient, setting: dict[str, Any]
) -> None:
    """A group cannot be deleted or hidden, so its feed never goes away; a rename must still miss the shortcut."""
    group = setting["group"]
    path = f"/feeds/groups/{group.id}.ics"
    first = await cached_and_current(client, path)
    assert first.headers["content-disposition"] == f'inline; filename="{group.slug}.ics"'
    assert b"Repair Circle" in first.content

    renamed = await client.patch(
        f"/api/v1/groups/{group.id}", json={"name": "Mend It"}, headers=setting["organiser"].headers
    )
    assert renamed.status_code == 200, renamed.text
    fresh = await client.get(path, headers={"If-None-Match": first.headers["etag"]})
    assert fresh.status_code == 200 and fresh.headers["etag"] != first.headers["etag"]
    assert b"Mend It" in fresh.content and b"Repair Circle" not in fresh.content
    assert (await client.get("/feeds/groups/999999.ics", headers={"If-None-Match": "*"})).status_code == 404


async def test_a_group_feed_drops_a_cancelled_activity_past_an_old_etag_and_cached_body(
    client: httpx.AsyncClient, setting: dict[str, Any]
) -> None:
    day = future_day()
    made = await book(
        client,
        setting["organiser"],
        setting["space"].id,
        local(day, "14:00"),
        local(day, "16:00"),
        title="Soldering class",
        is_public=True,
        group_id=setting["group"].id,
    )
    assert made.status_code == 201, made.text
    booking_id = made.json()["id"]
    confirmed = await client.post(f"/api/v1/bookings/{booking_id}/confirm", headers=setting["manager"].headers)
    assert confirmed.status_code == 200, confirmed.text
    listing = {"title": "Soldering class", "category": "learning"}
    listed = await client.post(
        f"/api/v1/bookings/{booking_id}/activity", json=listing, headers=setting["organiser"].headers
    )
    assert listed.status_code == 201, listed.text
    path = f"/feeds/groups/{setting['group'].id}.ics"
    first = await cached_and_current(client, path)
    assert b"Soldering class" in first.content

    cancelled = await client.post(f"/api/v1/bookings/{booking_id}/cancel", headers=setting["organiser"].headers)
    assert cancelled.status_code == 200, cancelled.text
    fresh = await client.get(path, headers={"If-None-Match": first.headers["etag"]})
    assert fresh.status_code == 200 and b"Soldering class" not in fresh.content
    assert b"Repair cafe" in fresh.content


async def test_a_change_to_a_bookings_private_fields_misses_the_space_feeds_shortcut(
    client: httpx.AsyncClient, setting: dict[str, Any]
) -> None:
    """The booker's phone is not in the feed, but the busy block's SEQUENCE and LAST-MODIFIED are."""
    day = future_day()
    made = await book(client, setting["organiser"], setting["space"].id, local(day, "18:00"), local(day, "20:00"))
    assert made.status_code == 201, made.text
    path = f"/feeds/spaces/{setting['space'].id}.ics"
    first = await cached_and_current(client, path)

    def busy_sequences(body: bytes) -> list[int]:
        events = icalendar.Calendar.from_ical(body).walk("VEVENT")
        return [int(event["SEQUENCE"]) for event in events if str(event["SUMMARY"]) == "Booked"]

    (before,) = busy_sequences(first.content)
    changed = await client.patch(
        f"/api/v1/bookings/{made.json()['id']}",
        json={"booker": {"phone": "01234 567890"}},
        headers=setting["organiser"].headers,
    )
    assert changed.status_code == 200, changed.text
    fresh = await client.get(path, headers={"If-None-Match": first.headers["etag"]})
    assert fresh.status_code == 200
    (after,) = busy_sequences(fresh.content)
    assert after > before
    assert b"01234" not in fresh.content


@pytest.mark.parametrize(
    "path", ["/feeds/all.ics", "/feeds/categories/learning.ics", "/feeds/whats-on.ics?category=learning"]
)
async def test_the_other_public_feeds_answer_their_current_etag_and_cached_body(
    client: httpx.AsyncClient, setting: dict[str, Any], path: str
) -> None:
    first = await cached_and_current(client, path)
    assert b"Repair cafe" in first.content


async def test_whats_on_feeds_are_keyed_on_the_whole_query_and_refuse_bad_filters_before_any_shortcut(
    client: httpx.AsyncClient, setting: dict[str, Any]
) -> None:
    learning = await cached_and_current(client, "/feeds/whats-on.ics?category=learning")
    tagged = await client.get("/feeds/whats-on.ics?category=learning&tag=knitting")
    assert tagged.status_code == 200 and tagged.headers["etag"] != learning.headers["etag"]
    assert b"Repair cafe" not in tagged.content  # the listing has no tags: not the cached learning body

    bad = "lat=51.7&category=learning"
    version, _ = await publication_version()
    day_key = f"whats-on:{bad}:{datetime.now(UTC).date().isoformat()}"
    feed_bodies.put(day_key, version, learning.content, "whats-on.ics")
    for headers in ({}, {"If-None-Match": etag_for(day_key, version)}, {"If-None-Match": "*"}):
        refused = await client.get(f"/feeds/whats-on.ics?{bad}", headers=headers)
        assert refused.status_code == 400 and refused.json()["field"] == "lng", headers


@pytest.mark.parametrize("kind", ["spaces", "groups", "venues"])
async def test_a_known_feed_is_answered_after_the_version_alone(
    client: httpx.AsyncClient, setting: dict[str, Any], query_log: list[str], kind: str
) -> None:
    """The 304 and the cached body read nothing but the publication version (at most one query)."""
    feed_id = {"spaces": setting["space"].id, "groups": setting["group"].id, "venues": setting["venue"].id}[kind]
    path = f"/feeds/{kind}/{feed_id}.ics"
    etag = (await client.get(path)).headers["etag"]
    for headers in ({"If-None-Match": etag}, {}):
        query_log.clear()
        assert (await client.get(path, headers=headers)).status_code in (200, 304)
        assert len(query_log) <= 1, query_log


@needs_postgres
async def test_with_the_watch_live_a_known_feed_reads_nothing_until_a_change_is_heard(
    client: httpx.AsyncClient, setting: dict[str, Any], query_log: list[str], watching: ManualClock
) -> None:
    """The 304 and the kept body cost no database round trip while the watch vouches for the version; a change
    committed elsewhere reaches the ETag once the watch hears it."""
    path = f"/feeds/venues/{setting['venue'].id}.ics"
    first = await client.get(path)
    etag = first.headers["etag"]
    for headers in ({"If-None-Match": etag}, {}):
        query_log.clear()
        assert (await client.get(path, headers=headers)).status_code in (200, 304)
        assert query_log == [], query_log
    async with write_transaction():
        await bump_publication()
    version, _ = await publication_version()
    await version_watch.wait_until(lambda: (version_watch.known(PUBLICATION) or (None,))[0] == version, timeout=WAIT)
    changed = await client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
