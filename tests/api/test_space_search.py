"""GET /api/v1/availability/search: spaces across venues free for a whole interval and matching the need."""

from __future__ import annotations

from datetime import time

import httpx

from tests.bookings_support import book, future_day, local
from tests.factories import Factory
from venues.models import OpeningHours, SpacePart

DAY = future_day()
HERE = {"lat": 51.7520, "lng": -1.2577}


def interval(starts: str = "14:00", ends: str = "17:00", **extra: object) -> dict[str, object]:
    return {"starts_at": local(DAY, starts), "ends_at": local(DAY, ends), **extra}


async def found(client: httpx.AsyncClient, **params: object) -> list[str]:
    response = await client.get("/api/v1/availability/search", params=interval(**params))  # type: ignore[arg-type]
    assert response.status_code == 200, response.text
    return [item["space_name"] for item in response.json()["items"]]


async def test_forty_people_a_kitchen_step_free_nearby_and_free_all_afternoon(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    booker = await factory.account()
    near = await factory.venue(latitude=51.7530, longitude=-1.2580, accessibility=["step_free"])
    stepped = await factory.venue(latitude=51.7540, longitude=-1.2560)
    far = await factory.venue(latitude=52.2000, longitude=0.1200, accessibility=["step_free"])
    hall = await factory.space(near, name="Near hall", capacity=60, facilities=["kitchen"])
    await factory.space(near, name="Near room", capacity=20, facilities=["kitchen"])
    await factory.space(near, name="Near studio", capacity=60, facilities=["stage"])
    await factory.space(stepped, name="Stepped hall", capacity=60, facilities=["kitchen"])
    await factory.space(stepped, name="Lift hall", capacity=60, facilities=["kitchen"], accessibility=["step_free"])
    await factory.space(far, name="Far hall", capacity=60, facilities=["kitchen"])
    need = {"capacity": 40, "facility": "kitchen", "accessibility": "step_free"}

    assert sorted(await found(client, **need)) == ["Far hall", "Lift hall", "Near hall"]
    assert await found(client, **need, **HERE, within_km=3) == ["Near hall", "Lift hall"]
    response = await client.get("/api/v1/availability/search", params=interval(**need, **HERE, within_km=3))
    assert response.json()["items"][0]["distance_km"] < response.json()["items"][1]["distance_km"]
    assert (
        response.json()["items"][0]["starts_local"]
        == f"{local(DAY, '14:00')}{response.json()['items'][0]['starts_local'][19:]}"
    )

    assert (await book(client, booker, hall.id, local(DAY, "16:30"), local(DAY, "18:00"))).status_code == 201
    assert await found(client, **need, **HERE, within_km=3) == ["Lift hall"]
    assert await found(client, **need, **HERE, within_km=3, starts="10:00", ends="13:00") == ["Near hall", "Lift hall"]


async def test_rules_combined_spaces_and_community_rates_narrow_the_search(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    booker = await factory.account()
    venue = await factory.venue()
    main = await factory.space(venue, name="Main")
    small = await factory.space(venue, name="Small")
    whole = await factory.space(venue, name="Whole")
    await SpacePart.insert(SpacePart(combined=whole.id, part=main.id), SpacePart(combined=whole.id, part=small.id))
    await factory.space(venue, name="Short", max_booking_minutes=120)
    await factory.space(venue, name="Archived", archived=True)
    await factory.rate(main, "low_cost", 800)
    await factory.rate(small, "standard", 1800)

    assert await found(client) == ["Main", "Small", "Whole"]
    assert await found(client, community_tiers_only=True) == ["Main"]
    assert (await book(client, booker, small.id, local(DAY, "16:00"), local(DAY, "17:00"))).status_code == 201
    assert await found(client) == ["Main"]
    rates = (await client.get("/api/v1/availability/search", params=interval())).json()["items"][0]["rates"]
    assert rates == [{"tier_kind": "low_cost", "tier_name": "Community", "hourly_rate_minor": 800, "currency": "GBP"}]


async def test_a_time_without_offset_is_each_venues_wall_clock(client: httpx.AsyncClient, factory: Factory) -> None:
    venue = await factory.venue(timezone="America/New_York")
    await OpeningHours.insert(
        *[OpeningHours(venue=venue.id, weekday=d, opens=time(13), closes=time(18)) for d in range(7)]
    )
    await factory.space(venue, name="New York room", open_all_week=False)
    assert await found(client) == ["New York room"]
    in_utc = await client.get(
        "/api/v1/availability/search",
        params={"starts_at": local(DAY, "14:00") + "Z", "ends_at": local(DAY, "17:00") + "Z"},
    )
    assert in_utc.json()["items"] == []


async def test_search_input_is_checked_and_the_query_count_stays_flat(
    client: httpx.AsyncClient, factory: Factory, query_log: list[str]
) -> None:
    for _ in range(4):
        venue = await factory.venue(latitude=51.75, longitude=-1.25)
        for _ in range(3):
            await factory.space(venue)
    query_log.clear()
    assert len(await found(client, lat=51.75, lng=-1.25)) == 12
    assert len(query_log) <= 8, query_log

    search = "/api/v1/availability/search"
    assert (await client.get(search, params=interval(lat=51.75))).status_code == 400
    assert (await client.get(search, params=interval(within_km=3))).status_code == 400
    assert (await client.get(search, params=interval(starts="17:00", ends="14:00"))).status_code == 400
    assert (
        await client.get(search, params={"starts_at": local(DAY, "10:00"), "ends_at": "2099-01-01T00:00:00"})
    ).status_code == 400
    assert (
        await client.get(search, params={"starts_at": local(DAY, "10:00") + "Z", "ends_at": local(DAY, "12:00")})
    ).status_code == 400
    assert (await client.get(search, params=interval(capacity=0))).status_code == 400
