"""Who the booker's side is: the account that booked, never an address anyone typed in, and no venue secret."""

from __future__ import annotations

import httpx

from scheduling.models import HeldNotice
from tests.api.test_notices_bookings import DAY, email, request, scene
from tests.bookings_support import book, local
from tests.factories import Factory
from tests.mail_support import outbox, sent_to, single_event
from venues.mail.settings import mail_settings
from venues.models import OutboxMessage

PREFERENCES = "/api/v1/account/notifications"


async def test_an_organiser_cannot_make_the_service_mail_an_address_they_type_as_the_booker(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    s = await scene(factory)
    booking_id = await request(client, s, booker={"email": "stranger@example.org", "phone": "07700 900123"})
    confirmed = await client.post(f"/api/v1/bookings/{booking_id}/confirm", json={}, headers=s["manager"].headers)
    assert confirmed.status_code == 200, confirmed.text

    assert not await sent_to("stranger@example.org")
    assert sorted(m.kind for m in await sent_to(email(s["organiser"]))) == ["confirmed", "received"]


async def test_a_manager_booking_for_a_resident_tells_the_address_they_typed(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    s = await scene(factory)
    made = await book(
        client,
        s["manager"],
        s["space"].id,
        local(DAY, "18:00"),
        local(DAY, "20:00"),
        booker={"name": "Resident", "email": "resident@example.org"},
    )
    assert made.status_code == 201, made.text

    (message,) = await sent_to("resident@example.org")
    assert message.kind == "confirmed" and message.has_calendar()


async def test_a_typed_booker_address_follows_no_accounts_preferences_and_the_accounts_own_does_in_any_case(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    s = await scene(factory)
    for who in ("manager", "organiser"):
        chosen = await client.put(PREFERENCES, json={"confirmed": "none", "received": "digest"}, headers=s[who].headers)
        assert chosen.status_code == 200, chosen.text
    # The manager's "none" does not silence the resident they booked for: that address has no account.
    made = await book(
        client, s["manager"], s["space"].id, local(DAY, "10:00"), local(DAY, "11:00"), booker={"email": "r@example.org"}
    )
    assert made.status_code == 201, made.text
    assert [m.kind for m in await sent_to("r@example.org")] == ["confirmed"]
    assert not await sent_to(email(s["manager"]))
    # The organiser's own address, typed in other case, is their account: their digest choice holds it.
    await request(client, s, booker={"email": email(s["organiser"]).upper()})
    assert not [m for m in await sent_to(email(s["organiser"])) if m.kind == "received"]
    assert await HeldNotice.count() == 1


async def test_a_venues_private_email_is_in_no_header_text_or_invitation_of_any_message(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    marker = "private-marker@hall.example"
    people = {n: await factory.account(n) for n in ("manager", "organiser")}
    venue = await factory.venue(manager=people["manager"], public_email="", private_email=marker)
    space = await factory.space(venue, requires_approval=True)
    group = await factory.group(organiser=people["organiser"])
    s = {**people, "venue": venue, "space": space, "group": group}
    booking_id = await request(client, s)
    confirmed = await client.post(f"/api/v1/bookings/{booking_id}/confirm", json={}, headers=s["manager"].headers)
    assert confirmed.status_code == 200, confirmed.text

    sent = await outbox()
    assert {m.kind for m in sent} == {"new_request", "received", "confirmed"}
    for message in sent:
        headers = " ".join(f"{k}: {v}" for k, v in message.message.items())
        assert marker not in headers + message.text + message.html
        if message.has_calendar():
            assert marker.encode() not in message.calendar_bytes()
    raw = b"".join(bytes(r["content"]) for r in await OutboxMessage.select(OutboxMessage.content))
    assert marker.encode() not in raw
    (invited,) = [m for m in sent if m.kind == "confirmed"]
    assert invited.message["Reply-To"] is None
    organizer = single_event(invited.calendar())["ORGANIZER"]
    assert str(organizer) == f"mailto:{mail_settings().from_address}"
    assert organizer.params["CN"] == venue.name
