"""The desk's Money tab: a treasurer sees and records a venue's money without managing its bookings; an
organiser reads the group's statement."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

import httpx

from scheduling.models import Booking, Deposit, Invoice, Payment
from scheduling.payments.deposits import deposit_due
from tests.factories import Account, Factory
from tests.pages.support import post_form, sign_in
from tests.scheduling.payments.support import issued
from venues.models import Space, Venue, VenueTreasurer

STARTS = datetime(2027, 5, 1, 10, tzinfo=UTC)
ENDS = datetime(2027, 5, 1, 12, tzinfo=UTC)


async def hall(factory: Factory) -> tuple[Account, Account, Venue, Space]:
    manager, treasurer = await factory.account("manager"), await factory.account("treasurer")
    venue = await factory.venue(manager=manager, name="Village Hall")
    await VenueTreasurer(venue=venue.id, user=treasurer.id).save()
    return manager, treasurer, venue, await factory.space(venue)


async def test_a_treasurer_finds_the_money_tab_alone_and_records_a_payment(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    _, treasurer, venue, space = await hall(factory)
    group = await factory.group(name="Choir")
    booking = await factory.booking(space, STARTS, ENDS, group=group.id, status="requested")
    await issued(venue.id, [(9000, 0)], date(2026, 1, 1), date(2026, 1, 15), group=group.id, billing_name="Choir")
    await sign_in(client, treasurer)
    desk = (await client.get("/desk")).text
    assert f'href="/desk/venues/{venue.id}/money"' in desk
    assert f'href="/desk/venues/{venue.id}"' not in desk
    money_url = f"/desk/venues/{venue.id}/money"
    shown = await client.get(money_url)
    assert shown.status_code == 200
    assert "Overdue invoices" in shown.text and "£90.00" in shown.text
    assert f'href="/desk/venues/{venue.id}/week"' not in shown.text
    assert f'href="/desk/venues/{venue.id}/invoices"' in shown.text  # the other tab a treasurer may open
    invoices = (await client.get(f"/desk/venues/{venue.id}/invoices")).text
    invoice = await Invoice.objects().where(Invoice.venue == venue.id).first()
    assert f'href="/invoices/{invoice.id}"' in invoices  # each number opens the printable invoice and its PDF
    assert f'href="/desk/venues/{venue.id}/week"' not in invoices and f'href="/desk/venues/{venue.id}"' not in invoices
    assert (await client.get(f"/invoices/{invoice.id}")).status_code == 200
    recorded = await post_form(
        client,
        f"{money_url}/payments",
        {"kind": "payment", "method": "cash", "amount": "40.5", "group_id": str(group.id), "reference": "Envelope"},
        money_url,
    )
    assert recorded.status_code == 303 and recorded.headers["location"] == f"{money_url}?done=payment-recorded"
    payment = await Payment.objects().first()
    assert (payment.amount_minor, payment.group, payment.reference) == (4050, group.id, "Envelope")
    after = (await client.get(money_url)).text
    assert "£49.50" in after  # 90.00 owed less 40.50 paid
    refused = await post_form(
        client,
        f"{money_url}/payments",
        {"kind": "refund", "method": "cash", "amount": "50", "group_id": str(group.id)},
        money_url,
    )
    assert refused.status_code == 409 and "£40.50" in refused.text
    bad = await post_form(client, f"{money_url}/payments", {"method": "cash", "amount": "12.345"}, money_url)
    assert bad.status_code == 400
    # Not a manager: the requests and confirming stay out of reach.
    assert (await client.get(f"/desk/venues/{venue.id}")).status_code == 403
    confirm = await post_form(client, f"/desk/bookings/{booking.id}/confirm", {"reason": ""}, money_url)
    assert confirm.status_code == 403
    assert (await Booking.select(Booking.status).where(Booking.id == booking.id).first())["status"] == "requested"


async def test_deposits_are_taken_and_returned_in_part_from_the_money_tab(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, _, venue, space = await hall(factory)
    booking = await factory.booking(
        space, STARTS, ENDS, title="Wedding", price_breakdown=json.dumps({"deposit_minor": 20000})
    )
    await deposit_due(booking)
    await sign_in(client, manager)
    money_url = f"/desk/venues/{venue.id}/money"
    assert "Wedding" in (await client.get(money_url)).text
    taken = await post_form(client, f"{money_url}/deposits/{booking.id}/take", {"method": "bank_transfer"}, money_url)
    assert taken.status_code == 303
    no_reason = await post_form(
        client,
        f"{money_url}/deposits/{booking.id}/return",
        {"returned": "150", "method": "cash", "reason": ""},
        money_url,
    )
    assert no_reason.status_code == 400
    returned = await post_form(
        client,
        f"{money_url}/deposits/{booking.id}/return",
        {"returned": "150.00", "method": "cash", "reason": "Wine on the carpet"},
        money_url,
    )
    assert returned.status_code == 303
    deposit = await Deposit.objects().first()
    assert (deposit.status, deposit.returned_minor, deposit.retained_minor) == ("part_returned", 15000, 5000)
    recent = (await client.get(money_url)).text
    assert "<td>-£150.00</td>" in recent and "£-" not in recent  # the refund, minus before the pound sign
    assert '/money" aria-current="page"' in recent and '/money-settings" aria-current' not in recent  # one tab


async def test_the_csv_downloads_from_the_desk(client: httpx.AsyncClient, factory: Factory) -> None:
    _, treasurer, venue, space = await hall(factory)
    booking = await factory.booking(space, STARTS, ENDS)
    await issued(venue.id, [(2500, 0)], date(2026, 2, 1), booking=booking.id)
    await sign_in(client, treasurer)
    answer = await client.get(f"/desk/venues/{venue.id}/money/money.csv")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    assert [row["gross"] for row in csv.DictReader(io.StringIO(answer.text))] == ["25.00"]


async def test_the_money_tab_is_closed_to_others(client: httpx.AsyncClient, factory: Factory) -> None:
    _, _, venue, _ = await hall(factory)
    _, other_treasurer, _, _ = await hall(factory)
    anonymous = await client.get(f"/desk/venues/{venue.id}/money")
    assert anonymous.status_code in (302, 303) and "/sign-in" in anonymous.headers["location"]
    await sign_in(client, other_treasurer)
    assert (await client.get(f"/desk/venues/{venue.id}/money")).status_code == 403
    assert (await client.get(f"/desk/venues/{venue.id}/money/money.csv")).status_code == 403


async def test_an_organiser_reads_the_groups_statement_and_nobody_else_does(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    _, _, venue, space = await hall(factory)
    organiser, stranger = await factory.account("organiser"), await factory.account("stranger")
    group = await factory.group(organiser, name="Choir")
    await factory.booking(space, STARTS, ENDS, group=group.id)
    await issued(venue.id, [(6000, 0)], date(2026, 3, 1), group=group.id)
    await sign_in(client, organiser)
    assert f'href="/groups/{group.id}/statements/{venue.id}"' in (await client.get(f"/groups/{group.id}")).text
    statement = await client.get(f"/groups/{group.id}/statements/{venue.id}")
    assert statement.status_code == 200 and "£60.00" in statement.text
    assert "/money/payments" not in statement.text and "Record a payment" not in statement.text
    client.cookies.clear()
    await sign_in(client, stranger)
    assert f"/groups/{group.id}/statements/" not in (await client.get(f"/groups/{group.id}")).text
    assert (await client.get(f"/groups/{group.id}/statements/{venue.id}")).status_code == 403
