"""What's on: a postcode is found however it is typed, the filters fold away, and the subscribe link carries
every filter of the view so the feed holds the same activities as the page, and not one more."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import icalendar
import pytest

from tests.factories import Factory
from tests.feed_readers import assert_readers_agree
from tests.pages.support import days_ahead, london


async def _listings(factory: Factory) -> None:
    """Activities that each fail one filter of the view the tests use, and two that pass them all."""
    hall = await factory.venue(
        name="Little Marsh Village Hall",
        postcode="LM1 2AB",
        latitude=51.752,
        longitude=-1.2577,
        accessibility=["step_free", "hearing_loop"],
    )
    lane = await factory.venue(
        name="Marsh Lane Pavilion", postcode="LM1 3CD", latitude=51.7488, longitude=-1.2633, accessibility=[]
    )
    far = await factory.venue(
        name="Eastside Community Hub", postcode="ES4 7QT", latitude=51.9, longitude=-1.0, accessibility=["step_free"]
    )
    room, pavilion, studio = (
        await factory.space(hall, name="Small hall"),
        await factory.space(lane, name="Pavilion"),
        await factory.space(far, name="Studio"),
    )
    day = days_ahead(3)

    async def listed(space: object, hour: int, title: str, **fields: object) -> None:
        booking = await factory.booking(space, london(day, hour), london(day, hour + 1))
        values: dict[str, object] = {"category": "coffee_morning", "audience": "older_people"}
        values.update(fields)
        await factory.activity(booking, title=title, **values)

    await listed(room, 10, "Marsh coffee morning")
    await listed(room, 15, "Afternoon coffee")
    await listed(room, 17, "All ages coffee", audience="all_ages")
    await listed(room, 12, "Lunch club", category="other")
    await listed(room, 13, "Paid coffee", cost_kind="priced", price_minor=300)
    await listed(room, 16, "Youth coffee", audience="young_people")
    await listed(pavilion, 10, "Pavilion coffee")  # no step-free access
    await listed(studio, 10, "Eastside coffee")  # too far


VIEW = {
    "near": "lm12ab",
    "within_km": "3",
    "category": "coffee_morning",
    "audience": "older_people",
    "free_only": "true",
    "accessibility": "step_free",
}


def titles(page: str) -> list[str]:
    return re.findall(r'<a href="/activities/\d+">([^<]+)</a>', page)


def spans(page: str) -> list[tuple[datetime, datetime]]:
    """The occurrences the page lists, from their <time> elements, in UTC."""
    found = re.findall(r'<time datetime="([^"]+)">[^<]*</time>–<time datetime="([^"]+)">', page)
    return [(datetime.fromisoformat(a).astimezone(UTC), datetime.fromisoformat(b).astimezone(UTC)) for a, b in found]


def feed_link(page: str) -> str:
    (link,) = re.findall(r'class="button secondary" href="(http://[^"]*whats-on\.ics[^"]*)"', page)
    return html.unescape(link)


@pytest.mark.parametrize("typed", ["LM12AB", "lm1 2ab", "lm12ab", "LM1 2AB"])
async def test_a_postcode_finds_the_same_activities_with_or_without_its_space_in_any_case(
    client: httpx.AsyncClient, factory: Factory, typed: str
) -> None:
    await _listings(factory)
    response = await client.get("/", params={"near": typed, "within_km": "1"})
    assert response.status_code == 200
    assert "placed using the postcode of Little Marsh Village Hall" in response.text
    assert "We couldn" not in response.text
    assert sorted(titles(response.text)) == sorted(
        [
            "Marsh coffee morning",
            "Afternoon coffee",
            "All ages coffee",
            "Lunch club",
            "Paid coffee",
            "Youth coffee",
            "Pavilion coffee",
        ]
    )


async def test_the_subscribe_link_carries_every_filter_and_the_feed_holds_what_the_page_shows(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    await _listings(factory)
    page = (await client.get("/", params=VIEW)).text
    assert titles(page) == ["Marsh coffee morning", "Afternoon coffee"]
    link = feed_link(page)
    query = parse_qs(urlsplit(link).query)
    assert query == {
        "category": ["coffee_morning"],
        "audience": ["older_people"],
        "free_only": ["true"],
        "accessibility": ["step_free"],
        "lat": ["51.752"],
        "lng": ["-1.2577"],
        "within_km": ["3"],
    }
    assert f'href="webcal://{link.split("://", 1)[1]}"'.replace("&", "&amp;") in page

    parts = urlsplit(link)
    feed = await client.get(f"{parts.path}?{parts.query}")
    assert feed.status_code == 200
    summaries = sorted(str(event["SUMMARY"]) for event in icalendar.Calendar.from_ical(feed.content).walk("VEVENT"))
    assert summaries == sorted(titles(page))
    start = datetime.combine(days_ahead(0), datetime.min.time(), tzinfo=UTC)
    assert_readers_agree(feed.content, start, start + timedelta(days=14), spans(page))


async def test_a_place_we_cannot_find_offers_no_feed_of_everything(client: httpx.AsyncClient, factory: Factory) -> None:
    await _listings(factory)
    page = (await client.get("/", params={"near": "Atlantis", "category": "coffee_morning"})).text
    assert titles(page) == []
    assert "whats-on.ics" not in page
    assert "Once we can place" in page


async def test_the_filters_fold_away_and_say_how_many_are_on(client: httpx.AsyncClient, factory: Factory) -> None:
    await _listings(factory)
    page = (await client.get("/", params=VIEW)).text
    fold = re.search(r"<details class=\"filters-fold\"[^>]*>\s*<summary>([^<]+)</summary>", page)
    assert fold is not None and fold.group(1) == "Filters (5 on)"
    assert " open" not in fold.group(0)  # folded unless the page script finds a wide screen
    assert page.index('class="filters-fold"') < page.index('id="near"') < page.index("</details>\n</section>")
    plain = (await client.get("/")).text
    assert re.search(r"<summary>Filters</summary>", plain)
