"""Deleting an account clears the booking's billing address and the group billing details naming the person,
while the invoices keep the name and address they were made out to."""

from __future__ import annotations

from scheduling.accounts.erasure import delete_account
from scheduling.invoices.issue import issue_for_booking
from scheduling.models import Booking, Group, GroupOrganiser, Invoice
from tests.factories import Factory
from tests.scheduling.invoices.support import line, priced_booking
from venues.core.database import write_transaction


async def test_erasure_keeps_the_invoice_billing_name_and_clears_the_rest(factory: Factory) -> None:
    person, other = await factory.account("ada"), await factory.account("grace")
    venue = await factory.venue()
    space = await factory.space(venue)
    group = await factory.group(organiser=person, billing_name="Ada", billing_address="7 Quiet Lane")
    await GroupOrganiser(group=group.id, user=other.id).save()
    booking = await priced_booking(
        factory,
        space,
        0,
        line("hire", 4000, "exempt"),
        booked_by=person.id,
        booker_name="Ada",
        booker_email=person.user.email,
        billing_address="7 Quiet Lane",
    )
    async with write_transaction():
        invoice = await issue_for_booking(booking, None)
    assert invoice is not None and invoice.billing_name == "Ada"  # no group on this booking: the booker
    await delete_account(person.user)
    assert await Booking.select(Booking.booker_name, Booking.billing_address).where(Booking.id == booking.id) == [
        {"booker_name": "", "billing_address": ""}
    ]
    assert await Group.select(Group.billing_name, Group.billing_address).where(Group.id == group.id) == [
        {"billing_name": "", "billing_address": ""}
    ]
    kept = await Invoice.select(Invoice.billing_name, Invoice.billing_address).where(Invoice.id == invoice.id)
    assert kept == [{"billing_name": "Ada", "billing_address": "7 Quiet Lane"}]
