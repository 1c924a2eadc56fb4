"""A venue's extras over HTTP: the catalogue, choosing extras on a request, and limited stock never over-allocated."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx

from scheduling.models import BookingExtra, ExtraHold
from tests.bookings_support import book, future_day, local
from tests.factories import Account, Factory
from tests.series_support import next_weekday, post_series
from venues.models import Venue


async def add_extra(client: httpx.AsyncClient, manager: Account, venue: Venue, **fields: object) -> httpx.Response:
    body = {"name": "Projector", "unit": "booking", "price_minor": 1500, **fields}
    return await client.post(f"/api/v1/venues/{venue.id}/extras", json=body, headers=manager.headers)


async def overlapping_unit_pairs() -> int:
    rows = await ExtraHold.raw(
        "SELECT COUNT(*) AS n FROM extra_hold a JOIN extra_hold b ON a.extra = b.extra AND a.unit = b.unit"
        " AND a.id < b.id AND a.starts_ts < b.ends_ts AND b.starts_ts < a.ends_ts"
    )
    return rows[0]["n"]


async def test_managers_keep_the_catalogue_and_the_public_sees_names_and_prices_only(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    created = await add_extra(client, manager, venue, stock=2, description="HD, HDMI")
    assert created.status_code == 201, created.text
    extra = created.json()
    assert extra["stock"] == 2 and extra["vat_treatment"] == "standard"
    assert (await add_extra(client, manager, venue, name="projector ")).status_code == 409
    other = await factory.account("other")
    assert (await add_extra(client, other, venue, name="PA")).status_code == 403
    assert (await client.post(f"/api/v1/venues/{venue.id}/extras", json={"name": "PA"})).status_code == 401

    public = (await client.get(f"/api/v1/venues/{venue.id}/extras")).json()["items"]
    assert public == [
        {
            "id": extra["id"],
            "venue_id": venue.id,
            "name": "Projector",
            "description": "HD, HDMI",
            "unit": "booking",
            "price_minor": 1500,
            "currency": "GBP",
        }
    ]
    changed = await client.patch(
        f"/api/v1/venues/{venue.id}/extras/{extra['id']}", json={"archived": True}, headers=manager.headers
    )
    assert changed.status_code == 200 and changed.json()["archived"] is True
    assert (await client.get(f"/api/v1/venues/{venue.id}/extras")).json()["items"] == []
    seen = (await client.get(f"/api/v1/venues/{venue.id}/extras", headers=manager.headers)).json()["items"]
    assert [item["name"] for item in seen] == ["Projector"]
    removed = await client.delete(f"/api/v1/venues/{venue.id}/extras/{extra['id']}", headers=manager.headers)
    assert removed.status_code == 200 and removed.json() == {"deleted": True, "extra": None}


async def test_an_extra_a_booking_chose_is_archived_not_deleted(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    extra = (await add_extra(client, manager, venue, name="Kitchen")).json()
    booker = await factory.account("booker")
    day = future_day()
    made = await book(
        client, booker, space.id, local(day, "10:00"), local(day, "12:00"), extras=[{"extra_id": extra["id"]}]
    )
    assert made.status_code == 201, made.text
    assert made.json()["extras"] == [{"extra_id": extra["id"], "name": "Kitchen", "quantity": 1}]
    removed = await client.delete(f"/api/v1/venues/{venue.id}/extras/{extra['id']}", headers=manager.headers)
    assert removed.json()["deleted"] is False and removed.json()["extra"]["archived"] is True
    assert await BookingExtra.count() == 1
    again = await book(
        client, booker, space.id, local(day, "14:00"), local(day, "15:00"), extras=[{"extra_id": extra["id"]}]
    )
    assert again.status_code == 400 and again.json()["field"] == "extras"


async def test_quantities_follow_the_unit_and_extras_must_be_the_venues(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    per_booking = (await add_extra(client, manager, venue, name="PA")).json()
    tables = (await add_extra(client, manager, venue, name="Tables", unit="item", stock=10)).json()
    elsewhere = await factory.venue(manager=manager, name="Elsewhere")
    foreign = (await add_extra(client, manager, elsewhere, name="Urn")).json()
    booker = await factory.account("booker")
    day = future_day()

    async def ask(choices: list[dict[str, int]]) -> httpx.Response:
        return await book(client, booker, space.id, local(day, "10:00"), local(day, "11:00"), extras=choices)

    for refused in (
        [{"extra_id": per_booking["id"], "quantity": 2}],
        [{"extra_id": tables["id"], "quantity": 11}],
        [{"extra_id": foreign["id"]}],
        [{"extra_id": per_booking["id"]}, {"extra_id": per_booking["id"]}],
    ):
        response = await ask(refused)
        assert response.status_code == 400 and response.json()["field"] == "extras", (refused, response.text)
    assert await BookingExtra.count() == 0
    made = await ask([{"extra_id": tables["id"], "quantity": 10}, {"extra_id": per_booking["id"]}])
    assert made.status_code == 201, made.text
    assert [(e["name"], e["quantity"]) for e in made.json()["extras"]] == [("PA", 1), ("Tables", 10)]
    assert await ExtraHold.count() == 10


async def test_two_projectors_are_never_out_three_times_under_concurrent_requests(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    spaces = [await factory.space(venue, name=f"Room {i}") for i in range(10)]
    projector = (await add_extra(client, manager, venue, stock=2)).json()
    bookers = [await factory.account(f"b{i}") for i in range(5)]
    day = future_day()
    # Different spaces, so time never refuses them; every request overlaps every other.
    responses = await asyncio.gather(
        *[
            book(
                client,
                bookers[i % 5],
                space.id,
                local(day, f"19:{i:02d}"),
                local(day, f"22:{i:02d}"),
                extras=[{"extra_id": projector["id"]}],
            )
            for i, space in enumerate(spaces)
        ]
    )
    codes = Counter(response.status_code for response in responses)
    assert codes == {201: 2, 409: 8}, [r.text for r in responses if r.status_code not in (201, 409)][:3]
    refused = next(r for r in responses if r.status_code == 409).json()
    assert all(r.json()["type"].endswith("/extra-stock") for r in responses if r.status_code == 409), [
        r.text for r in responses if r.status_code == 409
    ]
    assert "Only 2 × Projector and both are booked" in refused["detail"]
    assert await ExtraHold.count() == 2
    assert await overlapping_unit_pairs() == 0
    assert await BookingExtra.count() == 2


async def test_cancelling_frees_the_stock_for_the_next_request(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    first, second = await factory.space(venue, name="A"), await factory.space(venue, name="B")
    projector = (await add_extra(client, manager, venue, stock=1)).json()
    booker = await factory.account("booker")
    day = future_day()
    choice = [{"extra_id": projector["id"]}]
    made = await book(client, booker, first.id, local(day, "19:00"), local(day, "22:00"), extras=choice)
    assert made.status_code == 201
    out = await book(client, booker, second.id, local(day, "21:00"), local(day, "23:00"), extras=choice)
    assert out.status_code == 409 and "it is booked" in out.json()["detail"]
    cancelled = await client.post(
        f"/api/v1/bookings/{made.json()['id']}/cancel", json={"reason": "off"}, headers=booker.headers
    )
    assert cancelled.status_code == 200, cancelled.text
    assert await ExtraHold.count() == 0
    now_in = await book(client, booker, second.id, local(day, "21:00"), local(day, "23:00"), extras=choice)
    assert now_in.status_code == 201, now_in.text


async def test_moving_a_booking_onto_a_time_the_stock_is_out_changes_nothing(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    first, second = await factory.space(venue, name="A"), await factory.space(venue, name="B")
    projector = (await add_extra(client, manager, venue, stock=1)).json()
    booker = await factory.account("booker")
    day = future_day()
    choice = [{"extra_id": projector["id"]}]
    evening = await book(client, booker, first.id, local(day, "19:00"), local(day, "22:00"), extras=choice)
    morning = await book(client, booker, second.id, local(day, "09:00"), local(day, "11:00"), extras=choice)
    assert evening.status_code == morning.status_code == 201
    moved = await client.patch(
        f"/api/v1/bookings/{morning.json()['id']}",
        json={"starts_at": local(day, "20:00"), "ends_at": local(day, "21:00")},
        headers=booker.headers,
    )
    assert moved.status_code == 409 and moved.json()["type"].endswith("/extra-stock"), moved.text
    after = (await client.get(f"/api/v1/bookings/{morning.json()['id']}", headers=booker.headers)).json()
    assert after["starts_local"].startswith(local(day, "09:00"))
    held = await ExtraHold.select(ExtraHold.booking, ExtraHold.starts_ts).order_by(ExtraHold.starts_ts)
    assert [row["booking"] for row in held] == [morning.json()["id"], evening.json()["id"]]
    later = await client.patch(
        f"/api/v1/bookings/{morning.json()['id']}",
        json={"starts_at": local(day, "12:00"), "ends_at": local(day, "13:00")},
        headers=booker.headers,
    )
    assert later.status_code == 200, later.text
    assert await ExtraHold.count() == 2 and await overlapping_unit_pairs() == 0


async def test_lowering_stock_below_what_bookings_hold_names_them(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    first, second = await factory.space(venue, name="A"), await factory.space(venue, name="B")
    projector = (await add_extra(client, manager, venue, stock=3)).json()
    booker = await factory.account("booker")
    day = future_day()
    choice = [{"extra_id": projector["id"]}]
    one = await book(client, booker, first.id, local(day, "19:00"), local(day, "22:00"), extras=choice, title="Quiz")
    two = await book(client, booker, second.id, local(day, "20:00"), local(day, "21:00"), extras=choice)
    assert one.status_code == two.status_code == 201
    url = f"/api/v1/venues/{venue.id}/extras/{projector['id']}"
    refused = await client.patch(url, json={"stock": 1}, headers=manager.headers)
    assert refused.status_code == 409, refused.text
    problem = refused.json()
    assert {b["booking_id"] for b in problem["bookings"]} == {one.json()["id"], two.json()["id"]}
    assert "Quiz" in problem["detail"]
    assert (await client.get(url.rsplit("/", 1)[0], headers=manager.headers)).json()["items"][0]["stock"] == 3
    assert (await client.patch(url, json={"stock": 2}, headers=manager.headers)).status_code == 200
    units = await ExtraHold.select(ExtraHold.unit)
    assert sorted(row["unit"] for row in units) == [1, 2]


async def test_an_extra_priced_in_another_currency_than_the_spaces_rate_is_refused_not_added_up(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, name="Main hall")
    await factory.rate(space, "standard", 2000)  # GBP
    euros = (await add_extra(client, manager, venue, name="Beamer", currency="EUR")).json()
    pounds = (await add_extra(client, manager, venue, name="Urn", price_minor=500)).json()
    booker = await factory.account("booker")
    day = future_day()
    refused = await book(
        client, booker, space.id, local(day, "10:00"), local(day, "12:00"), extras=[{"extra_id": euros["id"]}]
    )
    assert refused.status_code == 400 and refused.json()["field"] == "extras", refused.text
    assert "EUR" in refused.json()["detail"] and "GBP" in refused.json()["detail"]
    assert await BookingExtra.count() == 0
    made = await book(
        client, booker, space.id, local(day, "10:00"), local(day, "12:00"), extras=[{"extra_id": pounds["id"]}]
    )
    assert made.status_code == 201, made.text


async def test_a_series_cannot_carry_extras_over_the_api(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, horizon_days=400)
    extra = (await add_extra(client, manager, venue)).json()
    refused = await post_series(
        client, manager, space.id, "FREQ=WEEKLY;COUNT=3", next_weekday(1), extras=[{"extra_id": extra["id"]}]
    )
    assert refused.status_code == 400 and "extras" in refused.text
