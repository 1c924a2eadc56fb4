"""Monthly invoices: one per group billed monthly, every confirmed booking of the month not invoiced yet,
and nothing new the second time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from scheduling.invoices.monthly import issue_monthly
from scheduling.models import GroupBilling, Invoice, InvoiceLine
from tests.factories import Factory
from tests.scheduling.invoices.support import line


async def test_monthly_invoices_per_group_are_idempotent(factory: Factory) -> None:
    venue = await factory.venue()
    space = await factory.space(venue)
    choir = await factory.group(name="Choir", billing_name="Choir Treasurer", billing_address="5 Hymn Street")
    yoga = await factory.group(name="Yoga")
    other = await factory.group(name="Not monthly")
    for group in (choir, yoga):
        await GroupBilling(group=group.id, venue=venue.id, monthly=True).save()
    hire = line("hire", 4000, "exempt")

    async def booked(group_id: int, start: datetime, **fields: object) -> int:
        from tests.scheduling.invoices.support import breakdown

        b = await factory.booking(
            space, start, start + timedelta(hours=1), group=group_id, price_breakdown=breakdown(hire), **fields
        )
        return b.id

    # 30 June 23:30 UTC is 1 July 00:30 in London (summer time): a July booking.
    in_july = [
        await booked(choir.id, datetime(2030, 6, 30, 23, 30, tzinfo=UTC)),
        await booked(choir.id, datetime(2030, 7, 15, 9, tzinfo=UTC)),
    ]
    await booked(choir.id, datetime(2030, 7, 31, 23, 30, tzinfo=UTC))  # 1 August in London
    await booked(choir.id, datetime(2030, 7, 20, 9, tzinfo=UTC), status="cancelled")
    yoga_july = await booked(yoga.id, datetime(2030, 7, 3, 9, tzinfo=UTC))
    await booked(other.id, datetime(2030, 7, 4, 9, tzinfo=UTC))

    issued = await issue_monthly(venue.id, 2030, 7, None)
    by_group = {invoice.group: invoice for invoice in issued}
    assert set(by_group) == {choir.id, yoga.id}
    choir_invoice = by_group[choir.id]
    assert (choir_invoice.total_minor, choir_invoice.billing_name, choir_invoice.billing_address) == (
        8000,
        "Choir Treasurer",
        "5 Hymn Street",
    )
    assert (choir_invoice.period_start, choir_invoice.period_end) == (date(2030, 7, 1), date(2030, 7, 31))
    lines = await InvoiceLine.select(InvoiceLine.booking).where(InvoiceLine.invoice == choir_invoice.id)
    assert sorted(r["booking"] for r in lines) == sorted(in_july)
    assert by_group[yoga.id].billing_name == "Yoga"
    assert [
        r["booking"]
        for r in await InvoiceLine.select(InvoiceLine.booking).where(InvoiceLine.invoice == by_group[yoga.id].id)
    ] == [yoga_july]
    assert sorted(i.number for i in issued) == [1, 2]

    assert await issue_monthly(venue.id, 2030, 7, None) == []
    assert await Invoice.count() == 2
    august = await issue_monthly(venue.id, 2030, 8, None)
    assert [i.total_minor for i in august] == [4000] and august[0].number == 3


async def test_bookings_confirmed_while_monthly_are_invoiced_after_monthly_billing_is_turned_off(
    factory: Factory,
) -> None:
    from scheduling.invoices.monthly import set_monthly
    from tests.scheduling.invoices.support import breakdown

    venue = await factory.venue()
    space = await factory.space(venue)
    choir = await factory.group(name="Choir")
    await set_monthly(choir.id, venue.id, True)
    start = datetime(2030, 7, 15, 9, tzinfo=UTC)
    booking = await factory.booking(
        space,
        start,
        start + timedelta(hours=1),
        group=choir.id,
        price_breakdown=breakdown(line("hire", 4000, "exempt")),
    )
    await set_monthly(choir.id, venue.id, False)
    issued = await issue_monthly(venue.id, 2030, 7, None)
    assert [(i.group, i.total_minor) for i in issued] == [(choir.id, 4000)]
    lines = await InvoiceLine.select(InvoiceLine.booking).where(InvoiceLine.invoice == issued[0].id)
    assert [r["booking"] for r in lines] == [booking.id]
