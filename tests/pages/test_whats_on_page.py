"""The home page: what's on by day, its filters, placing a postcode, and subscribe links for the view."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx

from tests.factories import Factory
from tests.pages.support import days_ahead, london


async def _listings(factory: Factory) -> dict[str, object]:
    hall = await factory.venue(
        name="Little Marsh Village Hall",
        postcode="LM1 2AB",
        latitude=51.752,
        longitude=-1.2577,
        accessibility=["step_free", "hearing_loop"],
    )
    hub = await factory.venue(name="Eastside Community Hub", postcode="ES4 7QT", latitude=51.9, longitude=-1.0)
    room, studio = await factory.space(hall, name="Small hall"), await factory.space(hub, name="Studio")
    day = days_ahead(3)
    coffee = await factory.booking(room, london(day, 10), london(day, 12))
    await factory.activity(coffee, title="Marsh coffee morning", category="coffee_morning", audience="older_people")
    quiz = await factory.booking(room, london(day, 19), london(day, 21))
    await factory.activity(quiz, title="Quiz night", category="other", cost_kind="priced", price_minor=300)
    far = await factory.booking(studio, london(day + timedelta(days=1), 10), london(day + timedelta(days=1), 11))
    await factory.activity(far, title="Eastside coffee", category="coffee_morning")
    private = await factory.booking(room, london(day, 14), london(day, 15), is_public=False)
    await factory.activity(private, title="Private committee")
    return {"day": day}


def _titles(html: str) -> list[str]:
    return re.findall(r'<a href="/activities/\d+">([^<]+)</a>', html)


async def test_upcoming_public_activities_are_listed_by_day_in_time_order(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    data = await _listings(factory)
    response = await client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert _titles(response.text) == ["Marsh coffee morning", "Quiz night", "Eastside coffee"]
    day = data["day"]
    assert f'id="day-{day.isoformat()}"' in response.text
    assert f'id="day-{(day + timedelta(days=1)).isoformat()}"' in response.text
    assert "Private committee" not in response.text
    assert "£3.00" in response.text and "For: Older people" in response.text


async def test_filters_narrow_the_list(client: httpx.AsyncClient, factory: Factory) -> None:
    await _listings(factory)
    free = await client.get("/", params={"free_only": "true"})
    assert _titles(free.text) == ["Marsh coffee morning", "Eastside coffee"]
    coffee = await client.get("/", params={"category": "coffee_morning", "audience": "older_people"})
    assert _titles(coffee.text) == ["Marsh coffee morning"]
    access = await client.get("/", params=[("accessibility", "step_free"), ("accessibility", "hearing_loop")])
    assert _titles(access.text) == ["Marsh coffee morning", "Quiz night"]


async def test_a_postcode_is_placed_from_the_venues_and_the_page_says_so(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    await _listings(factory)
    response = await client.get("/", params={"near": "lm1 2ab", "within_km": "3", "free_only": "true"})
    assert _titles(response.text) == ["Marsh coffee morning"]
    assert "placed using the postcode of Little Marsh Village Hall" in response.text
    assert "rather than a postcode database" in response.text
    assert "0.0 km away" in response.text


async def test_a_place_we_cannot_find_shows_nothing_and_says_why(client: httpx.AsyncClient, factory: Factory) -> None:
    await _listings(factory)
    response = await client.get("/", params={"near": "Atlantis"})
    assert response.status_code == 200
    assert _titles(response.text) == []
    assert "We couldn&#39;t place &#39;Atlantis&#39;" in response.text


async def test_subscribe_links_carry_the_filters_of_the_view(client: httpx.AsyncClient, factory: Factory) -> None:
    await _listings(factory)
    response = await client.get(
        "/",
        params={
            "near": "LM1 2AB",
            "within_km": "5",
            "category": "coffee_morning",
            "free_only": "true",
            "from": "2030-01-01",
            "to": "2030-01-10",
        },
    )
    links = re.findall(r'href="((?:webcal|http)://[^"]*whats-on\.ics[^"]*)"', response.text)
    assert {urlsplit(link).scheme for link in links} == {"webcal", "http"}
    query = parse_qs(urlsplit(links[0].replace("&amp;", "&")).query)
    assert query == {
        "category": ["coffee_morning"],
        "free_only": ["true"],
        "lat": ["51.752"],
        "lng": ["-1.2577"],
        "within_km": ["5"],
    }


async def test_unreadable_filters_are_reported_not_refused(client: httpx.AsyncClient, factory: Factory) -> None:
    await _listings(factory)
    response = await client.get("/", params={"from": "next tuesday", "category": "juggling", "to": "2020-01-01"})
    assert response.status_code == 200
    assert "is not a date such as 2027-03-30" in response.text
    assert "Some categories were not recognised" in response.text
    assert _titles(response.text) == ["Marsh coffee morning", "Quiz night", "Eastside coffee"]
