"""A venue's money over HTTP: its managers and treasurers record and read it; nobody else sees it."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

import httpx

from scheduling.models import Booking
from tests.factories import Account, Factory
from tests.scheduling.payments.support import issued
from venues.models import Space, Venue, VenueTreasurer

STARTS = datetime(2027, 5, 1, 10, tzinfo=UTC)
ENDS = datetime(2027, 5, 1, 12, tzinfo=UTC)


async def hall(factory: Factory) -> tuple[Account, Account, Venue, Space]:
    manager, treasurer = await factory.account("manager"), await factory.account("treasurer")
    venue = await factory.venue(manager=manager)
    await VenueTreasurer(venue=venue.id, user=treasurer.id).save()
    return manager, treasurer, venue, await factory.space(venue)


async def test_a_treasurer_records_a_part_payment_and_reads_the_balance(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    _, treasurer, venue, space = await hall(factory)
    group = await factory.group(name="Choir")
    booking = await factory.booking(space, STARTS, ENDS, group=group.id)
    await issued(venue.id, [(9000, 0)], date(2026, 1, 1), date(2026, 1, 15), group=group.id, booking=booking.id)
    url = f"/api/v1/venues/{venue.id}"
    made = await client.post(
        f"{url}/payments",
        json={"method": "cash", "amount_minor": 4000, "booking_id": booking.id, "received_on": "2026-01-10"},
        headers=treasurer.headers,
    )
    assert made.status_code == 201, made.text
    assert made.json()["group_id"] == group.id and made.json()["kind"] == "payment"
    balance = (await client.get(f"{url}/bookings/{booking.id}/balance", headers=treasurer.headers)).json()
    assert (balance["invoiced_minor"], balance["paid_minor"], balance["owed_minor"]) == (9000, 4000, 5000)
    assert (await client.get(f"{url}/groups/{group.id}/balance", headers=treasurer.headers)).json()[
        "owed_minor"
    ] == 5000
    statement = (await client.get(f"{url}/groups/{group.id}/statement", headers=treasurer.headers)).json()
    assert [(e["type"], e["balance_minor"]) for e in statement["entries"]] == [("invoice", 9000), ("payment", 5000)]
    listed = (await client.get(f"{url}/payments", headers=treasurer.headers)).json()
    assert listed["total"] == 1 and listed["items"][0]["amount_minor"] == 4000
    late = (await client.get(f"{url}/overdue", headers=treasurer.headers)).json()
    assert [item["outstanding_minor"] for item in late["items"]] == [5000]


async def test_a_refund_above_what_was_paid_is_a_conflict(client: httpx.AsyncClient, factory: Factory) -> None:
    manager, _, venue, space = await hall(factory)
    booking = await factory.booking(space, STARTS, ENDS)
    url = f"/api/v1/venues/{venue.id}/payments"
    body = {"method": "bank_transfer", "amount_minor": 2000, "booking_id": booking.id}
    assert (await client.post(url, json=body, headers=manager.headers)).status_code == 201
    refused = await client.post(url, json={**body, "kind": "refund", "amount_minor": 2001}, headers=manager.headers)
    assert refused.status_code == 409
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert (await client.post(url, json={**body, "kind": "refund"}, headers=manager.headers)).status_code == 201


async def test_a_payment_body_with_a_float_an_unknown_method_or_field_is_refused(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, _, venue, _ = await hall(factory)
    url = f"/api/v1/venues/{venue.id}/payments"
    for body in (
        {"method": "cash", "amount_minor": 10.5},
        {"method": "crypto", "amount_minor": 100},
        {"method": "cash", "amount_minor": 0},
        {"method": "cash", "amount_minor": 100, "surprise": 1},
    ):
        assert (await client.post(url, json=body, headers=manager.headers)).status_code == 400, body


async def test_a_deposit_is_taken_then_part_returned_with_a_reason(client: httpx.AsyncClient, factory: Factory) -> None:
    from scheduling.payments.deposits import deposit_due

    _, treasurer, venue, space = await hall(factory)
    booking = await factory.booking(space, STARTS, ENDS, price_breakdown=json.dumps({"deposit_minor": 5000}))
    await deposit_due(booking)
    url = f"/api/v1/venues/{venue.id}/bookings/{booking.id}/deposit"
    taken = await client.post(f"{url}/take", json={"method": "cash"}, headers=treasurer.headers)
    assert taken.status_code == 201 and taken.json()["status"] == "held"
    no_reason = await client.post(
        f"{url}/return", json={"method": "cash", "returned_minor": 3000}, headers=treasurer.headers
    )
    assert no_reason.status_code == 400
    kept = await client.post(
        f"{url}/return",
        json={"method": "cash", "returned_minor": 3000, "reason": "Scratched floor"},
        headers=treasurer.headers,
    )
    assert kept.status_code == 201, kept.text
    assert (kept.json()["status"], kept.json()["retained_minor"]) == ("part_returned", 2000)
    again = await client.post(f"{url}/take", json={"method": "cash"}, headers=treasurer.headers)
    assert again.status_code == 409


async def test_money_is_for_the_venues_managers_and_treasurers_only(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    _, treasurer, venue, space = await hall(factory)
    _, other_treasurer, other, _ = await hall(factory)
    stranger = await factory.account("stranger")
    booking = await factory.booking(space, STARTS, ENDS)
    paths = [
        ("get", f"/api/v1/venues/{venue.id}/payments"),
        ("get", f"/api/v1/venues/{venue.id}/overdue"),
        ("get", f"/api/v1/venues/{venue.id}/money.csv"),
        ("get", f"/api/v1/venues/{venue.id}/bookings/{booking.id}/balance"),
        ("post", f"/api/v1/venues/{venue.id}/payments"),
    ]
    for method, path in paths:
        kwargs = {"json": {"method": "cash", "amount_minor": 100}} if method == "post" else {}
        assert (await client.request(method, path, **kwargs)).status_code == 401, path
        for outsider in (stranger, other_treasurer):
            answer = await client.request(method, path, headers=outsider.headers, **kwargs)
            assert answer.status_code == 403, path
    assert (
        await client.get(f"/api/v1/venues/{other.id}/bookings/{booking.id}/balance", headers=other_treasurer.headers)
    ).status_code == 404
    assert (await client.get("/api/v1/venues/999999/payments", headers=treasurer.headers)).status_code == 404


async def test_a_treasurer_cannot_confirm_a_booking(client: httpx.AsyncClient, factory: Factory) -> None:
    _, treasurer, _, space = await hall(factory)
    booking = await factory.booking(space, STARTS, ENDS, status="requested")
    answer = await client.post(f"/api/v1/bookings/{booking.id}/confirm", json={}, headers=treasurer.headers)
    assert answer.status_code == 403
    assert (await Booking.select(Booking.status).where(Booking.id == booking.id).first())["status"] == "requested"


async def test_the_csv_download_adds_up(client: httpx.AsyncClient, factory: Factory) -> None:
    manager, _, venue, space = await hall(factory)
    booking = await factory.booking(space, STARTS, ENDS)
    await issued(venue.id, [(12345, 2058)], date(2026, 4, 1), booking=booking.id)
    await client.post(
        f"/api/v1/venues/{venue.id}/payments",
        json={"method": "cheque", "amount_minor": 12345, "booking_id": booking.id},
        headers=manager.headers,
    )
    answer = await client.get(f"/api/v1/venues/{venue.id}/money.csv", headers=manager.headers)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert [(row["type"], row["net"], row["vat"], row["gross"]) for row in rows] == [
        ("invoice", "102.87", "20.58", "123.45"),
        ("payment", "123.45", "0.00", "123.45"),
    ]
