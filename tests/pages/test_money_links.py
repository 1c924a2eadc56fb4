"""Money is reachable from the pages people use: invoice numbers link to the printable invoice from the desk,
the booking's page, My bookings and statements; treasurers get the money tabs only; organisers set the group's
billing details on its page."""

from __future__ import annotations

import html
from datetime import date, datetime, time

import httpx

from scheduling.bookings.workflow import BookingDraft, request_booking
from scheduling.models import Booking, Group, Invoice
from scheduling.payments.deposits import return_deposit, take_deposit
from scheduling.payments.record import PaymentDraft, record_payment
from tests.factories import Account, Factory
from tests.pages.support import days_ahead, post_form, sign_in
from tests.scheduling.payments.support import issued
from venues.models import PriceTier, SpaceRate, Venue, VenueTreasurer


async def priced_booking(factory: Factory) -> tuple[Account, Account, Venue, Booking, Invoice]:
    """A booker's 2-hour booking at £20 an hour with a £50 deposit, confirmed at once and so invoiced: £90."""
    manager, booker = await factory.account("manager"), await factory.account("booker")
    venue = await factory.venue(manager=manager, name="Village Hall")
    space = await factory.space(venue, name="Main hall", requires_approval=False)
    standard = await PriceTier.objects().where((PriceTier.venue == venue.id) & (PriceTier.kind == "standard")).first()
    assert standard is not None
    await SpaceRate(space=space.id, tier=standard.id, hourly_rate_minor=2000, deposit_minor=5000).save()
    day = days_ahead(10)
    booking = await request_booking(
        booker.user,
        BookingDraft(space.id, datetime.combine(day, time(10)), datetime.combine(day, time(12)), title="Birthday tea"),
    )
    invoice = await Invoice.objects().where(Invoice.booking == booking.id).first()
    assert booking.status == "confirmed" and invoice is not None and invoice.total_minor == 9000
    return manager, booker, venue, booking, invoice


async def test_the_booking_page_shows_its_invoice_what_is_owed_and_the_deposit(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, booker, venue, booking, invoice = await priced_booking(factory)
    await record_payment(
        venue.id, PaymentDraft(kind="payment", method="cash", amount_minor=3000, booking_id=booking.id), manager.id
    )
    await sign_in(client, booker)
    shown = await client.get(f"/bookings/{booking.id}")
    assert shown.status_code == 200
    text = html.unescape(shown.text)
    assert f'<a href="/invoices/{invoice.id}">{invoice.reference}</a>' in text
    assert "£90.00" in text  # the invoice's total
    assert '<dd id="owed"><strong>£60.00</strong></dd>' in text  # £90 less £30 paid
    assert '<dd id="deposit">£50.00: due, not received yet</dd>' in text
    stranger = await factory.account("stranger")
    await sign_in(client, stranger)
    assert (await client.get(f"/bookings/{booking.id}")).status_code == 404


async def test_the_booking_page_says_what_of_the_deposit_was_returned_and_why_the_rest_was_kept(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, booker, venue, booking, _ = await priced_booking(factory)
    await take_deposit(venue.id, booking.id, "cash", manager.id)
    await return_deposit(venue.id, booking.id, 3000, "cash", "A broken glass.", manager.id)
    await sign_in(client, booker)
    text = html.unescape((await client.get(f"/bookings/{booking.id}")).text)
    assert '<dd id="deposit">£50.00: partly returned (£30.00 returned); £20.00 kept: A broken glass.</dd>' in text


async def test_a_free_booking_page_has_no_money_section(client: httpx.AsyncClient, factory: Factory) -> None:
    booker = await factory.account("booker")
    venue = await factory.venue(manager=await factory.account())
    space = await factory.space(venue, requires_approval=False)
    day = days_ahead(10)
    booking = await request_booking(
        booker.user, BookingDraft(space.id, datetime.combine(day, time(10)), datetime.combine(day, time(12)))
    )
    await sign_in(client, booker)
    assert "Invoices and payments" not in (await client.get(f"/bookings/{booking.id}")).text


async def test_my_bookings_shows_each_priced_bookings_invoice_and_what_is_owed(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, booker, venue, booking, invoice = await priced_booking(factory)
    await record_payment(
        venue.id, PaymentDraft(kind="payment", method="cash", amount_minor=2500, invoice_id=invoice.id), manager.id
    )
    await sign_in(client, booker)
    mine = await client.get("/my/bookings")
    assert mine.status_code == 200
    item = mine.text.split(f'id="booking-{booking.id}"')[1].split("</li>")[0]
    assert f'<a href="/invoices/{invoice.id}">{invoice.reference}</a>' in item
    assert "<dt>Owed</dt><dd>£65.00</dd>" in item  # £90 less £25
    assert (await client.get(f"/invoices/{invoice.id}")).status_code == 200  # the link opens for the booker


async def hall_with_group_invoice(factory: Factory) -> tuple[Account, Account, Account, Venue, Group, Invoice]:
    manager, treasurer, organiser = (
        await factory.account("manager"),
        await factory.account("treasurer"),
        await factory.account("organiser"),
    )
    venue = await factory.venue(manager=manager, name="Village Hall")
    await VenueTreasurer(venue=venue.id, user=treasurer.id).save()
    group = await factory.group(organiser, name="Choir")
    invoice = await issued(venue.id, [(9000, 0)], date(2026, 1, 1), date(2026, 1, 15), group=group.id)
    return manager, treasurer, organiser, venue, group, invoice


async def test_invoice_numbers_on_the_desk_link_to_the_printable_invoice(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, _, _, venue, group, invoice = await hall_with_group_invoice(factory)
    link = f'<a href="/invoices/{invoice.id}">{invoice.reference}</a>'
    await sign_in(client, manager)
    assert link in (await client.get(f"/desk/venues/{venue.id}/invoices")).text
    money = (await client.get(f"/desk/venues/{venue.id}/money")).text
    overdue = money.split('id="overdue-heading"')[1].split("</section>")[0]
    assert link in overdue
    assert link in (await client.get(f"/desk/venues/{venue.id}/money/groups/{group.id}")).text
    assert (await client.get(f"/invoices/{invoice.id}")).status_code == 200


async def test_organisers_open_the_groups_invoices_from_its_statement(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    _, _, organiser, venue, group, invoice = await hall_with_group_invoice(factory)
    await sign_in(client, organiser)
    statement = await client.get(f"/groups/{group.id}/statements/{venue.id}")
    assert f'<a href="/invoices/{invoice.id}">{invoice.reference}</a>' in statement.text
    assert (await client.get(f"/invoices/{invoice.id}")).status_code == 200


async def test_a_treasurer_has_the_money_tabs_and_reads_the_settings_without_changing_them(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    _, treasurer, _, venue, _, _ = await hall_with_group_invoice(factory)
    desk = f"/desk/venues/{venue.id}"
    await sign_in(client, treasurer)
    for tab in ("invoices", "money", "money-settings"):
        shown = await client.get(f"{desk}/{tab}")
        assert shown.status_code == 200, tab
        for shared in ("invoices", "money", "money-settings"):
            assert f'href="{desk}/{shared}"' in shown.text
        for managers_only in ("week", "charges", "managers"):
            assert f'href="{desk}/{managers_only}"' not in shown.text
        assert f'href="{desk}"' not in shown.text  # Requests
    settings = await client.get(f"{desk}/money-settings")
    assert "<fieldset disabled" in settings.text and "Save the money settings" not in settings.text
    assert 'aria-current="page">Money settings<' in settings.text
    refused = await client.post(f"{desk}/money-settings", data={"payment_terms_days": "3"})
    assert refused.status_code == 403
    assert (await client.get(desk)).status_code == 403
    assert (await client.get(f"{desk}/week")).status_code == 403


async def test_a_manager_still_changes_the_money_settings(client: httpx.AsyncClient, factory: Factory) -> None:
    manager, _, _, venue, _, _ = await hall_with_group_invoice(factory)
    await sign_in(client, manager)
    settings = await client.get(f"/desk/venues/{venue.id}/money-settings")
    assert "<fieldset disabled" not in settings.text and "Save the money settings" in settings.text
    assert f'href="/desk/venues/{venue.id}/week"' in settings.text


async def test_organisers_set_the_groups_billing_details_on_its_page(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    organiser, member = await factory.account("organiser"), await factory.account("member")
    group = await factory.group(organiser, name="Choir")
    page_url = f"/groups/{group.id}"
    await sign_in(client, organiser)
    assert f'action="/groups/{group.id}/billing"' in (await client.get(page_url)).text
    saved = await post_form(
        client,
        f"{page_url}/billing",
        {"billing_name": "Choir treasurer", "billing_address": "2 Mill Road\r\nLittle Marsh"},
        page_url,
    )
    assert saved.status_code == 303 and saved.headers["location"] == f"{page_url}?billing=saved#billing"
    stored = await Group.objects().where(Group.id == group.id).first()
    assert stored is not None
    assert (stored.billing_name, stored.billing_address) == ("Choir treasurer", "2 Mill Road\nLittle Marsh")
    shown = (await client.get(f"{page_url}?billing=saved")).text
    assert 'value="Choir treasurer"' in shown and "The billing details are saved" in shown
    refused = await post_form(
        client, f"{page_url}/billing", {"billing_name": "x" * 201, "billing_address": ""}, page_url
    )
    assert refused.status_code == 400 and "nothing was saved" in refused.text
    assert (await Group.objects().where(Group.id == group.id).first()).billing_name == "Choir treasurer"  # type: ignore[union-attr]
    await sign_in(client, member)
    shown = (await client.get(page_url)).text
    assert "Choir treasurer" not in shown and "/billing" not in shown
    assert (await post_form(client, f"{page_url}/billing", {"billing_name": "Me"}, page_url)).status_code == 403
