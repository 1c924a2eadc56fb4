"""Invoices issued at confirmation: lines from the stored quote, VAT within VAT-inclusive prices, nothing for
free hire or for a group billed monthly."""

from __future__ import annotations

from datetime import timedelta

from scheduling.bookings.workflow import BookingDraft, confirm_booking, request_booking
from scheduling.invoices.issue import issue_for_booking, vat_within
from scheduling.models import GroupBilling, Invoice, InvoiceLine
from tests.bookings_support import future_day
from tests.factories import Factory
from tests.scheduling.invoices.support import at, line, priced_booking, registered
from venues.core.database import write_transaction


def test_vat_within_vat_inclusive_prices_is_hand_computed() -> None:
    assert vat_within(12000, "standard", 2000, True) == 2000  # £120 at 20% holds £20
    assert vat_within(10000, "exempt", 2000, True) == 0
    assert vat_within(5000, "outside_scope", 2000, True) == 0
    assert vat_within(5000, "zero", 2000, True) == 0
    assert vat_within(12000, "standard", 2000, False) == 0  # not registered: no VAT shown
    assert vat_within(999, "standard", 2000, True) == 167  # 166.5 rounds half-up
    assert vat_within(998, "standard", 2000, True) == 166  # 166.33
    assert vat_within(10500, "standard", 500, True) == 500  # 5%


async def test_hire_extra_and_deposit_lines_carry_their_own_vat(factory: Factory) -> None:
    venue = await factory.venue()
    space = await factory.space(venue)
    await registered(venue)
    booking = await priced_booking(
        factory,
        space,
        0,
        line("hire", 12000, "standard", "Main hall, 2 hours"),
        line("extra", 10000, "exempt", "Tables", quantity=4),
        line("deposit", 5000, "outside_scope", "Returnable deposit"),
        billing_address="2 High Street",
    )
    async with write_transaction():
        invoice = await issue_for_booking(booking, None)
    assert invoice is not None
    assert (invoice.total_minor, invoice.vat_minor) == (27000, 2000)
    assert invoice.reference == "INV-000001" and invoice.number == 1 and invoice.kind == "invoice"
    assert (invoice.billing_name, invoice.billing_address) == ("Ada Booker", "2 High Street")
    assert (invoice.seller_name, invoice.seller_address, invoice.vat_number) == (
        "Hall Trust",
        "1 Green Lane",
        "GB123456789",
    )
    assert invoice.due_on == invoice.issued_on + timedelta(days=14)
    lines = await InvoiceLine.select().where(InvoiceLine.invoice == invoice.id).order_by(InvoiceLine.position)
    assert [(r["kind"], r["amount_minor"], r["vat_minor"], r["vat_rate_bp"]) for r in lines] == [
        ("hire", 12000, 2000, 2000),
        ("extra", 10000, 0, 0),
        ("deposit", 5000, 0, 0),
    ]
    assert (lines[1]["quantity"], lines[1]["unit_minor"]) == (4, 2500)
    assert {r["service_date"] for r in lines} == {future_day()}


async def test_a_venue_not_registered_shows_no_vat_and_no_vat_number(factory: Factory) -> None:
    venue = await factory.venue(address="3 Church Road")
    space = await factory.space(venue)
    await registered(venue, vat_registered=False, billing_name="", billing_address="")
    booking = await priced_booking(factory, space, 0, line("hire", 12000, "standard"))
    async with write_transaction():
        invoice = await issue_for_booking(booking, None)
    assert invoice is not None
    assert (invoice.vat_minor, invoice.vat_number) == (0, "")
    assert (invoice.seller_name, invoice.seller_address) == (venue.name, "3 Church Road")


async def test_old_breakdowns_without_kind_are_hire_lines(factory: Factory) -> None:
    venue = await factory.venue()
    space = await factory.space(venue)
    booking = await factory.booking(
        space,
        at(0, 10),
        at(0, 12),
        price_minor=6000,
        price_breakdown='{"currency": "GBP", "total_minor": 6000, "lines": [{"description": "Hall", "minutes": 120, '
        '"hourly_rate_minor": 3000, "amount_minor": 6000}]}',
    )
    async with write_transaction():
        invoice = await issue_for_booking(booking, None)
    assert invoice is not None and invoice.total_minor == 6000
    rows = await InvoiceLine.select(InvoiceLine.kind, InvoiceLine.vat_treatment).where(
        InvoiceLine.invoice == invoice.id
    )
    assert rows == [{"kind": "hire", "vat_treatment": "exempt"}]


async def test_confirming_a_request_issues_its_invoice(factory: Factory) -> None:
    manager, member = await factory.account("manager"), await factory.account("member")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, requires_approval=True)
    await factory.rate(space, "standard", 3000)
    requested = await request_booking(member.user, BookingDraft(space.id, at(0, 10), at(0, 12), title="Party"))
    assert requested.status == "requested" and await Invoice.count() == 0
    await confirm_booking(manager.user, requested.id)
    invoice = await Invoice.objects().first()
    assert invoice is not None
    assert (invoice.total_minor, invoice.booking, invoice.reference) == (6000, requested.id, "INV-000001")
    assert invoice.billing_name == member.user.display_name
    assert invoice.issued_by == manager.id


async def test_a_booking_confirmed_at_once_is_invoiced_in_the_same_transaction(factory: Factory) -> None:
    member = await factory.account("member")
    venue = await factory.venue()
    space = await factory.space(venue, requires_approval=False)
    await factory.rate(space, "standard", 2500)
    booking = await request_booking(member.user, BookingDraft(space.id, at(0, 10), at(0, 11)))
    assert booking.status == "confirmed"
    assert [r["total_minor"] for r in await Invoice.select(Invoice.total_minor)] == [2500]


async def test_free_hire_issues_no_invoice(factory: Factory) -> None:
    member = await factory.account("member")
    venue = await factory.venue()
    space = await factory.space(venue, requires_approval=False)
    await factory.rate(space, "standard", 0)
    booking = await request_booking(member.user, BookingDraft(space.id, at(0, 10), at(0, 11)))
    assert booking.status == "confirmed" and booking.price_minor == 0
    assert await Invoice.count() == 0


async def test_a_free_hire_with_a_deposit_is_invoiced_for_the_deposit(factory: Factory) -> None:
    venue = await factory.venue()
    space = await factory.space(venue)
    booking = await priced_booking(factory, space, 0, line("hire", 0, "exempt"), line("deposit", 5000, "outside_scope"))
    async with write_transaction():
        invoice = await issue_for_booking(booking, None)
    assert invoice is not None and (invoice.total_minor, invoice.vat_minor) == (5000, 0)


async def test_a_group_billed_monthly_gets_no_invoice_at_confirmation_and_its_billing_name_otherwise(
    factory: Factory,
) -> None:
    venue = await factory.venue()
    space = await factory.space(venue)
    monthly = await factory.group(name="Choir")
    await GroupBilling(group=monthly.id, venue=venue.id, monthly=True).save()
    billed = await factory.group(name="Scouts", billing_name="Scouts Treasurer", billing_address="4 Camp Road")
    one = await priced_booking(factory, space, 0, line("hire", 4000, "exempt"), group=monthly.id)
    two = await priced_booking(factory, space, 1, line("hire", 4000, "exempt"), group=billed.id)
    async with write_transaction():
        assert await issue_for_booking(one, None) is None
        invoice = await issue_for_booking(two, None)
    assert invoice is not None
    assert (invoice.billing_name, invoice.billing_address, invoice.group) == (
        "Scouts Treasurer",
        "4 Camp Road",
        billed.id,
    )


async def test_an_issued_invoice_and_its_lines_refuse_any_update(factory: Factory) -> None:
    import pytest

    venue = await factory.venue()
    space = await factory.space(venue)
    booking = await priced_booking(factory, space, 0, line("hire", 4000, "exempt"))
    async with write_transaction():
        invoice = await issue_for_booking(booking, None)
    assert invoice is not None
    with pytest.raises(Exception, match="issued_never_change"):
        await Invoice.update({Invoice.total_minor: 1}).where(Invoice.id == invoice.id)
    with pytest.raises(Exception, match="issued_never_change"):
        await Invoice.update({Invoice.billing_name: "Someone else"}).where(Invoice.id == invoice.id)
    with pytest.raises(Exception, match="issued_never_change"):
        await InvoiceLine.update({InvoiceLine.amount_minor: 1}).where(InvoiceLine.invoice == invoice.id)
    assert [r["total_minor"] for r in await Invoice.select(Invoice.total_minor)] == [4000]
