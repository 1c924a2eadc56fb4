"""Invoices over HTTP: the venue's managers and treasurers list them and issue credit notes and monthly
invoices; the booker reads the invoice made out to them; strangers and the public see nothing."""

from __future__ import annotations

import httpx

from scheduling.models import Invoice
from tests.bookings_support import book, future_day, local
from tests.factories import Account, Factory
from venues.models import Space, Venue, VenueTreasurer


async def confirmed_invoice(client: httpx.AsyncClient, factory: Factory) -> tuple[Account, Account, Venue, Space, int]:
    manager, booker = await factory.account("manager"), await factory.account("booker")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, requires_approval=True)
    await factory.rate(space, "standard", 3000)
    day = future_day()
    made = await book(client, booker, space.id, local(day, "10:00"), local(day, "12:00"))
    assert made.status_code == 201, made.text
    booking_id = made.json()["id"]
    confirmed = await client.post(f"/api/v1/bookings/{booking_id}/confirm", json={}, headers=manager.headers)
    assert confirmed.status_code in (200, 201), confirmed.text
    return manager, booker, venue, space, booking_id


async def test_managers_and_treasurers_list_the_venues_invoices_and_nobody_else(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, booker, venue, _, booking_id = await confirmed_invoice(client, factory)
    treasurer, stranger = await factory.account("treasurer"), await factory.account("stranger")
    await VenueTreasurer(venue=venue.id, user=treasurer.id).save()
    for who in (manager, treasurer):
        listed = await client.get(f"/api/v1/venues/{venue.id}/invoices", headers=who.headers)
        assert listed.status_code == 200, listed.text
        body = listed.json()
        assert body["total"] == 1
        item = body["items"][0]
        assert (item["reference"], item["total_minor"], item["booking_id"], item["billing_name"]) == (
            "INV-000001",
            6000,
            booking_id,
            booker.user.display_name,
        )
    assert (await client.get(f"/api/v1/venues/{venue.id}/invoices", headers=stranger.headers)).status_code == 403
    assert (await client.get(f"/api/v1/venues/{venue.id}/invoices", headers=booker.headers)).status_code == 403
    assert (await client.get(f"/api/v1/venues/{venue.id}/invoices")).status_code == 401
    filtered = await client.get(
        f"/api/v1/venues/{venue.id}/invoices", params={"kind": "credit_note"}, headers=manager.headers
    )
    assert filtered.json()["total"] == 0
    by_booking = await client.get(
        f"/api/v1/venues/{venue.id}/invoices", params={"booking_id": booking_id}, headers=manager.headers
    )
    assert by_booking.json()["total"] == 1


async def test_the_booker_reads_their_invoice_and_a_stranger_may_not(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    _, booker, _, _, _ = await confirmed_invoice(client, factory)
    stranger = await factory.account("stranger")
    invoice = await Invoice.objects().first()
    assert invoice is not None
    read = await client.get(f"/api/v1/invoices/{invoice.id}", headers=booker.headers)
    assert read.status_code == 200, read.text
    body = read.json()
    assert [(line["kind"], line["amount_minor"]) for line in body["lines"]] == [("hire", 6000)]
    assert body["credited_minor"] == 0
    assert (await client.get(f"/api/v1/invoices/{invoice.id}", headers=stranger.headers)).status_code == 403
    assert (await client.get(f"/api/v1/invoices/{invoice.id}")).status_code == 401
    assert (await client.get("/api/v1/invoices/999999", headers=booker.headers)).status_code == 404


async def test_a_credit_note_is_never_more_than_what_is_left(client: httpx.AsyncClient, factory: Factory) -> None:
    manager, booker, _, _, _ = await confirmed_invoice(client, factory)
    invoice = await Invoice.objects().first()
    assert invoice is not None
    url = f"/api/v1/invoices/{invoice.id}/credit-notes"
    refused = await client.post(url, json={"amount_minor": 100, "reason": "x"}, headers=booker.headers)
    assert refused.status_code == 403
    first = await client.post(url, json={"amount_minor": 2500, "reason": "Heating failed"}, headers=manager.headers)
    assert first.status_code == 201, first.text
    assert (first.json()["reference"], first.json()["credits_id"], first.json()["total_minor"]) == (
        "CN-000001",
        invoice.id,
        2500,
    )
    too_much = await client.post(url, json={"amount_minor": 3501, "reason": ""}, headers=manager.headers)
    assert too_much.status_code == 409
    read = await client.get(f"/api/v1/invoices/{invoice.id}", headers=manager.headers)
    assert read.json()["credited_minor"] == 2500


async def test_monthly_billing_for_a_group_over_http(client: httpx.AsyncClient, factory: Factory) -> None:
    manager, organiser = await factory.account("manager"), await factory.account("organiser")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, requires_approval=True)
    await factory.rate(space, "standard", 3000)
    group = await factory.group(organiser=organiser, name="Choir")
    stranger_venue = await factory.venue(manager=manager)
    unrelated = await client.put(
        f"/api/v1/venues/{stranger_venue.id}/groups/{group.id}/billing", json={"monthly": True}, headers=manager.headers
    )
    assert unrelated.status_code == 404 and "no bookings" in unrelated.json()["detail"]  # never dealt with the group
    day = future_day(weeks=6)
    made = await book(client, organiser, space.id, local(day, "10:00"), local(day, "11:00"), group_id=group.id)
    assert made.status_code == 201, made.text
    put = await client.put(
        f"/api/v1/venues/{venue.id}/groups/{group.id}/billing", json={"monthly": True}, headers=manager.headers
    )
    assert put.status_code == 200, put.text
    assert put.json() == {"venue_id": venue.id, "group_id": group.id, "monthly": True}
    refused = await client.put(
        f"/api/v1/venues/{venue.id}/groups/{group.id}/billing", json={"monthly": False}, headers=organiser.headers
    )
    assert refused.status_code == 403
    await client.post(f"/api/v1/bookings/{made.json()['id']}/confirm", json={}, headers=manager.headers)
    assert await Invoice.count() == 0  # billed monthly: nothing at confirmation
    month = {"year": day.year, "month": day.month}
    issued = await client.post(f"/api/v1/venues/{venue.id}/invoices/monthly", json=month, headers=manager.headers)
    assert issued.status_code == 201, issued.text
    assert [(i["group_id"], i["total_minor"], i["billing_name"]) for i in issued.json()] == [(group.id, 3000, "Choir")]
    again = await client.post(f"/api/v1/venues/{venue.id}/invoices/monthly", json=month, headers=manager.headers)
    assert again.json() == []
    # The group's organiser reads the invoice made out to the group.
    read = await client.get(f"/api/v1/invoices/{issued.json()[0]['id']}", headers=organiser.headers)
    assert read.status_code == 200


async def test_group_billing_details_are_for_its_organisers_only(client: httpx.AsyncClient, factory: Factory) -> None:
    organiser = await factory.account("organiser")
    group = await factory.group(organiser=organiser)
    changed = await client.patch(
        f"/api/v1/groups/{group.id}",
        json={"billing": {"name": "Choir Treasurer", "address": "5 Hymn Street\nTown"}},
        headers=organiser.headers,
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["billing"] == {"name": "Choir Treasurer", "address": "5 Hymn Street\nTown"}
    public = await client.get(f"/api/v1/groups/{group.id}")
    assert "billing" not in public.json() and "Choir Treasurer" not in public.text
    listed = await client.get("/api/v1/groups")
    assert "Choir Treasurer" not in listed.text
