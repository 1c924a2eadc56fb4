"""Prices too large for the money columns are a clear refusal, never an overflow in the database (a 500)."""

from __future__ import annotations

import httpx
import pytest

from scheduling.invoices.issue import DocumentTooLarge, issue_for_bookings
from scheduling.models import Booking, Invoice, InvoiceCounter
from tests.bookings_support import book, future_day, local
from tests.factories import Factory
from tests.scheduling.invoices.support import line, priced_booking
from venues.core.database import write_transaction


async def test_many_costly_items_on_one_booking_are_a_400_naming_the_limit(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, booker = await factory.account("manager"), await factory.account("booker")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, requires_approval=False)
    await factory.rate(space, "standard", 3000)
    body = {"name": "Marquee", "unit": "item", "price_minor": 100_000_000}  # £1,000,000 each, the most allowed
    extra = (await client.post(f"/api/v1/venues/{venue.id}/extras", json=body, headers=manager.headers)).json()
    day = future_day()
    # 99 × £1,000,000 is 9,900,000,000 pence: more than an INTEGER column holds.
    refused = await book(
        client,
        booker,
        space.id,
        local(day, "10:00"),
        local(day, "12:00"),
        extras=[{"extra_id": extra["id"], "quantity": 99}],
    )
    assert refused.status_code == 400, refused.text
    assert refused.json()["field"] == "extras" and "£10,000,000.00" in refused.json()["detail"]
    assert await Booking.count() == 0
    fits = await book(
        client,
        booker,
        space.id,
        local(day, "10:00"),
        local(day, "12:00"),
        extras=[{"extra_id": extra["id"], "quantity": 9}],
    )
    assert fits.status_code == 201, fits.text
    saved = await Booking.objects().first()
    assert saved is not None and saved.price_minor == 900_006_000


async def test_a_long_booking_at_the_highest_rate_is_a_400(client: httpx.AsyncClient, factory: Factory) -> None:
    booker = await factory.account("booker")
    venue = await factory.venue()
    space = await factory.space(venue, max_booking_minutes=24 * 60)
    await factory.rate(space, "standard", 100_000_000)  # £1,000,000 an hour
    day = future_day()
    refused = await book(client, booker, space.id, local(day, "08:00"), local(day, "19:00"))  # 11 hours
    assert refused.status_code == 400, refused.text
    assert refused.json()["field"] == "ends_at"
    assert await Booking.count() == 0


async def test_an_invoice_too_large_for_its_columns_is_refused_before_a_number_is_taken(factory: Factory) -> None:
    venue = await factory.venue()
    space = await factory.space(venue)
    bookings = [await priced_booking(factory, space, day, line("hire", 900_000_000, "exempt")) for day in range(3)]
    with pytest.raises(DocumentTooLarge) as refused:
        async with write_transaction():
            await issue_for_bookings(bookings, None, billing=("Choir", ""))
    assert "£27,000,000.00" in refused.value.detail
    assert await Invoice.count() == 0 and await InvoiceCounter.count() == 0
    async with write_transaction():
        issued = await issue_for_bookings(bookings[:2], None, billing=("Choir", ""))
    assert issued is not None and issued.total_minor == 1_800_000_000
