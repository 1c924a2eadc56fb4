"""Weekly opening hours of venues and spaces over HTTP."""

from __future__ import annotations

import httpx

from tests.factories import Factory

WEEKDAYS_9_TO_5 = [{"weekday": day, "opens": "09:00", "closes": "17:00"} for day in range(5)]


async def test_manager_replaces_venue_hours_and_public_reads_them(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    url = f"/api/v1/venues/{venue.id}/opening-hours"
    assert (await client.get(url)).json() == {"venue_id": venue.id, "space_id": None, "hours": []}

    week = [
        *WEEKDAYS_9_TO_5,
        {"weekday": 5, "opens": "18:00", "closes": "23:30"},
        {"weekday": 5, "opens": "10:00", "closes": "12:00"},
    ]
    replaced = await client.put(url, json={"hours": week}, headers=manager.headers)
    assert replaced.status_code == 200, replaced.text
    saturday = [row for row in replaced.json()["hours"] if row["weekday"] == 5]
    assert saturday == [
        {"weekday": 5, "opens": "10:00", "closes": "12:00"},
        {"weekday": 5, "opens": "18:00", "closes": "23:30"},
    ]

    public = await client.get(url)
    assert public.json() == replaced.json()
    assert len(public.json()["hours"]) == 7

    cleared = await client.put(url, json={"hours": []}, headers=manager.headers)
    assert cleared.json()["hours"] == []
    assert (await client.get(url)).json()["hours"] == []


async def test_space_hours_are_kept_apart_from_the_venue_hours(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    venue_url = f"/api/v1/venues/{venue.id}/opening-hours"
    before = (await client.get(venue_url)).json()
    assert len(before["hours"]) == 7

    narrowed = await client.put(
        f"/api/v1/spaces/{space.id}/opening-hours",
        json={"hours": [{"weekday": 0, "opens": "10:00", "closes": "12:00"}]},
        headers=manager.headers,
    )
    assert narrowed.status_code == 200
    assert narrowed.json() == {
        "venue_id": venue.id,
        "space_id": space.id,
        "hours": [{"weekday": 0, "opens": "10:00", "closes": "12:00"}],
    }
    assert (await client.get(f"/api/v1/spaces/{space.id}/opening-hours")).json() == narrowed.json()
    assert (await client.get(venue_url)).json() == before


async def test_a_late_finish_is_stored_and_read_back_as_sent(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    url = f"/api/v1/venues/{venue.id}/opening-hours"
    week = [
        {"weekday": 5, "opens": "18:00", "closes": "01:00"},
        {"weekday": 6, "opens": "01:00", "closes": "03:00"},
        {"weekday": 6, "opens": "20:00", "closes": "00:00"},
        {"weekday": 2, "opens": "00:00", "closes": "00:00"},
    ]
    replaced = await client.put(url, json={"hours": week}, headers=manager.headers)
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["hours"] == sorted(week, key=lambda row: (row["weekday"], row["opens"]))
    assert (await client.get(url)).json() == replaced.json()
    # What a GET returns may be sent back unchanged.
    again = await client.put(url, json={"hours": replaced.json()["hours"]}, headers=manager.headers)
    assert again.json() == replaced.json()


async def test_a_late_finish_overlapping_the_next_mornings_hours_is_refused_and_old_hours_stay(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    url = f"/api/v1/venues/{venue.id}/opening-hours"
    await client.put(url, json={"hours": WEEKDAYS_9_TO_5}, headers=manager.headers)

    bad_week = [
        {"weekday": 6, "opens": "00:30", "closes": "20:00"},
        {"weekday": 5, "opens": "18:00", "closes": "01:00"},
    ]
    response = await client.put(url, json={"hours": bad_week}, headers=manager.headers)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["field"] == "hours[0].opens"
    assert "overlaps Saturday 18:00 – 01:00 (next day)" in response.json()["detail"]
    sunday_into_monday = [
        {"weekday": 0, "opens": "01:00", "closes": "09:00"},
        {"weekday": 6, "opens": "22:00", "closes": "02:00"},
    ]
    response = await client.put(url, json={"hours": sunday_into_monday}, headers=manager.headers)
    assert (response.status_code, response.json()["field"]) == (400, "hours[0].opens")
    assert (await client.get(url)).json()["hours"] == WEEKDAYS_9_TO_5


async def test_equal_opens_and_closes_is_refused_unless_midnight_to_midnight(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    response = await client.put(
        f"/api/v1/venues/{venue.id}/opening-hours",
        json={"hours": [{"weekday": 0, "opens": "09:00", "closes": "09:00"}]},
        headers=manager.headers,
    )
    assert response.status_code == 400 and response.json()["field"] == "hours[0].closes"
    assert "00:00 – 00:00 is open all day" in response.json()["detail"]


async def test_overlapping_intervals_on_one_day_are_refused(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    week = [
        {"weekday": 1, "opens": "09:00", "closes": "13:00"},
        {"weekday": 2, "opens": "12:00", "closes": "14:00"},
        {"weekday": 1, "opens": "12:30", "closes": "18:00"},
    ]
    response = await client.put(
        f"/api/v1/spaces/{space.id}/opening-hours", json={"hours": week}, headers=manager.headers
    )
    assert response.status_code == 400
    assert response.json()["field"] == "hours[2].opens"
    assert "overlaps" in response.json()["detail"]
    assert (await client.get(f"/api/v1/spaces/{space.id}/opening-hours")).json()["hours"] == []


async def test_malformed_rows_are_refused_by_field(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    url = f"/api/v1/venues/{venue.id}/opening-hours"
    cases = [
        ({"weekday": 7, "opens": "09:00", "closes": "10:00"}, "hours[0].weekday"),
        ({"weekday": 0, "opens": "9am", "closes": "10:00"}, "hours[0].opens"),
        ({"weekday": 0, "opens": "09:00", "closes": "24:00"}, "hours[0].closes"),
        ({"weekday": 0, "opens": "09:00", "closes": "10:00", "note": "x"}, "hours[0].note"),
    ]
    for row, field in cases:
        response = await client.put(url, json={"hours": [row]}, headers=manager.headers)
        assert response.status_code == 400, (row, response.text)
        assert response.json()["field"] == field, response.json()
    assert (await client.put(url, json=[], headers=manager.headers)).status_code == 400
