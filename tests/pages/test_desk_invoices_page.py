"""The desk's Invoices tab: the venue's managers and treasurers see the invoices, issue a month's invoices and
credit notes, and choose which groups are billed monthly; nobody else reaches it."""

from __future__ import annotations

import json

import httpx

from scheduling.invoices.issue import issue_for_booking
from scheduling.models import GroupBilling, Invoice
from tests.factories import Factory
from tests.pages.support import days_ahead, london, post_form, sign_in
from venues.core.database import write_transaction
from venues.models import Space, Venue, VenueMoneySettings, VenueTreasurer

HIRE = json.dumps(
    {
        "currency": "GBP",
        "total_minor": 12000,
        "lines": [{"description": "Main hall", "amount_minor": 12000, "kind": "hire", "vat_treatment": "standard"}],
    }
)


async def invoiced_venue(factory: Factory) -> tuple[Venue, Space, Invoice]:
    venue = await factory.venue()
    space = await factory.space(venue)
    await VenueMoneySettings(venue=venue.id, vat_registered=True, vat_number="GB1", vat_rate_bp=2000).save()
    booking = await factory.booking(
        space, london(days_ahead(10), 10), london(days_ahead(10), 12), booker_name="Ada Booker", price_breakdown=HIRE
    )
    async with write_transaction():
        invoice = await issue_for_booking(booking, None)
    assert invoice is not None
    return venue, space, invoice


async def test_a_treasurer_sees_the_invoices_with_vat_and_due_date(client: httpx.AsyncClient, factory: Factory) -> None:
    venue, _, invoice = await invoiced_venue(factory)
    treasurer = await factory.account("treasurer")
    await VenueTreasurer(venue=venue.id, user=treasurer.id).save()
    await sign_in(client, treasurer)
    shown = await client.get(f"/desk/venues/{venue.id}/invoices")
    assert shown.status_code == 200, shown.text
    assert "INV-000001" in shown.text and "Ada Booker" in shown.text
    assert "£120.00" in shown.text and "£20.00" in shown.text
    assert 'aria-current="page">Invoices' in shown.text
    assert invoice.due_on is not None


async def test_other_accounts_do_not_reach_the_invoices(client: httpx.AsyncClient, factory: Factory) -> None:
    venue, _, _ = await invoiced_venue(factory)
    anonymous = await client.get(f"/desk/venues/{venue.id}/invoices")
    assert anonymous.status_code in (302, 303) and "/sign-in" in anonymous.headers["location"]
    await sign_in(client, await factory.account("stranger"))
    refused = await client.get(f"/desk/venues/{venue.id}/invoices")
    assert refused.status_code == 403 and "Ada Booker" not in refused.text


async def test_a_manager_issues_a_credit_note_but_never_more_than_is_left(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue, _, invoice = await invoiced_venue(factory)
    from venues.models import VenueManager

    await VenueManager(venue=venue.id, user=manager.id).save()
    await sign_in(client, manager)
    path = f"/desk/venues/{venue.id}/invoices"
    done = await post_form(client, f"{path}/{invoice.id}/credit-notes", {"amount": "60", "reason": "Heating"}, path)
    assert done.status_code == 303 and "credited=CN-000001" in done.headers["location"]
    notes = await Invoice.select(Invoice.total_minor, Invoice.vat_minor).where(Invoice.kind == "credit_note")
    assert notes == [{"total_minor": 6000, "vat_minor": 1000}]
    refused = await post_form(client, f"{path}/{invoice.id}/credit-notes", {"amount": "60.01", "reason": ""}, path)
    assert refused.status_code == 409 and "left to credit" in refused.text


async def test_monthly_billing_and_the_months_invoices_from_the_desk(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    group = await factory.group(name="Choir")
    day = days_ahead(40)
    await factory.booking(space, london(day, 10), london(day, 11), group=group.id, price_breakdown=HIRE)
    await sign_in(client, manager)
    path = f"/desk/venues/{venue.id}/invoices"
    saved = await post_form(client, f"{path}/groups/{group.id}/billing", {"monthly": "1"}, path)
    assert saved.status_code == 303
    assert await GroupBilling.select(GroupBilling.monthly).where(GroupBilling.group == group.id) == [{"monthly": True}]
    month = f"{day.year}-{day.month:02d}"
    issued = await post_form(client, f"{path}/monthly", {"month": month}, path)
    assert issued.status_code == 303 and "issued=1" in issued.headers["location"]
    again = await post_form(client, f"{path}/monthly", {"month": month}, path)
    assert "issued=0" in again.headers["location"]
    shown = await client.get(f"{path}?issued=0")
    assert "No new monthly invoices" in shown.text and "Choir" in shown.text
    bad = await post_form(client, f"{path}/monthly", {"month": "2027-13"}, path)
    assert bad.status_code == 400
