"""Moving a booking to another space of its venue (PATCH space_id): the venue's managers only, under the guard."""

from __future__ import annotations

import httpx

from scheduling.bookings.audit import load_json
from scheduling.models import Booking, BookingEvent, Occupancy
from tests.bookings_support import book, future_day, local
from tests.factories import Factory

DAY = future_day()


async def held_spaces(booking_id: int) -> set[int]:
    return set(await Occupancy.select(Occupancy.space).where(Occupancy.booking == booking_id).output(as_list=True))


async def test_a_manager_moves_a_booking_to_another_space_and_it_is_priced_and_held_there(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    main = await factory.space(venue, name="Main hall")
    small = await factory.space(venue, name="Small hall")
    await factory.rate(main, "standard", 2000)
    await factory.rate(small, "standard", 1000)
    made = (await book(client, manager, main.id, local(DAY, "10:00"), local(DAY, "12:00"))).json()
    assert made["status"] == "confirmed" and made["price"]["total_minor"] == 4000

    moved = await client.patch(f"/api/v1/bookings/{made['id']}", json={"space_id": small.id}, headers=manager.headers)
    assert moved.status_code == 200, moved.text
    assert (moved.json()["space_id"], moved.json()["space_name"]) == (small.id, "Small hall")
    assert moved.json()["price"]["total_minor"] == 2000
    assert await held_spaces(made["id"]) == {small.id}
    event = await BookingEvent.objects().where(BookingEvent.action == "changed").first()
    assert "space" in load_json(event.changes)
    # The main hall's time is free again.
    assert (await book(client, manager, main.id, local(DAY, "10:00"), local(DAY, "12:00"))).status_code == 201


async def test_only_managers_move_a_booking_to_another_space_and_only_within_its_venue(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    booker = await factory.account("booker")
    venue = await factory.venue(manager=manager)
    main, small = await factory.space(venue), await factory.space(venue)
    elsewhere = await factory.space(await factory.venue(manager=manager))
    made = (await book(client, booker, main.id, local(DAY, "10:00"), local(DAY, "12:00"))).json()
    path = f"/api/v1/bookings/{made['id']}"

    refused = await client.patch(path, json={"space_id": small.id}, headers=booker.headers)
    assert refused.status_code == 403
    other_venue = await client.patch(path, json={"space_id": elsewhere.id}, headers=manager.headers)
    assert other_venue.status_code == 400 and other_venue.json()["field"] == "space_id"
    unknown = await client.patch(path, json={"space_id": 987654}, headers=manager.headers)
    assert unknown.status_code == 404
    # Naming the space it is in already is no move, and the booker may do that.
    same = await client.patch(path, json={"space_id": main.id, "title": "Renamed"}, headers=booker.headers)
    assert same.status_code == 200 and same.json()["title"] == "Renamed"
    stored = await Booking.objects().where(Booking.id == made["id"]).first()
    assert stored.space == main.id and await held_spaces(made["id"]) == {main.id}


async def test_a_move_into_another_space_s_held_time_is_a_409_that_changes_nothing(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    main, small = await factory.space(venue), await factory.space(venue)
    made = (await book(client, manager, main.id, local(DAY, "10:00"), local(DAY, "12:00"))).json()
    await book(client, manager, small.id, local(DAY, "11:00"), local(DAY, "13:00"), title="Yoga")

    clash = await client.patch(f"/api/v1/bookings/{made['id']}", json={"space_id": small.id}, headers=manager.headers)
    assert clash.status_code == 409 and clash.json()["type"].endswith("/overlap")
    stored = await Booking.objects().where(Booking.id == made["id"]).first()
    assert (stored.space, stored.sequence) == (main.id, 0) and await held_spaces(made["id"]) == {main.id}
