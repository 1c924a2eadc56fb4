"""Free time is kept per worker for the venue's version: a repeat costs one query, and every change shows at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from scheduling.availability.free_time import space_availability
from tests.api.test_availability import DAY, hours_9_to_17, local_times, window
from tests.bookings_support import book, local
from tests.factories import Account, Factory
from tests.version_watch_support import WAIT, ManualClock, needs_postgres, watching
from venues.models import Space, Venue
from venues.publication import touch_venue, venue_key, version_watch

__all__ = ["watching"]


async def setup(factory: Factory) -> tuple[Account, Venue, Space]:
    manager = await factory.account()
    venue = await factory.venue(manager)
    await hours_9_to_17(venue)
    space = await factory.space(venue, open_all_week=False)
    return manager, venue, space


async def free(client: httpx.AsyncClient, space: Space) -> list[tuple[str, str]]:
    found = await client.get(f"/api/v1/spaces/{space.id}/availability", params=window())
    assert found.status_code == 200, found.text
    return local_times(found.json())


async def test_a_repeat_reads_only_the_space_with_its_venue(
    client: httpx.AsyncClient, factory: Factory, query_log: list[str]
) -> None:
    _, _, space = await setup(factory)
    query_log.clear()
    first = await free(client, space)
    computed = len(query_log)
    query_log.clear()
    assert await free(client, space) == first == [("09:00", "17:00")]
    assert len(query_log) == 1 < computed, query_log


async def test_bookings_and_cancellations_show_at_once(client: httpx.AsyncClient, factory: Factory) -> None:
    manager, _, space = await setup(factory)
    assert await free(client, space) == [("09:00", "17:00")]
    made = await book(client, manager, space.id, local(DAY, "10:00"), local(DAY, "12:00"))
    assert made.status_code == 201, made.text
    assert await free(client, space) == [("09:00", "10:00"), ("12:00", "17:00")]
    cancelled = await client.post(f"/api/v1/bookings/{made.json()['id']}/cancel", json={}, headers=manager.headers)
    assert cancelled.status_code == 200, cancelled.text
    assert await free(client, space) == [("09:00", "17:00")]


async def test_closures_hours_and_space_rules_show_at_once(client: httpx.AsyncClient, factory: Factory) -> None:
    manager, venue, space = await setup(factory)
    assert await free(client, space) == [("09:00", "17:00")]

    hours = {"hours": [{"weekday": day, "opens": "13:00", "closes": "16:00"} for day in range(7)]}
    changed = await client.put(f"/api/v1/venues/{venue.id}/opening-hours", json=hours, headers=manager.headers)
    assert changed.status_code == 200, changed.text
    assert await free(client, space) == [("13:00", "16:00")]

    longer = await client.patch(
        f"/api/v1/spaces/{space.id}", json={"min_booking_minutes": 240}, headers=manager.headers
    )
    assert longer.status_code == 200, longer.text
    assert await free(client, space) == []

    closure = {"starts_on": DAY.isoformat(), "ends_on": DAY.isoformat(), "reason": "Floor repairs"}
    await client.patch(f"/api/v1/spaces/{space.id}", json={"min_booking_minutes": 60}, headers=manager.headers)
    assert await free(client, space) == [("13:00", "16:00")]
    closed = await client.post(f"/api/v1/venues/{venue.id}/closures", json=closure, headers=manager.headers)
    assert closed.status_code == 201, closed.text
    assert await free(client, space) == []


async def test_the_notice_period_moves_with_the_clock_on_a_kept_window(factory: Factory) -> None:
    _, _, space = await setup(factory)
    await Space.update({Space.min_notice_minutes: 0}).where(Space.id == space.id)
    day_start = datetime.fromisoformat(local(DAY, "00:00"))
    opens = datetime.fromisoformat(local(DAY, "09:00")).astimezone(UTC)
    early, _ = await space_availability(
        None, space.id, day_start, day_start + timedelta(days=1), opens - timedelta(hours=1)
    )
    later, _ = await space_availability(
        None, space.id, day_start, day_start + timedelta(days=1), opens + timedelta(hours=2)
    )
    assert early.free[0][0] == opens
    assert later.free[0][0] == opens + timedelta(hours=2)


async def test_a_kept_window_is_not_shown_once_the_space_or_venue_is_archived(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, venue, space = await setup(factory)
    other = await factory.space(venue, open_all_week=False)
    assert await free(client, space) == await free(client, other) == [("09:00", "17:00")]
    archived = await client.patch(f"/api/v1/spaces/{space.id}", json={"archived": True}, headers=manager.headers)
    assert archived.status_code == 200, archived.text
    gone = await client.get(f"/api/v1/spaces/{space.id}/availability", params=window())
    assert gone.status_code == 404 and gone.headers["content-type"].startswith("application/problem+json")
    managers_view = await client.get(
        f"/api/v1/spaces/{space.id}/availability", params=window(), headers=manager.headers
    )
    assert managers_view.status_code == 200
    closed = await client.patch(f"/api/v1/venues/{venue.id}", json={"archived": True}, headers=manager.headers)
    assert closed.status_code == 200, closed.text
    assert (await client.get(f"/api/v1/spaces/{other.id}/availability", params=window())).status_code == 404


async def test_a_venue_edit_made_from_an_earlier_read_never_puts_an_older_version_back(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    from venues.lookups import get_venue
    from venues.registry import update_venue

    manager, venue, space = await setup(factory)
    read_before = await get_venue(venue.id)  # a PATCH has read the venue...
    assert (await book(client, manager, space.id, local(DAY, "10:00"), local(DAY, "11:00"))).status_code == 201
    assert await free(client, space) == [("09:00", "10:00"), ("11:00", "17:00")]  # kept for this version
    assert (await book(client, manager, space.id, local(DAY, "13:00"), local(DAY, "14:00"))).status_code == 201
    changed = await update_venue(read_before, {"description": "Now with a ramp"})  # ...and saves now
    assert changed.version > read_before.version + 2 and changed.description == "Now with a ramp"
    assert await free(client, space) == [("09:00", "10:00"), ("11:00", "13:00"), ("14:00", "17:00")]


async def venue_version_heard(venue: Venue) -> None:
    """Until this worker's watch has the venue at the version the database holds now."""
    current = (await Venue.select(Venue.version).where(Venue.id == venue.id).first() or {})["version"]
    await version_watch.wait_until(lambda: version_watch.known(venue_key(venue.id)) == current, timeout=WAIT)


@needs_postgres
async def test_with_the_watch_live_a_repeat_reads_nothing_and_a_change_shows_once_heard(
    client: httpx.AsyncClient, factory: Factory, query_log: list[str], watching: ManualClock
) -> None:
    manager, venue, space = await setup(factory)
    assert await free(client, space) == [("09:00", "17:00")]
    query_log.clear()
    assert await free(client, space) == [("09:00", "17:00")]
    assert query_log == []
    made = await book(client, manager, space.id, local(DAY, "10:00"), local(DAY, "12:00"))
    assert made.status_code == 201, made.text
    await venue_version_heard(venue)
    assert await free(client, space) == [("09:00", "10:00"), ("12:00", "17:00")]


@needs_postgres
async def test_with_the_watch_live_archiving_a_space_hides_it_even_without_a_version_bump(
    client: httpx.AsyncClient, factory: Factory, watching: ManualClock
) -> None:
    _, venue, space = await setup(factory)
    assert await free(client, space) == [("09:00", "17:00")]
    assert await free(client, space) == [("09:00", "17:00")]  # answered from what the watch vouches for
    assert version_watch.known(venue_key(venue.id)) is not None
    await Space.update({Space.archived: True}).where(Space.id == space.id)  # no touch_venue: the trigger still tells
    await version_watch.wait_until(lambda: version_watch.known(venue_key(venue.id)) is None, timeout=WAIT)
    gone = await client.get(f"/api/v1/spaces/{space.id}/availability", params=window())
    assert gone.status_code == 404, gone.text


async def forgotten_then_put_back_by_a_sibling(
    client: httpx.AsyncClient, venue: Venue, sibling: Space, version: int
) -> None:
    """Until the watch has forgotten the venue's key; then a read of another space puts it back at the same
    version (nothing bumped it), which must not make what was kept for the first space count again."""
    await version_watch.wait_until(lambda: version_watch.known(venue_key(venue.id)) is None, timeout=WAIT)
    assert await free(client, sibling) == [("09:00", "17:00")]
    assert version_watch.known(venue_key(venue.id)) == version


@needs_postgres
async def test_with_the_watch_live_an_archived_space_stays_hidden_after_a_sibling_is_read(
    client: httpx.AsyncClient, factory: Factory, watching: ManualClock
) -> None:
    _, venue, space = await setup(factory)
    sibling = await factory.space(venue, open_all_week=False)
    await touch_venue(venue.id)  # heard after anything the set-up notified, so the next read is kept
    await venue_version_heard(venue)
    assert await free(client, space) == [("09:00", "17:00")]
    version = version_watch.known(venue_key(venue.id))
    assert version is not None  # the state read with it is kept
    await Space.update({Space.archived: True}).where(Space.id == space.id)  # no version bump
    await forgotten_then_put_back_by_a_sibling(client, venue, sibling, version)
    gone = await client.get(f"/api/v1/spaces/{space.id}/availability", params=window())
    assert gone.status_code == 404, gone.text


@needs_postgres
async def test_with_the_watch_live_a_zone_change_shows_after_a_sibling_is_read(
    client: httpx.AsyncClient, factory: Factory, watching: ManualClock
) -> None:
    _, venue, space = await setup(factory)
    sibling = await factory.space(venue, open_all_week=False)
    await touch_venue(venue.id)  # heard after anything the set-up notified, so the next read is kept
    await venue_version_heard(venue)
    assert await free(client, space) == [("09:00", "17:00")]
    version = version_watch.known(venue_key(venue.id))
    assert version is not None  # the state read with it is kept
    await Venue.update({Venue.timezone: "Asia/Tokyo"}).where(Venue.id == venue.id)  # no version bump
    await forgotten_then_put_back_by_a_sibling(client, venue, sibling, version)
    found = await client.get(f"/api/v1/spaces/{space.id}/availability", params=window())
    assert found.status_code == 200, found.text
    assert [item["starts_local"][-6:] for item in found.json()["free"]] == ["+09:00"]
