"""Many bookings' invoices and what is owed, in two queries: the same amounts ``booking_balance`` gives each."""

from __future__ import annotations

from datetime import date

from scheduling.payments.balances import booking_balance, money_of_bookings
from scheduling.payments.record import PaymentDraft, record_payment
from tests.factories import Factory
from tests.scheduling.payments.support import issued
from tests.scheduling.payments.test_money import at, hall


async def test_many_bookings_owe_what_each_booking_balance_says(factory: Factory) -> None:
    manager, venue, space = await hall(factory)
    first, second, free = (
        await factory.booking(space, at(10), at(12)),
        await factory.booking(space, at(13), at(14)),
        await factory.booking(space, at(15), at(16)),
    )
    invoice = await issued(venue.id, [(6000, 0), (1500, 250)], date(2026, 6, 1), booking=first.id)
    credit = await issued(
        venue.id, [(1500, 0)], date(2026, 6, 2), kind="credit_note", credits=invoice.id, booking=first.id
    )
    other = await issued(venue.id, [(4000, 0)], date(2026, 6, 1), booking=second.id)
    draft = PaymentDraft(kind="payment", method="cash", amount_minor=2000, booking_id=first.id)
    await record_payment(venue.id, draft, manager.id)
    refund = PaymentDraft(kind="refund", method="cash", amount_minor=500, booking_id=first.id)
    await record_payment(venue.id, refund, manager.id)
    found = await money_of_bookings([first.id, second.id, free.id])
    assert found[first.id].owed_minor == 7500 - 1500 - 2000 + 500 == 4500
    assert found[first.id].owed_minor == (await booking_balance(venue.id, first.id)).owed_minor
    assert found[first.id].documents == [
        (invoice.id, invoice.reference, "invoice"),
        (credit.id, credit.reference, "credit_note"),
    ]
    assert found[second.id].owed_minor == 4000 and found[second.id].documents == [
        (other.id, other.reference, "invoice")
    ]
    assert free.id not in found
    assert await money_of_bookings([]) == {}
