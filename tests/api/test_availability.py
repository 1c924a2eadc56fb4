"""Free time of spaces and venues: hours, closures, held time with buffers, combined spaces, rules, query count."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import httpx

from scheduling.holds.occupancy import epoch
from scheduling.models import Booking, Occupancy
from tests.bookings_support import book, future_day, local
from tests.factories import Factory
from venues.models import Closure, OpeningHours, SpacePart, Venue

DAY = future_day()
NEXT = DAY + timedelta(days=1)


def window(first: date = DAY, last: date = NEXT) -> dict[str, str]:
    return {"from": local(first, "00:00"), "to": local(last, "00:00")}


def local_times(space: dict[str, object]) -> list[tuple[str, str]]:
    return [(item["starts_local"][11:16], item["ends_local"][11:16]) for item in space["free"]]  # type: ignore[index, union-attr]


async def hours_9_to_17(venue: Venue) -> None:
    await OpeningHours.insert(
        *[OpeningHours(venue=venue.id, weekday=d, opens=time(9), closes=time(17)) for d in range(7)]
    )


async def test_free_time_leaves_room_for_this_spaces_buffers_and_drops_short_gaps(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    booker = await factory.account()
    venue = await factory.venue()
    await hours_9_to_17(venue)
    space = await factory.space(
        venue, open_all_week=False, setup_buffer_minutes=15, cleanup_buffer_minutes=15, min_booking_minutes=60
    )
    assert (await book(client, booker, space.id, local(DAY, "11:00"), local(DAY, "12:00"))).status_code == 201
    # Held 10:45–12:15; this space needs 15 min either side, so 10:30–12:30 is out.
    # 15:00–15:30 held leaves 12:30–14:30 (2 h) and 16:00–17:00 (1 h, the minimum).
    assert (
        await book(client, booker, space.id, local(DAY, "15:00"), local(DAY, "16:00"), ends_at=local(DAY, "15:30"))
    ).status_code == 422
    assert (await book(client, booker, space.id, local(DAY, "14:45"), local(DAY, "15:45"))).status_code == 201

    found = await client.get(f"/api/v1/spaces/{space.id}/availability", params=window())
    assert found.status_code == 200, found.text
    assert local_times(found.json()) == [("09:00", "10:30"), ("12:30", "14:15")]
    assert found.json()["free"][0]["starts_at"].endswith("Z")
    # The edges really are bookable.
    assert (await book(client, booker, space.id, local(DAY, "09:00"), local(DAY, "10:30"))).status_code == 201
    assert (await book(client, booker, space.id, local(DAY, "12:30"), local(DAY, "14:15"))).status_code == 201
    assert (await client.get(f"/api/v1/spaces/{space.id}/availability", params=window())).json()["free"] == []


async def test_a_combined_space_is_free_only_where_every_part_is(client: httpx.AsyncClient, factory: Factory) -> None:
    booker = await factory.account()
    venue = await factory.venue()
    await hours_9_to_17(venue)
    main = await factory.space(venue, open_all_week=False, name="Main")
    small = await factory.space(venue, open_all_week=False, name="Small")
    whole = await factory.space(venue, open_all_week=False, name="Whole")
    await SpacePart.insert(SpacePart(combined=whole.id, part=main.id), SpacePart(combined=whole.id, part=small.id))
    assert (await book(client, booker, whole.id, local(DAY, "10:00"), local(DAY, "11:00"))).status_code == 201
    assert (await book(client, booker, main.id, local(DAY, "14:00"), local(DAY, "15:00"))).status_code == 201

    found = await client.get(f"/api/v1/venues/{venue.id}/availability", params=window())
    assert found.status_code == 200
    by_name = {space["space_name"]: local_times(space) for space in found.json()["spaces"]}
    assert by_name == {
        "Main": [("09:00", "10:00"), ("11:00", "14:00"), ("15:00", "17:00")],
        "Small": [("09:00", "10:00"), ("11:00", "17:00")],
        "Whole": [("09:00", "10:00"), ("11:00", "14:00"), ("15:00", "17:00")],
    }


async def test_closures_notice_and_horizon_shape_free_time(client: httpx.AsyncClient, factory: Factory) -> None:
    venue = await factory.venue()
    space = await factory.space(venue, min_notice_minutes=120, horizon_days=2)
    today = datetime.now(UTC).date()
    await Closure(
        venue=venue.id, starts_on=today + timedelta(days=1), ends_on=today + timedelta(days=1), reason="Bank holiday"
    ).save()
    found = await client.get(
        f"/api/v1/spaces/{space.id}/availability", params=window(today - timedelta(days=1), today + timedelta(days=5))
    )
    free = [
        (datetime.fromisoformat(f["starts_at"]), datetime.fromisoformat(f["ends_at"])) for f in found.json()["free"]
    ]
    now = datetime.now(UTC)
    assert free and free[0][0] >= now + timedelta(minutes=119)
    assert free[-1][1] <= now + timedelta(days=2, minutes=1)
    closed_from = datetime.combine(today + timedelta(days=1), time(0), ZoneInfo("Europe/London"))
    assert not any(a < closed_from + timedelta(hours=23) and b > closed_from + timedelta(hours=1) for a, b in free)


def next_clock_change(tz: ZoneInfo) -> date:
    day = datetime.now(UTC).date() + timedelta(days=2)
    while (
        datetime.combine(day, time(12), tz).utcoffset()
        == datetime.combine(day + timedelta(days=1), time(12), tz).utcoffset()
    ):
        day += timedelta(days=1)
    return day + timedelta(days=1)


async def test_free_time_across_a_clock_change_keeps_local_hours(client: httpx.AsyncClient, factory: Factory) -> None:
    venue = await factory.venue()
    await hours_9_to_17(venue)
    space = await factory.space(venue, open_all_week=False)
    change = next_clock_change(ZoneInfo("Europe/London"))
    found = await client.get(
        f"/api/v1/spaces/{space.id}/availability", params=window(change - timedelta(days=1), change + timedelta(days=1))
    )
    free = found.json()["free"]
    assert len(free) == 2
    assert all(f["starts_local"][11:19] == "09:00:00" and f["ends_local"][11:19] == "17:00:00" for f in free)
    before, after = (f["starts_local"][19:] for f in free)
    assert before != after  # the UTC offset differs on either side of the change
    assert free[0]["starts_at"][11:16] != free[1]["starts_at"][11:16]
    assert all(f["starts_at"].endswith("Z") for f in free)


async def test_windows_are_checked_and_archived_places_are_hidden(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    archived = await factory.space(venue, archived=True)
    path = f"/api/v1/spaces/{space.id}/availability"
    assert (await client.get(path, params=window(DAY, DAY + timedelta(days=62)))).status_code == 200
    too_long = await client.get(path, params=window(DAY, DAY + timedelta(days=63)))
    assert too_long.status_code == 400 and too_long.json()["field"] == "to"
    assert (await client.get(path, params=window(NEXT, DAY))).status_code == 400
    assert (await client.get(path, params={"from": local(DAY, "00:00")})).status_code == 400
    assert (await client.get(f"/api/v1/spaces/{archived.id}/availability", params=window())).status_code == 404
    listed = await client.get(f"/api/v1/venues/{venue.id}/availability", params=window())
    assert [s["space_id"] for s in listed.json()["spaces"]] == [space.id]
    await Venue.update({Venue.archived: True}).where(Venue.id == venue.id)
    assert (await client.get(f"/api/v1/venues/{venue.id}/availability", params=window())).status_code == 404
    assert (
        await client.get(f"/api/v1/venues/{venue.id}/availability", params=window(), headers=manager.headers)
    ).status_code == 200


async def test_venue_availability_costs_the_same_queries_however_many_spaces_and_bookings(
    client: httpx.AsyncClient, factory: Factory, query_log: list[str]
) -> None:
    small_venue = await factory.venue()
    await factory.space(small_venue)
    big_venue = await factory.venue()
    spaces = [await factory.space(big_venue) for _ in range(5)]
    whole = await factory.space(big_venue)
    await SpacePart.insert(*[SpacePart(combined=whole.id, part=part.id) for part in spaces[:2]])
    await Closure(venue=big_venue.id, space=spaces[3].id, starts_on=NEXT, ends_on=NEXT, reason="Paint").save()
    # Forty held half-hours, written directly: only the occupancy rows matter to availability.
    start = datetime.combine(DAY, time(8), ZoneInfo("Europe/London"))
    slots = [(space, start + timedelta(hours=hour)) for hour in range(10) for space in spaces[1:]]
    await Booking.insert(
        *[
            Booking(
                uid=f"slot-{n}",
                venue=big_venue.id,
                space=space.id,
                status="confirmed",
                starts_at=at,
                ends_at=at + timedelta(minutes=30),
            )
            for n, (space, at) in enumerate(slots)
        ]
    )
    bookings = await Booking.select(Booking.id).order_by(Booking.id)
    await Occupancy.insert(
        *[
            Occupancy(booking=row["id"], space=space.id, starts_ts=epoch(at), ends_ts=epoch(at + timedelta(minutes=30)))
            for row, (space, at) in zip(bookings, slots, strict=True)
        ]
    )

    query_log.clear()
    assert (await client.get(f"/api/v1/venues/{small_venue.id}/availability", params=window())).status_code == 200
    few = len(query_log)
    query_log.clear()
    big = await client.get(f"/api/v1/venues/{big_venue.id}/availability", params=window())
    assert big.status_code == 200 and len(big.json()["spaces"]) == 6
    free_counts = {space["space_id"]: len(space["free"]) for space in big.json()["spaces"]}
    assert free_counts[spaces[0].id] == 1 and free_counts[spaces[1].id] == free_counts[whole.id] == 11
    assert len(query_log) == few <= 7, query_log
    query_log.clear()
    assert (await client.get(f"/api/v1/spaces/{whole.id}/availability", params=window())).status_code == 200
    assert len(query_log) <= 7, query_log
