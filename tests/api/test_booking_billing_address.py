"""A one-off booking's billing address: given on the request, printed on its invoice, never shown to the public."""

from __future__ import annotations

import httpx

from scheduling.models import Booking, Invoice
from tests.bookings_support import book, future_day, local
from tests.factories import Factory
from tests.pages.support import days_ahead, post_form, sign_in

ADDRESS = "MARKER-ADDRESS 12 Quayside\nRiverton RV1 2AB"


async def test_the_address_given_on_the_request_is_on_the_invoice_and_private(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, booker = await factory.account("manager"), await factory.account("booker")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, requires_approval=True)
    await factory.rate(space, "standard", 3000)
    day = future_day()
    made = await book(
        client, booker, space.id, local(day, "10:00"), local(day, "12:00"), is_public=True, billing_address=ADDRESS
    )
    assert made.status_code == 201, made.text
    assert made.json()["billing_address"] == ADDRESS  # the booker sees what they gave
    booking_id = made.json()["id"]
    confirmed = await client.post(f"/api/v1/bookings/{booking_id}/confirm", json={}, headers=manager.headers)
    assert confirmed.status_code in (200, 201), confirmed.text
    invoice = await Invoice.objects().where(Invoice.booking == booking_id).first()
    assert invoice is not None and invoice.billing_address == ADDRESS
    assert invoice.billing_name == booker.user.display_name
    public = [
        await client.get(f"/api/v1/bookings/{booking_id}"),
        await client.get("/api/v1/bookings", params={"venue_id": venue.id}),
        await client.get(f"/api/v1/venues/{venue.id}/calendar.ics"),
        await client.get("/"),
        await client.get(f"/bookings/{booking_id}"),
    ]
    assert public[0].status_code == 200, public[0].text
    for response in public:
        assert "MARKER-ADDRESS" not in response.text, response.url


async def test_a_control_character_or_an_overlong_address_is_refused(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    venue = await factory.venue()
    space = await factory.space(venue)
    booker = await factory.account("booker")
    day = future_day()
    for address in ("a\x00b", "x" * 2001):
        refused = await book(
            client, booker, space.id, local(day, "10:00"), local(day, "12:00"), billing_address=address
        )
        assert refused.status_code == 400, refused.text
    assert await Booking.count() == 0


async def test_the_booking_form_takes_a_billing_address_over_lines(client: httpx.AsyncClient, factory: Factory) -> None:
    venue = await factory.venue()
    space = await factory.space(venue)
    hirer = await factory.account("hirer")
    await sign_in(client, hirer)
    day = days_ahead(8)
    path = f"/book/spaces/{space.id}?date={day.isoformat()}&start=10:00&end=12:00"
    assert 'name="billing_address"' in (await client.get(path)).text
    form = {
        "date": day.isoformat(),
        "start": "10:00",
        "end": "12:00",
        "title": "Talk",
        "attendance": "10",
        "billing_address": "12 Quayside\r\nRiverton",
    }
    sent = await post_form(client, f"/book/spaces/{space.id}", form, path)
    assert sent.status_code == 303, sent.text
    booking = await Booking.objects().first()
    assert booking is not None and booking.billing_address == "12 Quayside\nRiverton"
