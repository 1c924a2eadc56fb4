"""Messages about series: one per request and one per decision, the confirmation one recurring event."""

from __future__ import annotations

from datetime import UTC, timedelta

import httpx

from scheduling.models import Booking, Series
from tests.api.test_series_decisions import requested_series
from tests.factories import Factory
from tests.feed_readers import icalendar_reads, icaljs_reads
from tests.icaljs import icaljs_occurrences
from tests.mail_support import outbox, sent_to, single_event


async def test_a_series_request_is_one_message_to_each_manager_listing_its_dates(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await requested_series(factory, client, weeks=6)
    sent = await outbox()
    assert sorted((m.to, m.kind) for m in sent) == sorted(
        [(asked.manager.user.email, "new_request"), (asked.organiser.user.email, "received")]
    )
    to_manager = next(m for m in sent if m.kind == "new_request")
    assert "(6 dates)" in to_manager.subject
    assert f"http://testserver/desk/venues/{asked.venue_id}" in to_manager.text


async def test_confirming_a_series_sends_one_recurring_invitation_without_the_declined_date(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await requested_series(factory, client, weeks=4)
    headers = asked.manager.headers
    declined = await client.post(
        f"/api/v1/series/{asked.series_id}/decline",
        json={"dates": [asked.dates[1].isoformat()], "reason": "Hall painted that week"},
        headers=headers,
    )
    assert declined.status_code == 200, declined.text
    confirmed = await client.post(f"/api/v1/series/{asked.series_id}/confirm", json={}, headers=headers)
    assert confirmed.status_code == 200, confirmed.text

    mine = await sent_to(asked.organiser.user.email)
    assert [m.kind for m in mine] == ["received", "declined", "confirmed"]  # one per decision, not per date
    assert "Hall painted that week" in mine[1].text
    calendar = mine[2].calendar()
    assert calendar["METHOD"] == "REQUEST" and calendar.walk("VTIMEZONE")
    event = single_event(calendar)
    series = await Series.objects().where(Series.id == asked.series_id).first()
    assert series is not None
    assert str(event["UID"]) == f"series-{series.uid}@testserver"
    assert "RRULE" in event and "EXDATE" in event
    assert event["ATTENDEE"].params["RSVP"] == "FALSE"
    rows = (
        await Booking.select(Booking.starts_at, Booking.ends_at)
        .where((Booking.series == asked.series_id) & (Booking.status == "confirmed"))
        .order_by(Booking.starts_at)
    )
    expected = [(r["starts_at"].astimezone(UTC), r["ends_at"].astimezone(UTC)) for r in rows]
    assert len(expected) == 3
    body = mine[2].calendar_bytes()
    window = (expected[0][0] - timedelta(days=30), expected[-1][1] + timedelta(days=400))
    assert icalendar_reads(body, *window) == expected
    assert icaljs_reads(body, *window) == expected
    assert {uid for _, _, uid in icaljs_occurrences(body, *window)} == {str(event["UID"])}


async def test_cancelling_series_dates_is_one_message_that_updates_the_recurring_event(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await requested_series(factory, client, weeks=4)
    await client.post(f"/api/v1/series/{asked.series_id}/confirm", json={}, headers=asked.manager.headers)
    span = {"from": asked.dates[1].isoformat(), "to": asked.dates[2].isoformat(), "reason": "Half term"}
    cancelled = await client.post(
        f"/api/v1/series/{asked.series_id}/cancel", json=span, headers=asked.organiser.headers
    )
    assert cancelled.status_code == 200, cancelled.text

    mine = {m.kind: m for m in await sent_to(asked.organiser.user.email)}
    told = mine["cancelled"]
    assert "Half term" in told.text and "Cancelled by Organiser" in told.text
    invite, update = single_event(mine["confirmed"].calendar()), told.calendar()
    assert update["METHOD"] == "REQUEST"  # dates are left: the event stays, without the cancelled ones
    event = single_event(update)
    assert event["UID"] == invite["UID"] and int(event["SEQUENCE"]) > int(invite["SEQUENCE"])
    rows = (
        await Booking.select(Booking.starts_at, Booking.ends_at)
        .where((Booking.series == asked.series_id) & (Booking.status == "confirmed"))
        .order_by(Booking.starts_at)
    )
    expected = [(r["starts_at"].astimezone(UTC), r["ends_at"].astimezone(UTC)) for r in rows]
    assert len(expected) == 2
    body = told.calendar_bytes()
    window = (expected[0][0] - timedelta(days=1), expected[-1][1] + timedelta(days=30))
    assert icalendar_reads(body, *window) == expected
    assert icaljs_reads(body, *window) == expected
    (to_manager,) = [m for m in await sent_to(asked.manager.user.email) if m.kind == "cancelled"]
    assert not to_manager.has_calendar() and "Half term" in to_manager.text


async def test_a_moved_series_date_updates_the_recurring_event_with_an_override(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await requested_series(factory, client, weeks=4)
    await client.post(f"/api/v1/series/{asked.series_id}/confirm", json={}, headers=asked.manager.headers)
    day = asked.dates[2]
    moved = await client.patch(
        f"/api/v1/series/{asked.series_id}/occurrences/{day.isoformat()}",
        json={"starts_at": f"{day.isoformat()}T14:00:00", "ends_at": f"{day.isoformat()}T16:00:00"},
        headers=asked.manager.headers,
    )
    assert moved.status_code == 200, moved.text

    mine = {m.kind: m for m in await sent_to(asked.organiser.user.email)}
    told = mine["moved"]
    assert "A date of the series has moved" in told.text
    invite = single_event(mine["confirmed"].calendar())
    events = told.calendar().walk("VEVENT")
    assert {str(e["UID"]) for e in events} == {str(invite["UID"])}
    master = next(e for e in events if "RRULE" in e)
    assert int(master["SEQUENCE"]) > int(invite["SEQUENCE"])
    rows = (
        await Booking.select(Booking.starts_at, Booking.ends_at)
        .where((Booking.series == asked.series_id) & (Booking.status == "confirmed"))
        .order_by(Booking.starts_at)
    )
    expected = [(r["starts_at"].astimezone(UTC), r["ends_at"].astimezone(UTC)) for r in rows]
    assert len(expected) == 4 and expected[2][0].astimezone(UTC).hour in (13, 14)
    body = told.calendar_bytes()
    window = (expected[0][0] - timedelta(days=1), expected[-1][1] + timedelta(days=30))
    assert icalendar_reads(body, *window) == expected
    assert icaljs_reads(body, *window) == expected
    # The managers moved it: they are not told what they did.
    assert not [m for m in await sent_to(asked.manager.user.email) if m.kind == "moved"]
