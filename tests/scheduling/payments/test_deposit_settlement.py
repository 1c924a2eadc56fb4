"""One model for the deposit: invoiced and paid like any line, settled only by its return, never also by a
credit note, so a returned deposit is never counted twice (hand-computed pence)."""

from __future__ import annotations

import pytest

from scheduling.invoices.credit import credit_cancelled
from scheduling.invoices.issue import issue_for_booking
from scheduling.invoices.reprice import reprice_invoiced
from scheduling.models import Booking, Payment
from scheduling.payments.balances import booking_balance
from scheduling.payments.deposits import deposit_due, return_deposit, take_deposit
from scheduling.payments.record import PaymentDraft, record_payment
from tests.factories import Factory
from tests.scheduling.invoices.support import breakdown, line, priced_booking
from venues.core.database import write_transaction
from venues.core.errors import Conflict, InvalidInput


async def hired(factory: Factory) -> tuple[int, Booking]:
    """Hire 6000 and a deposit 5000 invoiced (11000), the hire paid and the deposit taken."""
    venue = await factory.venue()
    space = await factory.space(venue)
    booking = await priced_booking(
        factory, space, 0, line("hire", 6000, "exempt"), line("deposit", 5000, "outside_scope")
    )
    async with write_transaction():
        invoice = await issue_for_booking(booking, None)
        await deposit_due(booking)
    assert invoice is not None and invoice.total_minor == 11000
    await record_payment(
        venue.id, PaymentDraft(kind="payment", method="cash", amount_minor=6000, booking_id=booking.id), None
    )
    await take_deposit(venue.id, booking.id, "cash", None)
    return venue.id, booking


async def test_after_the_venue_cancels_and_returns_the_deposit_the_hall_owes_the_hire_back(factory: Factory) -> None:
    venue_id, booking = await hired(factory)
    async with write_transaction():
        await credit_cancelled(booking.id, 100, None, "Venue cancelled")
    assert (await booking_balance(venue_id, booking.id)).owed_minor == -6000
    await return_deposit(venue_id, booking.id, 5000, "cash", "", None)
    # 11000 invoiced − 6000 credited − 11000 paid; the deposit's return settles the deposit, nothing else
    assert (await booking_balance(venue_id, booking.id)).owed_minor == -6000
    await record_payment(
        venue_id, PaymentDraft(kind="refund", method="cash", amount_minor=6000, booking_id=booking.id), None
    )
    assert (await booking_balance(venue_id, booking.id)).owed_minor == 0


@pytest.mark.parametrize(("returned", "reason"), [(5000, ""), (3000, "Broken chair")])
async def test_a_hire_paid_in_full_owes_nothing_whatever_of_the_deposit_comes_back(
    factory: Factory, returned: int, reason: str
) -> None:
    venue_id, booking = await hired(factory)
    assert (await booking_balance(venue_id, booking.id)).owed_minor == 0
    await return_deposit(venue_id, booking.id, returned, "cash", reason, None)
    assert (await booking_balance(venue_id, booking.id)).owed_minor == 0


async def test_deposit_money_goes_through_the_deposit_not_a_bare_payment(factory: Factory) -> None:
    venue_id, booking = await hired(factory)
    for kind in ("payment", "refund"):
        draft = PaymentDraft(kind=kind, method="cash", amount_minor=5000, booking_id=booking.id, for_deposit=True)
        with pytest.raises(InvalidInput):
            await record_payment(venue_id, draft, None)
    assert await Payment.count().where(Payment.for_deposit.eq(True)) == 1  # the deposit taken, nothing more


async def test_a_cancelled_bookings_deposit_still_due_is_not_taken(factory: Factory) -> None:
    venue = await factory.venue()
    space = await factory.space(venue)
    booking = await priced_booking(
        factory, space, 0, line("hire", 6000, "exempt"), line("deposit", 5000, "outside_scope")
    )
    async with write_transaction():
        await issue_for_booking(booking, None)
        await deposit_due(booking)
        await credit_cancelled(booking.id, 100, None, "Venue cancelled")
    await Booking.update({Booking.status: "cancelled"}).where(Booking.id == booking.id)
    with pytest.raises(Conflict):
        await take_deposit(venue.id, booking.id, "cash", None)
    assert (await booking_balance(venue.id, booking.id)).owed_minor == 0


async def test_a_deposit_lowered_before_it_was_taken_then_taken_and_returned_leaves_nothing_owed(
    factory: Factory,
) -> None:
    """Hire 6000 and a deposit 5000 invoiced; before the deposit is taken the booking changes and its deposit
    becomes 3000 (a credit note of 2000 on the deposit line); 3000 taken and returned, the hire paid: 0 owed
    (11000 invoiced − 2000 credited − 9000 paid; the deposit's return settles the deposit and nothing else)."""
    venue = await factory.venue()
    space = await factory.space(venue)
    booking = await priced_booking(
        factory, space, 0, line("hire", 6000, "exempt"), line("deposit", 5000, "outside_scope")
    )
    async with write_transaction():
        await issue_for_booking(booking, None)
        await deposit_due(booking)
    old = booking.price_breakdown
    booking.price_breakdown = breakdown(line("hire", 6000, "exempt"), line("deposit", 3000, "outside_scope"))
    await booking.save()
    async with write_transaction():
        await reprice_invoiced(booking, old, None, "Tier changed")
    await record_payment(
        venue.id, PaymentDraft(kind="payment", method="cash", amount_minor=6000, booking_id=booking.id), None
    )
    await take_deposit(venue.id, booking.id, "cash", None)
    assert (await booking_balance(venue.id, booking.id)).owed_minor == 0
    await return_deposit(venue.id, booking.id, 3000, "cash", "", None)
    assert (await booking_balance(venue.id, booking.id)).owed_minor == 0
