"""A series confirmed at once is invoiced at once (one invoice for its dates), and splitting a series
credits the dates it replaces in full and invoices the new ones, so what the hirer owes stays the same."""

from __future__ import annotations

from datetime import timedelta

import httpx

from scheduling.models import Invoice
from scheduling.payments.balances import group_balance
from tests.factories import Factory
from tests.series_support import next_weekday, post_series


async def test_a_managers_series_on_a_space_without_approval_is_invoiced_once(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, horizon_days=400, requires_approval=False)
    rate = await factory.rate(space, "standard", 2400)
    rate.deposit_minor = 5000
    await rate.save()
    response = await post_series(client, manager, space.id, "FREQ=WEEKLY;BYDAY=TU;COUNT=3", next_weekday(1))
    assert response.status_code == 201, response.text
    invoices = await Invoice.objects()
    assert len(invoices) == 1
    # three dates of 2 hours at £24 (4800), each with its deposit (5000)
    assert (invoices[0].kind, invoices[0].total_minor) == ("invoice", 3 * (4800 + 5000))


async def test_splitting_a_series_into_dates_of_the_same_length_leaves_what_is_owed_unchanged(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    organiser = await factory.account("organiser")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, horizon_days=400, requires_approval=False)
    rate = await factory.rate(space, "standard", 2400)
    rate.deposit_minor = 5000
    await rate.save()
    group = await factory.group(organiser)
    first = next_weekday(1)
    made = await post_series(client, organiser, space.id, "FREQ=WEEKLY;BYDAY=TU;COUNT=4", first, group_id=group.id)
    assert made.status_code == 201, made.text
    before = await group_balance(venue.id, group.id)
    assert before.owed_minor == 4 * (4800 + 5000)
    split = await client.post(
        f"/api/v1/series/{made.json()['series']['id']}/split",
        json={"from_date": (first + timedelta(weeks=2)).isoformat(), "start_time": "14:00", "end_time": "16:00"},
        headers=organiser.headers,
    )
    assert split.status_code == 201, split.text
    after = await group_balance(venue.id, group.id)
    # the two dates replaced are credited in full (2 × 9800) and the two new ones invoiced (2 × 9800)
    assert (after.invoiced_minor, after.credited_minor) == (6 * 9800, 2 * 9800)
    assert after.owed_minor == before.owed_minor
