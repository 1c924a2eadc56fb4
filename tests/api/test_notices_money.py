"""A series' money over HTTP: its confirmation carries the one invoice for its dates, and a date the venue calls
off carries that date's credit, to the group's organiser only."""

from __future__ import annotations

import httpx

from tests.api.test_series_decisions import requested_series, tier_id
from tests.factories import Factory
from tests.mail_support import outbox, sent_to


async def test_a_series_confirmation_carries_its_one_invoice_and_a_cancelled_date_its_credit(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await requested_series(factory, client, weeks=4)
    standard = await tier_id(asked.venue_id, "standard")
    confirmed = await client.post(
        f"/api/v1/series/{asked.series_id}/confirm", json={"tier_id": standard}, headers=asked.manager.headers
    )
    assert confirmed.status_code == 200, confirmed.text

    organiser = asked.organiser.user.email
    mine = await sent_to(organiser)
    assert [m.kind for m in mine] == ["received", "confirmed"]
    # Four dates of two hours at £24.00 an hour, not VAT-registered: £192.00, no VAT shown.
    assert "(invoice INV-000001)" in mine[1].subject
    assert "Total: £192.00" in mine[1].text and "VAT" not in mine[1].text

    cancelled = await client.post(
        f"/api/v1/series/{asked.series_id}/cancel",
        json={"from": asked.dates[2].isoformat(), "to": asked.dates[2].isoformat(), "reason": "Boiler repairs"},
        headers=asked.manager.headers,
    )
    assert cancelled.status_code == 200, cancelled.text
    last = (await sent_to(organiser))[-1]
    assert last.kind == "cancelled" and "CN-000001" in last.subject
    assert "Credit note CN-000001 credits £48.00 against invoice INV-000001." in last.text
    # The group's balance at the venue: £192.00 invoiced, £48.00 credited, nothing paid.
    assert "£144.00 is still to pay for the group at this venue." in last.text
    assert {m.to for m in await outbox()} == {organiser, asked.manager.user.email}
    assert all("£" not in m.text for m in await sent_to(asked.manager.user.email))
