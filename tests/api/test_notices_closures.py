"""Dates a closure cancels: one message per person, listing their dates and the reason."""

from __future__ import annotations

import httpx

from tests.api.test_changes_reaching_bookings import closure, hall
from tests.factories import Factory
from tests.mail_support import outbox, sent_to
from tests.series_support import next_weekday
from venues.models import OutboxMessage


async def test_a_closure_tells_each_booker_once_with_all_their_cancelled_dates(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, venue, space = await hall(factory)
    booker, other = await factory.account("booker"), await factory.account("other")
    day = next_weekday(2, days_ahead=21)
    for who, start, end, title in (
        (booker, "10:00", "11:00", "Coffee morning"),
        (booker, "14:00", "15:00", "Knit and natter"),
        (other, "18:00", "19:00", "Private party"),
    ):
        made = await client.post(
            "/api/v1/bookings",
            json={
                "space_id": space.id,
                "starts_at": f"{day.isoformat()}T{start}:00",
                "ends_at": f"{day.isoformat()}T{end}:00",
                "title": title,
                "purpose": f"{title} purpose",
            },
            headers=who.headers,
        )
        assert made.status_code == 201 and made.json()["status"] == "confirmed", made.text
    await OutboxMessage.delete(force=True)

    added = await client.post(
        f"/api/v1/venues/{venue.id}/closures",
        json=closure(day, day, resolve={"all": "cancel", "reason": "The boiler is being replaced"}),
        headers=manager.headers,
    )
    assert added.status_code == 201, added.text

    assert sorted((m.to, m.kind) for m in await outbox()) == sorted(
        [(booker.user.email, "closure"), (other.user.email, "closure")]
    )
    (mine,) = await sent_to(booker.user.email)
    assert "Coffee morning" in mine.text and "Knit and natter" in mine.text
    assert "The boiler is being replaced" in mine.text
    assert "Private party" not in mine.text + mine.html  # another booker's booking is theirs alone
    (theirs,) = await sent_to(other.user.email)
    assert "Coffee morning" not in theirs.text
