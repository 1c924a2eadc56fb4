"""Broad public feeds (every activity, a kind everywhere, a what's-on search tied to no place) hold the next
weeks' first dates by start and say so; narrow ones (a venue, a group, a search with a venue) keep the year."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import httpx
import icalendar
import pytest

from scheduling.feeds.broad import BROAD_DAYS, NARROW_RADIUS_KM
from tests.api.test_public_feeds import START_OF_TODAY, next_weekday, whats_on
from tests.factories import Factory
from tests.feed_readers import assert_readers_agree

YEAR_END = START_OF_TODAY + timedelta(days=399)
AHEAD_END = START_OF_TODAY + timedelta(days=BROAD_DAYS)
SECRET = "Zq7-private-party"


@pytest.fixture
async def town(factory: Factory) -> dict[str, Any]:
    """A weekly coffee morning for a year from next Tuesday, a lunch club every day at noon for 40 days from that
    Tuesday on, a private party.

    The lunches start with the series, so which dates come first does not hang on today's weekday: the first
    twelve are always two coffee mornings and ten lunches.
    """
    venue = await factory.venue(manager=await factory.account("manager"), timezone="UTC")
    space = await factory.space(venue)
    first = next_weekday(1)
    series = await factory.series(
        space, first, time(10), time(12), rrule="FREQ=WEEKLY;BYDAY=TU", timezone="UTC", title="Coffee morning"
    )
    tuesdays = [datetime.combine(first + timedelta(weeks=n), time(10), UTC) for n in range(52)]
    for start in tuesdays:
        await factory.booking(
            space, start, start + timedelta(hours=2), series=series.id, recurrence_id=start, title="Coffee morning"
        )
    await factory.activity(series=series, title="Coffee morning", category="coffee_morning")
    for day in range(40):
        start = datetime.combine(first + timedelta(days=day), time(12), UTC)
        lunch = await factory.booking(space, start, start + timedelta(hours=1), title="Lunch club")
        await factory.activity(booking=lunch, title="Lunch club", category="other")
    party_start = START_OF_TODAY + timedelta(days=2, hours=19)
    party = await factory.booking(space, party_start, party_start + timedelta(hours=3), title=SECRET, is_public=False)
    await factory.activity(booking=party, title=SECRET, category="other")
    return {"venue": venue, "series": series, "tuesdays": tuesdays}


async def feed(client: httpx.AsyncClient, path: str) -> bytes:
    response = await client.get(path)
    assert response.status_code == 200, (path, response.text)
    assert SECRET.encode() not in response.content, path
    return response.content


def description(body: bytes) -> str:
    return str(icalendar.Calendar.from_ical(body)["X-WR-CALDESC"])


async def test_broad_feeds_hold_the_next_weeks_and_narrow_ones_the_year(
    client: httpx.AsyncClient, town: dict[str, Any]
) -> None:
    venue = town["venue"].id
    ahead = await whats_on(client, START_OF_TODAY, AHEAD_END)
    year = await whats_on(client, START_OF_TODAY, YEAR_END, venue_id=venue)
    assert len(ahead) < len(year)
    assert len(year) == 52 + 40
    for path, expected in {
        "/feeds/all.ics": ahead,
        "/feeds/whats-on.ics": ahead,
        "/feeds/categories/coffee_morning.ics": await whats_on(
            client, START_OF_TODAY, AHEAD_END, category="coffee_morning"
        ),
        "/feeds/whats-on.ics?category=other": await whats_on(client, START_OF_TODAY, AHEAD_END, category="other"),
        f"/feeds/venues/{venue}.ics": year,
        f"/feeds/whats-on.ics?venue_id={venue}": year,
        f"/feeds/whats-on.ics?venue_id={venue}&category=other": await whats_on(
            client, START_OF_TODAY, YEAR_END, venue_id=venue, category="other"
        ),
    }.items():
        body = await feed(client, path)
        assert_readers_agree(body, START_OF_TODAY - timedelta(days=30), YEAR_END, expected)
        said = description(body)
        if expected is year or "venue_id" in path:
            assert "next 28 days" not in said, path
        else:
            assert f"It holds the {BROAD_DAYS} days from" in said and "venue's" in said, path


@pytest.mark.parametrize("scan_per_match", [1, 3, 20])
async def test_a_broad_feed_past_its_cap_holds_exactly_the_first_dates_and_its_series_ends_at_the_cut(
    client: httpx.AsyncClient, town: dict[str, Any], monkeypatch: pytest.MonkeyPatch, scan_per_match: int
) -> None:
    # 3: the first matches are found among the bookings that start first; 1: only among more of them; 20: the
    # window holds fewer bookings than that, so they are found in the whole window.
    monkeypatch.setattr("scheduling.listings.whats_on.SCAN_PER_MATCH", scan_per_match)
    monkeypatch.setattr("scheduling.feeds.public_feeds.BROAD_CAP", 12)
    ahead = await whats_on(client, START_OF_TODAY, AHEAD_END)
    first, cut = ahead[:12], ahead[12][0]
    body = await feed(client, "/feeds/all.ics")
    assert_readers_agree(body, START_OF_TODAY - timedelta(days=30), YEAR_END, first)

    said = description(body)
    assert "first 12 dates by start time" in said and f"stops before {cut:%H:%M} UTC on {cut:%A} {cut.day}" in said
    (master,) = [event for event in icalendar.Calendar.from_ical(body).walk("VEVENT") if "RRULE" in event]
    (until,) = master["RRULE"]["UNTIL"]
    shown_tuesdays = [t for t in town["tuesdays"] if (t, t + timedelta(hours=2)) in first]
    assert len(shown_tuesdays) >= 2  # the series crosses the cut: it has dates on both sides
    assert until.astimezone(UTC) == shown_tuesdays[-1] < cut

    narrow = await feed(client, f"/feeds/venues/{town['venue'].id}.ics")
    assert len(await whats_on(client, START_OF_TODAY, YEAR_END, venue_id=town["venue"].id)) == 92
    assert_readers_agree(
        narrow,
        START_OF_TODAY - timedelta(days=30),
        YEAR_END,
        await whats_on(client, START_OF_TODAY, YEAR_END, venue_id=town["venue"].id),
    )


async def test_the_whats_on_page_says_what_its_broad_feed_holds(
    client: httpx.AsyncClient, town: dict[str, Any]
) -> None:
    page = await client.get("/")
    assert page.status_code == 200
    assert f"hold the next {BROAD_DAYS} days" in page.text and "/feeds/whats-on.ics" in page.text


@pytest.mark.parametrize(("within_km", "broad"), [(None, False), (NARROW_RADIUS_KM, False), (26, True), (500, True)])
async def test_a_place_search_is_narrow_only_within_a_town_sized_radius(
    client: httpx.AsyncClient, town: dict[str, Any], within_km: float | None, broad: bool
) -> None:
    radius = "" if within_km is None else f"&within_km={within_km}"
    said = description(await feed(client, f"/feeds/whats-on.ics?lat=52.5&lng=-1.9{radius}"))
    assert (f"It holds the {BROAD_DAYS} days from" in said) is broad, said
