"""Changing bookings: moving under the guard (all or nothing), editing details, prices that keep their history."""

from __future__ import annotations

from datetime import datetime

import httpx

from scheduling.holds.occupancy import epoch
from scheduling.models import Occupancy
from tests.bookings_support import book, future_day, local
from tests.factories import Factory
from venues.models import SpaceRate

DAY = future_day()


async def held() -> list[tuple[int, int]]:
    rows = await Occupancy.select(Occupancy.starts_ts, Occupancy.ends_ts).order_by(Occupancy.starts_ts)
    return [(row["starts_ts"], row["ends_ts"]) for row in rows]


async def test_moving_replaces_the_held_time_and_a_refused_move_changes_nothing(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    booker = await factory.account("booker")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, cleanup_buffer_minutes=15)
    first = (await book(client, booker, space.id, local(DAY, "09:00"), local(DAY, "10:00"))).json()
    (await book(client, booker, space.id, local(DAY, "12:00"), local(DAY, "13:00"))).json()
    path = f"/api/v1/bookings/{first['id']}"

    moved = await client.patch(
        path, json={"starts_at": local(DAY, "10:30"), "ends_at": local(DAY, "11:45")}, headers=booker.headers
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["starts_local"].startswith(f"{DAY.isoformat()}T10:30")
    assert moved.json()["sequence"] == 1
    # The old slot is free again at once.
    assert (await book(client, booker, space.id, local(DAY, "09:00"), local(DAY, "10:00"))).status_code == 201

    before = await held()
    clash = await client.patch(path, json={"ends_at": local(DAY, "12:30")}, headers=booker.headers)
    assert clash.status_code == 409 and clash.json()["type"].endswith("/overlap")
    assert await held() == before
    still = await client.get(path, headers=booker.headers)
    assert still.json()["ends_local"].startswith(f"{DAY.isoformat()}T11:45") and still.json()["sequence"] == 1

    outside_rules = await client.patch(path, json={"attendance": 51}, headers=booker.headers)
    assert outside_rules.status_code == 422
    history = await client.get(f"{path}/history", headers=manager.headers)
    changed = history.json()["items"][1]
    assert changed["action"] == "changed"
    assert changed["changes"]["starts_at"][0].endswith("Z") and set(changed["changes"]) == {"starts_at", "ends_at"}


async def test_details_change_without_touching_time_and_an_empty_change_is_not_recorded(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    booker = await factory.account("booker")
    stranger = await factory.account("stranger")
    space = await factory.space(await factory.venue())
    booking = (await book(client, booker, space.id, local(DAY, "09:00"), local(DAY, "10:00"), title="Choir")).json()
    path = f"/api/v1/bookings/{booking['id']}"
    before = await held()

    # Private: to a stranger an unknown id, as at its own address.
    assert (await client.patch(path, json={"title": "Mine"}, headers=stranger.headers)).status_code == 404
    assert (await client.patch(path, json={"title": "Mine"})).status_code == 401
    renamed = await client.patch(
        path,
        json={"title": "Choir practice", "booker": {"phone": "07700 900000"}, "reason": "typo"},
        headers=booker.headers,
    )
    assert renamed.status_code == 200
    assert renamed.json()["title"] == "Choir practice" and renamed.json()["booker"]["phone"] == "07700 900000"
    assert renamed.json()["booker"]["email"] == booker.user.email
    same = await client.patch(path, json={"title": "Choir practice"}, headers=booker.headers)
    assert same.json()["sequence"] == renamed.json()["sequence"] == 1
    assert await held() == before
    events = (await client.get(f"{path}/history", headers=booker.headers)).json()["items"]
    assert len(events) == 2
    assert events[1]["changes"]["title"] == ["Choir", "Choir practice"] and events[1]["reason"] == "typo"
    unknown = await client.patch(path, json={"colour": "red"}, headers=booker.headers)
    assert unknown.status_code == 400


async def test_confirmed_bookings_of_approval_spaces_are_moved_by_managers_and_repriced(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    booker = await factory.account("booker")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, setup_buffer_minutes=10)
    await factory.rate(space, "standard", 1200)
    booking = (await book(client, booker, space.id, local(DAY, "09:00"), local(DAY, "10:00"))).json()
    path = f"/api/v1/bookings/{booking['id']}"
    await client.post(f"{path}/confirm", headers=manager.headers)

    refused = await client.patch(path, json={"ends_at": local(DAY, "11:00")}, headers=booker.headers)
    assert refused.status_code == 403
    tier_change = await client.patch(path, json={"tier_id": booking["tier_id"]}, headers=booker.headers)
    assert tier_change.status_code == 403
    moved = await client.patch(path, json={"ends_at": local(DAY, "11:00")}, headers=manager.headers)
    assert moved.status_code == 200
    assert moved.json()["price"]["total_minor"] == 2400
    starts, ends = (datetime.fromisoformat(moved.json()[key]) for key in ("starts_at", "ends_at"))
    assert await held() == [(epoch(starts) - 600, epoch(ends))]


async def test_the_price_is_fixed_when_confirmed_and_later_rate_changes_do_not_rewrite_it(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    booker = await factory.account("booker")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    rate = await factory.rate(space, "standard", 1800)
    booking = (await book(client, booker, space.id, local(DAY, "14:00"), local(DAY, "16:30"))).json()
    assert booking["price"] is None
    await SpaceRate.update({SpaceRate.hourly_rate_minor: 2000}).where(SpaceRate.id == rate.id)
    confirmed = (await client.post(f"/api/v1/bookings/{booking['id']}/confirm", headers=manager.headers)).json()
    assert confirmed["price"]["total_minor"] == 5000
    assert confirmed["price"]["lines"][0] == {
        "description": confirmed["price"]["lines"][0]["description"],
        "minutes": 150,
        "hourly_rate_minor": 2000,
        "amount_minor": 5000,
        "kind": "hire",
        "quantity": 1,
        "unit_minor": 5000,
        "vat_treatment": "exempt",
        "extra_id": None,
    }
    assert "half-up" in confirmed["price"]["rounding"]

    await SpaceRate.update({SpaceRate.hourly_rate_minor: 9900}).where(SpaceRate.id == rate.id)
    kept = await client.get(f"/api/v1/bookings/{booking['id']}", headers=booker.headers)
    assert kept.json()["price"]["total_minor"] == 5000
    quote = await client.post(
        "/api/v1/quotes", json={"space_id": space.id, "starts_at": local(DAY, "14:00"), "ends_at": local(DAY, "16:30")}
    )
    assert quote.json()["price"]["total_minor"] == 24750


async def test_stretching_an_invoiced_booking_invoices_the_difference_and_shrinking_it_credits_it(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    from scheduling.models import Deposit, Invoice
    from scheduling.payments.balances import booking_balance

    manager = await factory.account("manager")
    booker = await factory.account("booker")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    rate = await factory.rate(space, "standard", 2400)
    rate.deposit_minor = 5000
    await rate.save()
    booking = (await book(client, booker, space.id, local(DAY, "09:00"), local(DAY, "11:00"))).json()
    path = f"/api/v1/bookings/{booking['id']}"
    assert (await client.post(f"{path}/confirm", headers=manager.headers)).status_code == 200
    assert (await booking_balance(venue.id, booking["id"])).owed_minor == 4800 + 5000

    stretched = await client.patch(path, json={"ends_at": local(DAY, "15:00")}, headers=manager.headers)
    assert stretched.status_code == 200, stretched.text
    documents = await Invoice.select(Invoice.kind, Invoice.total_minor).order_by(Invoice.id)
    # 6 hours at £24 is 14400: the 9600 more on a supplementary invoice; the deposit per booking is unchanged
    assert [(d["kind"], d["total_minor"]) for d in documents] == [("invoice", 9800), ("invoice", 9600)]
    assert (await booking_balance(venue.id, booking["id"])).owed_minor == 14400 + 5000
    assert [d["amount_minor"] for d in await Deposit.select(Deposit.amount_minor)] == [5000]

    shrunk = await client.patch(path, json={"ends_at": local(DAY, "10:00")}, headers=manager.headers)
    assert shrunk.status_code == 200, shrunk.text
    notes = await Invoice.select(Invoice.total_minor).where(Invoice.kind == "credit_note").order_by(Invoice.id)
    # 12000 less: the supplementary invoice's 9600 first, then 2400 of the first invoice's hire
    assert [n["total_minor"] for n in notes] == [9600, 2400]
    assert (await booking_balance(venue.id, booking["id"])).owed_minor == 2400 + 5000
