"""Confirming a series request issues one invoice for every date it confirms, a line per date, and a group
billed monthly gets none at confirmation."""

from __future__ import annotations

import httpx

from scheduling.models import GroupBilling, Invoice, InvoiceLine, Series
from tests.api.test_series_decisions import requested_series, tier_id
from tests.factories import Factory


async def test_a_confirmed_series_is_one_invoice_with_a_line_per_date(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await requested_series(factory, client, weeks=3)
    standard = await tier_id(asked.venue_id, "standard")
    confirmed = await client.post(
        f"/api/v1/series/{asked.series_id}/confirm", json={"tier_id": standard}, headers=asked.manager.headers
    )
    assert confirmed.status_code == 200, confirmed.text
    invoices = await Invoice.objects()
    assert len(invoices) == 1
    invoice = invoices[0]
    assert (invoice.total_minor, invoice.number, invoice.booking) == (3 * 4800, 1, None)  # 2 hours at £24, 3 dates
    lines = await InvoiceLine.select(InvoiceLine.service_date, InvoiceLine.amount_minor).order_by(InvoiceLine.position)
    assert [(r["service_date"], r["amount_minor"]) for r in lines] == [(day, 4800) for day in asked.dates]


async def test_a_series_of_a_group_billed_monthly_is_not_invoiced_at_confirmation(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await requested_series(factory, client, weeks=2)
    group_id = (await Series.select(Series.group).where(Series.id == asked.series_id).first())["group"]
    await GroupBilling(group=group_id, venue=asked.venue_id, monthly=True).save()
    standard = await tier_id(asked.venue_id, "standard")
    confirmed = await client.post(
        f"/api/v1/series/{asked.series_id}/confirm", json={"tier_id": standard}, headers=asked.manager.headers
    )
    assert confirmed.status_code == 200, confirmed.text
    assert await Invoice.count() == 0
