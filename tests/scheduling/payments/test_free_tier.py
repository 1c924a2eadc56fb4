"""A booking at the free tier costs nothing: no invoice and no deposit, though the venue's other tiers
charge a rate, a deposit and extras."""

from __future__ import annotations

from dataclasses import replace
from datetime import time

from scheduling.bookings.workflow import BookingDraft, request_booking
from scheduling.models import Deposit, Invoice
from tests.factories import Factory
from tests.scheduling.payments.test_cancellation_money import ZONE, day, hall
from venues.core.timezones import local_datetime
from venues.models import PriceTier


async def test_a_booking_at_the_free_tier_gets_no_invoice_and_no_deposit(factory: Factory) -> None:
    manager, _, venue, space, urn = await hall(factory)
    free = await PriceTier.objects().where((PriceTier.venue == venue.id) & (PriceTier.kind == "free")).first()
    draft = BookingDraft(
        space.id,
        local_datetime(day(), time(10), ZONE).replace(tzinfo=None),
        local_datetime(day(), time(12), ZONE).replace(tzinfo=None),
        tier_id=free.id,
        extras=((urn.id, 1),),
    )
    booking = await request_booking(manager.user, draft)
    assert (booking.status, booking.tier, booking.price_minor) == ("confirmed", free.id, 0)
    assert await Invoice.count() == 0 and await Deposit.count() == 0
    later = replace(
        draft,
        tier_id=None,
        starts_at=local_datetime(day(), time(13), ZONE).replace(tzinfo=None),
        ends_at=local_datetime(day(), time(15), ZONE).replace(tzinfo=None),
    )
    standard = await request_booking(manager.user, later)
    assert await Invoice.count() == 1 and await Deposit.count() == 1 and standard.price_minor == 10000
