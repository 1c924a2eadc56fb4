"""Credit notes: a cancellation credits its refund share of hire and extras and all of the deposit; a
treasurer's credit never exceeds what the invoice still owes."""

from __future__ import annotations

import pytest

from scheduling.invoices.credit import credit_cancelled, credit_invoice
from scheduling.invoices.issue import issue_for_booking
from scheduling.models import Booking, Invoice, InvoiceLine
from scheduling.payments.deposits import deposit_due, take_deposit
from tests.factories import Factory
from tests.scheduling.invoices.support import line, priced_booking, registered
from venues.core.database import write_transaction
from venues.core.errors import Conflict


async def invoiced(factory: Factory) -> tuple[int, Invoice]:
    venue = await factory.venue()
    space = await factory.space(venue)
    await registered(venue)
    booking = await priced_booking(
        factory,
        space,
        0,
        line("hire", 12000, "standard"),
        line("extra", 2001, "exempt"),
        line("deposit", 5000, "outside_scope"),
    )
    async with write_transaction():
        invoice = await issue_for_booking(booking, None)
    assert invoice is not None and invoice.total_minor == 19001
    return booking.id, invoice


@pytest.mark.parametrize(
    ("percent", "lines", "vat"),
    [
        (100, [12000, 2001, 5000], 2000),
        (50, [6000, 1001, 5000], 1000),  # 1000.5 rounds half-up
        (0, [5000], 0),  # the deposit always comes back
    ],
)
async def test_a_cancellation_credits_its_refund_share_and_the_whole_deposit(
    factory: Factory, percent: int, lines: list[int], vat: int
) -> None:
    booking_id, invoice = await invoiced(factory)
    async with write_transaction():
        note = await credit_cancelled(booking_id, percent, None, "Cancelled")
    assert note is not None
    assert (note.kind, note.credits, note.reference, note.number) == ("credit_note", invoice.id, "CN-000001", 1)
    assert (note.total_minor, note.vat_minor) == (sum(lines), vat)
    assert note.billing_name == invoice.billing_name and note.note == "Cancelled"
    rows = (
        await InvoiceLine.select(InvoiceLine.amount_minor)
        .where(InvoiceLine.invoice == note.id)
        .order_by(InvoiceLine.position)
    )
    assert [r["amount_minor"] for r in rows] == lines


async def test_a_booking_on_no_invoice_gets_no_credit_note(factory: Factory) -> None:
    venue = await factory.venue()
    space = await factory.space(venue)
    booking = await priced_booking(factory, space, 0, line("hire", 4000, "exempt"))
    async with write_transaction():
        assert await credit_cancelled(booking.id, 100, None, "") is None
    assert await Invoice.count() == 0


async def test_a_treasurers_credit_is_of_hire_and_extras_only_and_never_exceeds_what_is_left(
    factory: Factory,
) -> None:
    _, invoice = await invoiced(factory)
    first = await credit_invoice(invoice.id, 9001, "Goodwill", None)
    assert (first.total_minor, first.reference) == (9001, "CN-000001")
    # Shared over hire and extra only (the deposit is settled by returning it): 12000, 2001 of 14001 →
    # 7714.59, 1286.41 → 7715, 1286
    rows = await InvoiceLine.select(InvoiceLine.amount_minor, InvoiceLine.kind).where(InvoiceLine.invoice == first.id)
    assert sorted((r["kind"], r["amount_minor"]) for r in rows) == [("extra", 1286), ("hire", 7715)]
    assert first.vat_minor == 1286  # 7715 × 2000 ÷ 12000 = 1285.83
    with pytest.raises(Conflict):
        await credit_invoice(invoice.id, 5001, "Too much: only 14001 − 9001 of hire and extras is left", None)
    last = await credit_invoice(invoice.id, 5000, "The rest", None)
    assert last.reference == "CN-000002"
    with pytest.raises(Conflict):
        await credit_invoice(invoice.id, 1, "Nothing left", None)
    assert await Invoice.count().where(Invoice.kind == "credit_note") == 2


async def test_a_cancellation_credits_its_share_of_the_net_hire_after_a_daily_cap(factory: Factory) -> None:
    venue = await factory.venue()
    space = await factory.space(venue)
    booking = await priced_booking(
        factory,
        space,
        0,
        line("hire", 10000, "exempt"),
        line("hire", -4000, "exempt", "Daily cap"),
        line("deposit", 5000, "outside_scope"),
    )
    async with write_transaction():
        invoice = await issue_for_booking(booking, None)
    assert invoice is not None and invoice.total_minor == 11000
    async with write_transaction():
        note = await credit_cancelled(booking.id, 50, None, "Hirer cancelled")
    # 50% of the net hire (10000 − 4000) is 3000, and the deposit (never taken) 5000
    assert note is not None and note.total_minor == 8000


async def test_a_cancellation_never_credits_a_deposit_that_was_taken(factory: Factory) -> None:
    booking_id, invoice = await invoiced(factory)
    booking = await Booking.objects().where(Booking.id == booking_id).first()
    assert booking is not None
    async with write_transaction():
        await deposit_due(booking)
    await take_deposit(invoice.venue, booking_id, "cash", None)
    async with write_transaction():
        note = await credit_cancelled(booking_id, 100, None, "Venue cancelled")
    assert note is not None and note.total_minor == 14001  # hire and extra; the deposit goes back by its return
