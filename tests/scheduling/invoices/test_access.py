"""Who may read an invoice: one rule for the API and the printable page."""

from __future__ import annotations

from scheduling.invoices.access import may_read_invoice
from scheduling.invoices.issue import issue_for_bookings
from tests.factories import Factory
from tests.scheduling.invoices.support import line, priced_booking
from venues.core.database import write_transaction


async def test_the_booker_of_an_individuals_series_invoice_reads_it_and_a_stranger_may_not(factory: Factory) -> None:
    booker = await factory.account("booker")
    stranger = await factory.account("stranger")
    venue = await factory.venue()
    space = await factory.space(venue)
    dates = [
        await priced_booking(factory, space, day, line("hire", 4000, "exempt"), booked_by=booker.user.id)
        for day in (0, 7)
    ]
    async with write_transaction():
        invoice = await issue_for_bookings(dates, None)
    assert invoice is not None and invoice.booking is None and invoice.group is None
    assert await may_read_invoice(booker.user, invoice)
    assert not await may_read_invoice(stranger.user, invoice)
    assert not await may_read_invoice(None, invoice)
