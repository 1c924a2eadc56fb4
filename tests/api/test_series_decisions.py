"""Answering a series request as one thing: all of it or chosen dates, at a fixed cost, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from scheduling.models import Booking, BookingEvent, Occupancy, Series
from tests.factories import Account, Factory
from tests.series_support import next_weekday, occurrences_of, post_series
from venues.models import PriceTier


@dataclass
class Request:
    manager: Account
    organiser: Account
    series_id: int
    dates: list[date]
    venue_id: int
    space_id: int


async def requested_series(factory: Factory, client: httpx.AsyncClient, weeks: int = 4, **fields: Any) -> Request:
    """A group's weekly request on a space that needs approval, asked at the free tier; Standard is £24 an hour."""
    manager, organiser = await factory.account("manager"), await factory.account("organiser")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, requires_approval=True, horizon_days=400)
    await factory.rate(space, "standard", 2400)
    await factory.rate(space, "low_cost", 1200)
    group = await factory.group(organiser)
    free = await tier_id(venue.id, "free")
    first = next_weekday(1)
    response = await post_series(
        client,
        organiser,
        space.id,
        f"FREQ=WEEKLY;BYDAY=TU;COUNT={weeks}",
        first,
        group_id=group.id,
        tier_id=free,
        title="Birthday party",
        **fields,
    )
    assert response.status_code == 201, response.text
    series_id = response.json()["series"]["id"]
    dates = [first + timedelta(weeks=n) for n in range(weeks)]
    return Request(manager, organiser, series_id, dates, venue.id, space.id)


async def tier_id(venue_id: int, kind: str) -> int:
    row = await PriceTier.select(PriceTier.id).where((PriceTier.venue == venue_id) & (PriceTier.kind == kind)).first()
    return int(row["id"])


async def statuses(series_id: int) -> list[str]:
    rows = await Booking.select(Booking.status).where(Booking.series == series_id).order_by(Booking.starts_at)
    return [row["status"] for row in rows]


async def test_confirming_a_whole_series_confirms_every_waiting_date_and_records_each(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await requested_series(factory, client)
    assert await statuses(asked.series_id) == ["requested"] * 4
    response = await client.post(
        f"/api/v1/series/{asked.series_id}/confirm", json={"reason": "See you"}, headers=asked.manager.headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["status"], body["decided"], len(body["occurrences"])) == ("confirmed", 4, 4)
    assert await statuses(asked.series_id) == ["confirmed"] * 4
    assert await BookingEvent.count().where(BookingEvent.action == "confirmed") == 4
    seen = await occurrences_of(client, asked.organiser, asked.series_id)
    assert {o["status_reason"] for o in seen} == {"See you"}


async def test_confirming_chosen_dates_leaves_the_others_waiting_and_declining_one_frees_its_time(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await requested_series(factory, client)
    headers = asked.manager.headers
    chosen = [d.isoformat() for d in asked.dates[:3]]
    confirmed = await client.post(f"/api/v1/series/{asked.series_id}/confirm", json={"dates": chosen}, headers=headers)
    assert confirmed.status_code == 200, confirmed.text
    assert await statuses(asked.series_id) == ["confirmed"] * 3 + ["requested"]
    declined = await client.post(
        f"/api/v1/series/{asked.series_id}/decline",
        json={"dates": [asked.dates[3].isoformat()], "reason": "The hall is being painted"},
        headers=headers,
    )
    assert declined.status_code == 200, declined.text
    assert await statuses(asked.series_id) == ["confirmed"] * 3 + ["declined"]
    last = (await occurrences_of(client, asked.organiser, asked.series_id))[-1]
    assert (last["status"], last["status_reason"]) == ("declined", "The hall is being painted")
    held = await Occupancy.select(Occupancy.booking).where(Occupancy.booking == last["id"])
    assert held == []
    assert await Occupancy.count() == 3


async def test_declining_a_whole_series_without_dates_declines_every_waiting_date(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await requested_series(factory, client)
    response = await client.post(
        f"/api/v1/series/{asked.series_id}/decline", json={"reason": "Not this term"}, headers=asked.manager.headers
    )
    assert response.status_code == 200, response.text
    assert await statuses(asked.series_id) == ["declined"] * 4
    assert await Occupancy.count() == 0


async def test_a_series_is_confirmed_at_the_tier_the_manager_chooses_and_the_change_is_in_each_history(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await requested_series(factory, client)
    standard = await tier_id(asked.venue_id, "standard")
    response = await client.post(
        f"/api/v1/series/{asked.series_id}/confirm", json={"tier_id": standard}, headers=asked.manager.headers
    )
    assert response.status_code == 200, response.text
    prices = [o["price"] for o in response.json()["occurrences"]]
    assert {(p["total_minor"], p["tier_kind"]) for p in prices} == {(4800, "standard")}
    rows = await Booking.select(Booking.price_minor, Booking.tier).where(Booking.series == asked.series_id)
    assert {(row["price_minor"], row["tier"]) for row in rows} == {(4800, standard)}
    assert (await Series.select(Series.tier).where(Series.id == asked.series_id).first())["tier"] == standard
    history = await client.get(
        f"/api/v1/bookings/{response.json()['occurrences'][0]['id']}/history", headers=asked.manager.headers
    )
    confirmed = [e for e in history.json()["items"] if e["action"] == "confirmed"][0]
    free = await tier_id(asked.venue_id, "free")
    assert confirmed["changes"]["tier"] == [free, standard]
    assert confirmed["changes"]["price_minor"] == [0, 4800]


async def test_a_tier_of_another_venue_is_refused_and_nothing_is_confirmed(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await requested_series(factory, client)
    elsewhere = await tier_id((await factory.venue()).id, "standard")
    response = await client.post(
        f"/api/v1/series/{asked.series_id}/confirm", json={"tier_id": elsewhere}, headers=asked.manager.headers
    )
    assert response.status_code == 400 and "tier_id" in response.text
    assert await statuses(asked.series_id) == ["requested"] * 4


async def test_a_single_booking_is_confirmed_at_a_changed_tier_recorded_in_its_history(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await requested_series(factory, client, weeks=1)
    booking_id = (await occurrences_of(client, asked.manager, asked.series_id))[0]["id"]
    low = await tier_id(asked.venue_id, "low_cost")
    response = await client.post(
        f"/api/v1/bookings/{booking_id}/confirm", json={"tier_id": low}, headers=asked.manager.headers
    )
    assert response.status_code == 200, response.text
    assert (response.json()["tier_id"], response.json()["price"]["total_minor"]) == (low, 2400)
    history = (await client.get(f"/api/v1/bookings/{booking_id}/history", headers=asked.manager.headers)).json()
    assert [e["changes"]["tier"][1] for e in history["items"] if e["action"] == "confirmed"] == [low]


async def test_a_date_not_in_the_series_is_named_and_nothing_is_written(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await requested_series(factory, client)
    stray = asked.dates[0] + timedelta(days=1)
    for action in ("confirm", "decline"):
        response = await client.post(
            f"/api/v1/series/{asked.series_id}/{action}",
            json={"dates": [asked.dates[0].isoformat(), stray.isoformat()], "reason": "x"},
            headers=asked.manager.headers,
        )
        assert response.status_code == 400, response.text
        assert stray.isoformat() in response.json()["detail"]
        assert await statuses(asked.series_id) == ["requested"] * 4
    assert await BookingEvent.count().where(BookingEvent.action != "created") == 0


async def test_a_date_already_answered_is_a_conflict_and_the_other_dates_stay_waiting(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await requested_series(factory, client)
    url = f"/api/v1/series/{asked.series_id}"
    first = asked.dates[0].isoformat()
    assert (await client.post(f"{url}/decline", json={"dates": [first]}, headers=asked.manager.headers)).is_success
    response = await client.post(
        f"{url}/confirm", json={"dates": [first, asked.dates[1].isoformat()]}, headers=asked.manager.headers
    )
    assert response.status_code == 409 and first in response.json()["detail"]
    assert await statuses(asked.series_id) == ["declined", "requested", "requested", "requested"]


async def test_only_the_venues_managers_answer_and_an_unknown_series_is_404(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    asked = await requested_series(factory, client)
    other_manager = await factory.account("other")
    await factory.venue(manager=other_manager)
    for action in ("confirm", "decline"):
        url = f"/api/v1/series/{asked.series_id}/{action}"
        assert (await client.post(url, json={})).status_code == 401
        for who in (asked.organiser, other_manager):
            assert (await client.post(url, json={}, headers=who.headers)).status_code == 403
        assert (
            await client.post(f"/api/v1/series/987654/{action}", json={}, headers=asked.manager.headers)
        ).status_code == 404
    assert await statuses(asked.series_id) == ["requested"] * 4


@pytest.mark.parametrize("body", [{"dates": []}, {"dates": ["1999-01-01"]}, {"dates": "x"}, {"colour": "red"}])
async def test_bad_bodies_are_400s(client: httpx.AsyncClient, factory: Factory, body: dict[str, Any]) -> None:
    asked = await requested_series(factory, client, weeks=1)
    response = await client.post(f"/api/v1/series/{asked.series_id}/confirm", json=body, headers=asked.manager.headers)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_answering_a_series_costs_the_same_queries_for_four_dates_as_for_fifty_two(
    client: httpx.AsyncClient, factory: Factory, query_log: list[str]
) -> None:
    counts: dict[tuple[str, int], int] = {}
    for weeks in (4, 52):
        for action in ("confirm", "decline"):
            asked = await requested_series(factory, client, weeks=weeks)
            body: dict[str, Any] = {"reason": "ok"}
            if action == "confirm":
                body["tier_id"] = await tier_id(asked.venue_id, "standard")
            query_log.clear()
            response = await client.post(
                f"/api/v1/series/{asked.series_id}/{action}", json=body, headers=asked.manager.headers
            )
            assert response.status_code == 200 and response.json()["decided"] == weeks
            counts[(action, weeks)] = len(query_log)
            await Occupancy.delete(force=True)
    assert counts[("confirm", 4)] == counts[("confirm", 52)]
    assert counts[("decline", 4)] == counts[("decline", 52)]
