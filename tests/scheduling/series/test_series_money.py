"""A series' money: every date confirmed has its deposit due and one invoice carries a hire line and a deposit
line per date, the deposit lines agreeing with the ``Deposit`` rows; a group billed monthly gets the deposits
at once and the invoice (deposit lines included) from the monthly run."""

from __future__ import annotations

from datetime import time

import pytest

from scheduling.invoices.monthly import issue_monthly, set_monthly
from scheduling.models import Booking, Deposit, Invoice, InvoiceLine
from scheduling.recurrence.rules import parse_rrule
from scheduling.series.create import SeriesDraft, create_series
from scheduling.series.decisions import confirm_series
from tests.factories import Account, Factory
from tests.series_support import next_weekday
from venues.models import Space, SpaceRate

DATES = 4


async def hall(factory: Factory, requires_approval: bool) -> tuple[Account, Account, Space, int]:
    manager, organiser = await factory.account("manager"), await factory.account("organiser")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, requires_approval=requires_approval, horizon_days=400)
    for kind in ("low_cost", "standard"):
        rate = await factory.rate(space, kind, 4000)
        await SpaceRate.update({SpaceRate.deposit_minor: 5000}).where(SpaceRate.id == rate.id)
    group = await factory.group(organiser)
    return manager, organiser, space, group.id


def draft(space: Space, group_id: int) -> SeriesDraft:
    rule = parse_rrule(f"FREQ=WEEKLY;BYDAY=TU;COUNT={DATES}")
    return SeriesDraft(space.id, rule, next_weekday(1), time(10), time(12), group_id=group_id)


async def lines_by_kind() -> dict[str, list[tuple[int | None, int]]]:
    found: dict[str, list[tuple[int | None, int]]] = {}
    for row in (
        await InvoiceLine.select(InvoiceLine.kind, InvoiceLine.booking, InvoiceLine.amount_minor)
        .where(InvoiceLine.invoice.kind == "invoice")
        .order_by(InvoiceLine.id)
    ):
        found.setdefault(row["kind"], []).append((row["booking"], row["amount_minor"]))
    return found


async def deposits() -> list[tuple[int, int, str]]:
    rows = await Deposit.select(Deposit.booking, Deposit.amount_minor, Deposit.status).order_by(Deposit.booking)
    return [(row["booking"], row["amount_minor"], row["status"]) for row in rows]


async def assert_one_invoice_agreeing_with_the_deposits(series_id: int) -> None:
    dates = [row["id"] for row in await Booking.select(Booking.id).where(Booking.series == series_id)]
    assert len(dates) == DATES
    assert await Invoice.count().where(Invoice.kind == "invoice") == 1
    invoice = await Invoice.objects().where(Invoice.kind == "invoice").first()
    assert invoice.total_minor == DATES * (8000 + 5000)
    lines = await lines_by_kind()
    assert sorted(lines["hire"]) == [(booking_id, 8000) for booking_id in sorted(dates)]
    assert sorted(lines["deposit"]) == [(booking_id, 5000) for booking_id in sorted(dates)]
    assert sorted((b, amount) for b, amount, _ in await deposits()) == sorted(lines["deposit"])


async def test_managers_confirming_a_series_request_invoice_each_date_with_its_deposit(factory: Factory) -> None:
    manager, organiser, space, group_id = await hall(factory, requires_approval=True)
    series = (await create_series(organiser.user, draft(space, group_id))).series
    assert await Invoice.count() == 0 and await Deposit.count() == 0
    await confirm_series(manager.user, series.id)
    await assert_one_invoice_agreeing_with_the_deposits(series.id)
    assert {status for _, _, status in await deposits()} == {"due"}


async def test_a_series_confirmed_at_once_is_invoiced_as_its_deposits_are_due(factory: Factory) -> None:
    _, organiser, space, group_id = await hall(factory, requires_approval=False)
    series = (await create_series(organiser.user, draft(space, group_id))).series
    await assert_one_invoice_agreeing_with_the_deposits(series.id)


@pytest.mark.parametrize("requires_approval", [False, True])
async def test_a_group_billed_monthly_gets_its_deposits_and_the_monthly_run_invoices_them(
    factory: Factory, requires_approval: bool
) -> None:
    manager, organiser, space, group_id = await hall(factory, requires_approval=requires_approval)
    await set_monthly(group_id, space.venue, True)
    series = (await create_series(organiser.user, draft(space, group_id))).series
    if requires_approval:
        await confirm_series(manager.user, series.id)
    assert len(await deposits()) == DATES and await Invoice.count() == 0
    months = sorted({(b.starts_at.year, b.starts_at.month) for b in await Booking.objects()})
    for year, month in months:
        await issue_monthly(space.venue, year, month, manager.id)
    assert await Invoice.count() == len(months)
    lines = await lines_by_kind()
    assert len(lines["hire"]) == DATES
    assert sorted(lines["deposit"]) == sorted((b, amount) for b, amount, _ in await deposits())
