"""Booking requests over HTTP: statuses, tiers, private fields, occupancy and history."""

from __future__ import annotations

import httpx

from scheduling.models import Booking, Occupancy
from tests.bookings_support import book, future_day, local
from tests.factories import Factory
from venues.models import PriceTier


async def test_request_is_held_until_the_manager_confirms_and_the_public_sees_no_private_fields(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    booker = await factory.account("booker")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    day = future_day()

    created = await book(
        client,
        booker,
        space.id,
        local(day, "14:00"),
        local(day, "16:00"),
        is_public=True,
        purpose="Birthday tea",
        booker={"phone": "01234 567890"},
    )
    assert created.status_code == 201, created.text
    booking = created.json()
    assert booking["status"] == "requested"
    assert booking["starts_at"].endswith("Z")
    assert booking["booker"] == {"name": "Booker", "email": booker.user.email, "phone": "01234 567890"}
    assert booking["price"] is None
    assert len(booking["uid"]) == 32
    assert await Occupancy.count().where(Occupancy.booking == booking["id"]) == 1

    assert (await client.get(f"/api/v1/bookings/{booking['id']}")).status_code == 404  # a request is not public yet

    confirmed = await client.post(f"/api/v1/bookings/{booking['id']}/confirm", headers=manager.headers)
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "confirmed"
    assert confirmed.json()["sequence"] == 1
    public = await client.get(f"/api/v1/bookings/{booking['id']}")
    assert public.status_code == 200
    assert "booker" not in public.json() and booker.user.email not in public.text
    assert "purpose" not in public.json() and "Birthday tea" not in public.text

    history = await client.get(f"/api/v1/bookings/{booking['id']}/history", headers=booker.headers)
    assert [event["action"] for event in history.json()["items"]] == ["created", "confirmed"]
    assert history.json()["items"][1]["changes"]["status"] == ["requested", "confirmed"]
    assert await Booking.count() == 1


async def test_choosing_a_cheaper_tier_turns_an_instant_booking_into_a_request(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    resident = await factory.account("resident")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, requires_approval=False)
    free = await PriceTier.objects().where((PriceTier.venue == venue.id) & (PriceTier.kind == "free")).first()
    standard = await PriceTier.objects().where((PriceTier.venue == venue.id) & (PriceTier.kind == "standard")).first()
    day = future_day()

    asked_free = await book(client, resident, space.id, local(day, "10:00"), local(day, "11:00"), tier_id=free.id)
    assert asked_free.status_code == 201, asked_free.text
    assert asked_free.json()["status"] == "requested"

    default = await book(client, resident, space.id, local(day, "12:00"), local(day, "13:00"), tier_id=standard.id)
    assert default.json()["status"] == "confirmed"

    by_manager = await book(client, manager, space.id, local(day, "14:00"), local(day, "15:00"), tier_id=free.id)
    assert by_manager.json()["status"] == "confirmed"
