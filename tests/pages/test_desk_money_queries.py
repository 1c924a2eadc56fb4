"""The desk's Money and Invoices tabs cost the same number of queries for many groups, invoices, payments and
deposits as for one: no query per row."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import httpx
import pytest

from scheduling.payments.deposits import deposit_due
from scheduling.payments.record import PaymentDraft, record_payment
from tests.factories import Account, Factory
from tests.pages.support import sign_in
from tests.scheduling.payments.support import issued
from venues.models import Venue, VenueTreasurer


async def add_groups(factory: Factory, treasurer: Account, venue: Venue, count: int, start: int) -> None:
    """``count`` groups each with a booking holding a deposit, an overdue invoice, a credit note and a payment."""
    space = await factory.space(venue, name=f"Room {start}")
    for n in range(start, start + count):
        group = await factory.group(name=f"Group {n}")
        starts = datetime(2027, 5, 1, 10, tzinfo=UTC) + timedelta(days=n)
        booking = await factory.booking(
            space, starts, starts + timedelta(hours=1), group=group.id, price_breakdown='{"deposit_minor": 500}'
        )
        await deposit_due(booking)
        invoice = await issued(
            venue.id, [(9000, 0)], date(2026, 1, 1), date(2026, 1, 15), group=group.id, booking=booking.id
        )
        await issued(venue.id, [(1000, 0)], date(2026, 1, 2), kind="credit_note", group=group.id, credits=invoice.id)
        await record_payment(
            venue.id, PaymentDraft("payment", "cash", 2000, date(2026, 1, 3), booking_id=booking.id), treasurer.id
        )


@pytest.mark.parametrize("tab", ["money", "invoices"])
async def test_the_money_tabs_cost_the_same_queries_for_many_rows_as_for_one(
    client: httpx.AsyncClient, factory: Factory, query_log: list[str], tab: str
) -> None:
    manager, treasurer = await factory.account("manager"), await factory.account("treasurer")
    venue = await factory.venue(manager=manager, name="Village Hall")
    await VenueTreasurer(venue=venue.id, user=treasurer.id).save()
    await sign_in(client, treasurer)
    url = f"/desk/venues/{venue.id}/{tab}"

    async def queries() -> int:
        query_log.clear()
        response = await client.get(url)
        assert response.status_code == 200
        count = len(query_log)
        shown.append(response.text)
        return count

    shown: list[str] = []

    await add_groups(factory, treasurer, venue, 1, 0)
    one = await queries()
    await add_groups(factory, treasurer, venue, 6, 1)
    many = await queries()
    assert many == one, "\n".join(query_log)
    # Every group's row is on the page: the count covers rows really shown.
    assert all(f"Group {n}" in shown[-1] for n in range(7)) and "Group 6" not in shown[0]
