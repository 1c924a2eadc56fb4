"""Stricter rules for a space (capacity, shortest and longest booking) that bookings already made would break:
listed first, then cancelled or kept with the change, all at once; rules about new requests reach nothing."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import httpx

from scheduling.models import Booking, BookingEvent
from tests.factories import Account, Factory
from tests.series_support import next_weekday
from venues.core.timezones import local_datetime
from venues.models import Space, Venue


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return local_datetime(day, time(hour, minute), "Europe/London")


async def hall(factory: Factory) -> tuple[Account, Venue, Space]:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, name="Main hall", capacity=100, max_booking_minutes=480)
    return manager, venue, space


async def patch(client: httpx.AsyncClient, who: Account, space: Space, body: dict[str, Any]) -> httpx.Response:
    return await client.patch(f"/api/v1/spaces/{space.id}", json=body, headers=who.headers)


async def statuses() -> dict[int, tuple[str, str]]:
    rows = await Booking.select(Booking.id, Booking.status, Booking.status_reason)
    return {row["id"]: (row["status"], row["status_reason"]) for row in rows}


async def test_a_shorter_longest_booking_is_refused_listing_the_live_bookings_to_come_it_would_break(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, _, space = await hall(factory)
    day = next_weekday(2, days_ahead=10)
    long_one = await factory.booking(space, at(day, 10), at(day, 13), title="Jumble sale")
    request = await factory.booking(space, at(day, 18), at(day, 21, 30), title="Quiz night", status="requested")
    await factory.booking(space, at(day, 14), at(day, 15), title="Choir")  # an hour: fits the new rule
    await factory.booking(space, at(day + timedelta(days=1), 10), at(day + timedelta(days=1), 14), status="cancelled")
    await factory.booking(space, at(day - timedelta(days=30), 10), at(day - timedelta(days=30), 14))  # over

    refused = await patch(client, manager, space, {"max_booking_minutes": 120, "name": "Big hall"})

    assert refused.status_code == 409, refused.text
    problem = refused.json()
    assert problem["type"].endswith("/affects-bookings") and problem["total"] == 2
    listed = {item["id"]: item for item in problem["bookings"]}
    assert set(listed) == {long_one.id, request.id}
    assert listed[long_one.id]["why"] == "Bookings of Main hall would last at most 2 h."
    assert listed[long_one.id]["starts_local"][:16] == f"{day.isoformat()}T10:00"
    assert listed[request.id]["status"] == "requested"
    assert "Jumble sale" in problem["detail"] and "at most 2 h" in problem["detail"]
    stored = await Space.objects().get(Space.id == space.id)
    assert (stored.max_booking_minutes, stored.name) == (480, "Main hall")


async def test_a_smaller_capacity_or_a_longer_shortest_booking_lists_the_bookings_that_break_it(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, _, space = await hall(factory)
    day = next_weekday(3, days_ahead=10)
    crowd = await factory.booking(space, at(day, 10), at(day, 12), title="Barn dance", attendance=80)
    short = await factory.booking(space, at(day, 13), at(day, 13, 30), title="Quick meeting", attendance=5)

    smaller = await patch(client, manager, space, {"capacity": 40})
    longer = await patch(client, manager, space, {"min_booking_minutes": 60})

    assert smaller.status_code == 409 and longer.status_code == 409
    assert [item["id"] for item in smaller.json()["bookings"]] == [crowd.id]
    assert smaller.json()["bookings"][0]["why"] == "Main hall would hold 40 people; this booking expects 80."
    assert [item["id"] for item in longer.json()["bookings"]] == [short.id]
    stored = await Space.objects().get(Space.id == space.id)
    assert (stored.capacity, stored.min_booking_minutes) == (100, 30)


async def test_resolving_cancels_and_keeps_the_bookings_with_the_change_and_a_kept_one_is_not_listed_again(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, _, space = await hall(factory)
    day = next_weekday(4, days_ahead=10)
    kept = await factory.booking(space, at(day, 10), at(day, 14), title="Jumble sale")
    cancelled = await factory.booking(space, at(day, 17), at(day, 21), title="Quiz night", status="requested")

    done = await patch(
        client,
        manager,
        space,
        {
            "max_booking_minutes": 180,
            "resolve": {
                "all": "cancel",
                "each": [{"booking_id": kept.id, "action": "keep"}],
                "reason": "Shorter slots",
            },
        },
    )

    assert done.status_code == 200, done.text
    assert done.json()["max_booking_minutes"] == 180
    assert (done.json()["cancelled"], done.json()["kept"]) == ([cancelled.id], [kept.id])
    now = await statuses()
    assert now[kept.id][0] == "confirmed" and now[cancelled.id] == ("cancelled", "Shorter slots")
    history = await BookingEvent.select(BookingEvent.action).where(BookingEvent.booking == kept.id)
    assert [row["action"] for row in history] == ["kept_rules"]

    shorter_still = await patch(client, manager, space, {"max_booking_minutes": 120})
    assert shorter_still.status_code == 200, shorter_still.text


async def test_cancelling_without_a_reason_or_naming_a_booking_not_reached_writes_nothing(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, _, space = await hall(factory)
    day = next_weekday(1, days_ahead=10)
    long_one = await factory.booking(space, at(day, 10), at(day, 14), title="Jumble sale")
    fits = await factory.booking(space, at(day, 15), at(day, 16), title="Choir")

    no_reason = await patch(client, manager, space, {"max_booking_minutes": 120, "resolve": {"all": "cancel"}})
    not_reached = await patch(
        client,
        manager,
        space,
        {
            "max_booking_minutes": 120,
            "resolve": {"each": [{"booking_id": fits.id, "action": "cancel"}], "all": "keep", "reason": "x"},
        },
    )

    assert no_reason.status_code == 400 and no_reason.json()["field"] == "resolve.reason"
    assert not_reached.status_code == 400 and not_reached.json()["field"] == "resolve.each"
    assert (await statuses())[long_one.id] == ("confirmed", "")
    assert (await Space.objects().get(Space.id == space.id)).max_booking_minutes == 480
    assert await BookingEvent.count() == 0


async def test_rules_about_new_requests_and_a_looser_rule_reach_no_booking(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, _, space = await hall(factory)
    day = next_weekday(0, days_ahead=10)
    await factory.booking(space, at(day, 10), at(day, 14), title="Jumble sale", attendance=90)

    changed = await patch(
        client,
        manager,
        space,
        {
            "min_notice_minutes": 30 * 24 * 60,
            "horizon_days": 60,
            "bookable": False,
            "requires_approval": True,
            "capacity": 200,
            "max_booking_minutes": 600,
        },
    )

    assert changed.status_code == 200, changed.text
    assert (changed.json()["min_notice_minutes"], changed.json()["capacity"]) == (30 * 24 * 60, 200)
    assert "cancelled" not in changed.json()


async def test_another_venues_manager_cannot_change_the_rules_or_resolve_the_bookings(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    _, _, space = await hall(factory)
    stranger = await factory.account()
    await factory.venue(manager=stranger)
    day = next_weekday(2, days_ahead=10)
    long_one = await factory.booking(space, at(day, 10), at(day, 14), title="Jumble sale")

    refused = await patch(
        client, stranger, space, {"max_booking_minutes": 120, "resolve": {"all": "cancel", "reason": "Mine now"}}
    )

    assert refused.status_code == 403, refused.text
    assert (await statuses())[long_one.id] == ("confirmed", "")
    assert (await Space.objects().get(Space.id == space.id)).max_booking_minutes == 480


async def test_a_resolution_with_a_change_that_reaches_no_booking_rule_is_refused_and_writes_nothing(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, _, space = await hall(factory)

    looser = await patch(client, manager, space, {"capacity": 200, "resolve": {"all": "keep"}})
    renamed = await patch(client, manager, space, {"name": "Big hall", "resolve": {"all": "cancel", "reason": "x"}})

    assert looser.status_code == 400 and looser.json()["field"] == "resolve"
    assert renamed.status_code == 400 and renamed.json()["field"] == "resolve"
    stored = await Space.objects().get(Space.id == space.id)
    assert (stored.capacity, stored.name) == (100, "Main hall")
