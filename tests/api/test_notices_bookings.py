"""Messages about one-off bookings: each kind to the right people once, in the change's transaction."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import icalendar
import pytest

import scheduling.bookings.workflow as workflow
from scheduling.models import Booking
from tests.bookings_support import book, future_day, local
from tests.factories import Account, Factory
from tests.feed_readers import icalendar_reads, icaljs_reads
from tests.mail_support import outbox, sent_to, single_event
from venues.models import OutboxMessage

DAY = future_day()


async def scene(factory: Factory) -> dict[str, Any]:
    people = {n: await factory.account(n) for n in ("manager", "deputy", "organiser", "other_organiser", "stranger")}
    venue = await factory.venue(manager=people["manager"], public_email="bookings@hall.example")
    from venues.models import VenueManager

    await VenueManager(venue=venue.id, user=people["deputy"].id).save()
    space = await factory.space(venue, requires_approval=True)
    group = await factory.group(organiser=people["organiser"])
    other = await factory.group(organiser=people["other_organiser"], private_email="secret@other.example")
    return {**people, "venue": venue, "space": space, "group": group, "other": other}


async def request(client: httpx.AsyncClient, s: dict[str, Any], who: str = "organiser", **fields: Any) -> int:
    fields = {"group_id": s["group"].id, "booker": {"phone": "07700 900123"}, "purpose": "Choir practice", **fields}
    made = await book(client, s[who], s["space"].id, local(DAY, "18:00"), local(DAY, "20:00"), **fields)
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


def email(account: Account) -> str:
    return account.user.email


async def test_a_request_tells_each_manager_once_with_the_bookers_contact_and_the_booker_that_it_arrived(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    s = await scene(factory)
    booking_id = await request(client, s)

    sent = await outbox()
    assert sorted((m.to, m.kind) for m in sent) == sorted(
        [
            (email(s["manager"]), "new_request"),
            (email(s["deputy"]), "new_request"),
            (email(s["organiser"]), "received"),
        ]
    )
    to_manager = next(m for m in sent if m.to == email(s["manager"]))
    assert f"http://testserver/desk/venues/{s['venue'].id}" in to_manager.text
    assert f'href="http://testserver/desk/venues/{s["venue"].id}"' in to_manager.html
    assert "07700 900123" in to_manager.text and "Choir practice" in to_manager.text
    assert to_manager.message["Reply-To"] == email(s["organiser"])
    received = next(m for m in sent if m.kind == "received")
    assert f"http://testserver/bookings/{booking_id}" in received.text
    assert received.message["Reply-To"] == "bookings@hall.example"
    assert 'name="viewport"' in received.html
    assert not received.has_calendar()
    # Nobody outside the booking hears, and another group's private data is in no message.
    assert not await sent_to(email(s["other_organiser"])) and not await sent_to(email(s["stranger"]))
    assert all("secret@other.example" not in m.text + m.html for m in sent)


async def test_a_change_that_rolls_back_leaves_no_message(
    client: httpx.AsyncClient, factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = await scene(factory)
    original = workflow.booking_notice_if

    async def enqueue_then_fail(*args: Any) -> None:
        await original(*args)
        assert await OutboxMessage.count() == 2  # written, inside the transaction
        raise RuntimeError("a write after the messages fails")

    monkeypatch.setattr(workflow, "booking_notice_if", enqueue_then_fail)
    fields = {"group_id": s["group"].id}
    failed = await book(client, s["organiser"], s["space"].id, local(DAY, "18:00"), local(DAY, "20:00"), **fields)
    assert failed.status_code == 500
    assert await OutboxMessage.count() == 0
    assert await Booking.count() == 0


async def group_feed(client: httpx.AsyncClient, s: dict[str, Any]) -> icalendar.Calendar:
    headers = s["organiser"].headers
    rotated = await client.post(
        "/api/v1/feeds/private/rotate", json={"scope": "group", "group_id": s["group"].id}, headers=headers
    )
    assert rotated.status_code in (200, 201), rotated.text
    links = (await client.get("/api/v1/feeds/private", headers=headers)).json()
    (feed,) = [f for f in links if f["scope"] == "group"]
    body = await client.get(feed["links"]["url"].removeprefix("http://testserver"))
    assert body.status_code == 200
    return icalendar.Calendar.from_ical(body.content)


async def test_a_confirmation_invites_the_booker_to_the_event_their_private_feed_shows(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    s = await scene(factory)
    booking_id = await request(client, s)
    confirmed = await client.post(f"/api/v1/bookings/{booking_id}/confirm", json={}, headers=s["manager"].headers)
    assert confirmed.status_code == 200, confirmed.text

    (message,) = [m for m in await sent_to(email(s["organiser"])) if m.kind == "confirmed"]
    assert f"http://testserver/bookings/{booking_id}" in message.text
    calendar = message.calendar()
    assert calendar["METHOD"] == "REQUEST"
    assert calendar.walk("VTIMEZONE") and calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/London"
    event = single_event(calendar)
    assert str(event["ORGANIZER"]) == "mailto:bookings@hall.example"
    attendee = event["ATTENDEE"]
    assert str(attendee) == f"mailto:{email(s['organiser'])}" and attendee.params["RSVP"] == "FALSE"
    assert event["STATUS"] == "CONFIRMED"
    row = await Booking.select(Booking.starts_at, Booking.ends_at).where(Booking.id == booking_id).first()
    assert row is not None
    body = message.calendar_bytes()
    window = (row["starts_at"] - timedelta(days=1), row["ends_at"] + timedelta(days=1))
    expected = [(row["starts_at"].astimezone(UTC), row["ends_at"].astimezone(UTC))]
    assert icalendar_reads(body, *window) == expected
    assert icaljs_reads(body, *window) == expected

    feed_event = single_event(await group_feed(client, s))
    assert str(event["UID"]) == str(feed_event["UID"])
    assert int(event["SEQUENCE"]) == int(feed_event["SEQUENCE"])
    # The attachment a client that ignores the inline part opens says the same.
    attachments = [p for p in message.message.walk() if p.get_filename() == "invite.ics"]
    assert attachments and icalendar.Calendar.from_ical(attachments[0].get_content())["METHOD"] == "REQUEST"


async def test_a_cancellation_removes_the_event_with_the_same_uid_and_a_higher_sequence_and_says_who_and_why(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    s = await scene(factory)
    booking_id = await request(client, s)
    await client.post(f"/api/v1/bookings/{booking_id}/confirm", json={}, headers=s["manager"].headers)
    cancelled = await client.post(
        f"/api/v1/bookings/{booking_id}/cancel", json={"reason": "Choir on tour"}, headers=s["organiser"].headers
    )
    assert cancelled.status_code == 200, cancelled.text

    mine = {m.kind: m for m in await sent_to(email(s["organiser"]))}
    invite, cancel = single_event(mine["confirmed"].calendar()), mine["cancelled"].calendar()
    assert cancel["METHOD"] == "CANCEL"
    removed = single_event(cancel)
    assert removed["UID"] == invite["UID"] and removed["STATUS"] == "CANCELLED"
    assert int(removed["SEQUENCE"]) > int(invite["SEQUENCE"])
    feed_event = single_event(await group_feed(client, s))
    assert (feed_event["UID"], int(feed_event["SEQUENCE"])) == (removed["UID"], int(removed["SEQUENCE"]))
    # The managers hear that the booker called it off, by whom and why; without a calendar.
    for manager in ("manager", "deputy"):
        (told,) = [m for m in await sent_to(email(s[manager])) if m.kind == "cancelled"]
        assert "Cancelled by Organiser" in told.text and "Choir on tour" in told.text
        assert not told.has_calendar()


async def test_a_decline_tells_the_booker_why_and_a_manager_cancelling_tells_the_booker_only(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    s = await scene(factory)
    first = await request(client, s)
    declined = await client.post(
        f"/api/v1/bookings/{first}/decline", json={"reason": "Hall being painted"}, headers=s["manager"].headers
    )
    assert declined.status_code == 200, declined.text
    (told,) = [m for m in await outbox() if m.kind == "declined"]
    assert told.to == email(s["organiser"]) and "Hall being painted" in told.text and not told.has_calendar()

    second = await request(client, s)
    await client.post(f"/api/v1/bookings/{second}/confirm", json={}, headers=s["manager"].headers)
    await client.post(f"/api/v1/bookings/{second}/cancel", json={"reason": "Boiler"}, headers=s["deputy"].headers)
    cancellations = [m for m in await outbox() if m.kind == "cancelled"]
    assert [m.to for m in cancellations] == [email(s["organiser"])]
    assert "Cancelled by Deputy (the venue's manager)" in cancellations[0].text
    assert cancellations[0].calendar()["METHOD"] == "CANCEL"


async def test_a_moved_booking_tells_the_booker_with_an_updated_invitation(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    s = await scene(factory)
    booking_id = await request(client, s)
    await client.post(f"/api/v1/bookings/{booking_id}/confirm", json={}, headers=s["manager"].headers)
    moved = await client.patch(
        f"/api/v1/bookings/{booking_id}",
        json={"starts_at": local(DAY, "19:00"), "ends_at": local(DAY, "21:00")},
        headers=s["manager"].headers,
    )
    assert moved.status_code == 200, moved.text
    mine = {m.kind: m for m in await sent_to(email(s["organiser"]))}
    assert "18:00" in mine["moved"].text  # where it was
    invite, update = single_event(mine["confirmed"].calendar()), single_event(mine["moved"].calendar())
    assert update["UID"] == invite["UID"] and int(update["SEQUENCE"]) > int(invite["SEQUENCE"])
    start = datetime.fromisoformat(moved.json()["starts_at"]).astimezone(UTC)
    assert update["DTSTART"].dt.astimezone(UTC) == start
    assert not [m for m in await outbox() if m.kind == "moved" and m.to != email(s["organiser"])]


async def test_calling_off_a_request_that_was_never_confirmed_sends_no_calendar(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    s = await scene(factory)
    booking_id = await request(client, s)
    withdrawn = await client.post(
        f"/api/v1/bookings/{booking_id}/cancel", json={"reason": "Found another hall"}, headers=s["organiser"].headers
    )
    assert withdrawn.status_code == 200, withdrawn.text
    (told,) = [m for m in await sent_to(email(s["organiser"])) if m.kind == "cancelled"]
    assert not told.has_calendar() and "Found another hall" in told.text
    managers = sorted(m.to for m in await outbox() if m.kind == "cancelled" and m.to != email(s["organiser"]))
    assert managers == sorted([email(s["manager"]), email(s["deputy"])])
