"""Every kind of feed, read by ical.js, icalendar and vobject over a year with both clock changes, matches the API.

The year holds what calendar readers get wrong: a weekly series with a cancelled date, a moved
date and a "this and following" split, a monthly last-Friday rule, and events in the repeated
autumn hour (one-offs and a moved date). Public feeds must expand to the what's-on listing,
private ones to the bookings themselves, to the second, in all three readers.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from scheduling.feeds.broad import BROAD_DAYS
from scheduling.models import Activity, Booking
from tests.api.test_public_feeds import whats_on
from tests.factories import Factory
from tests.feed_readers import Span, assert_readers_agree
from tests.series_support import next_weekday, occurrences_of, post_series

UTC = UTC
LONDON = ZoneInfo("Europe/London")
START = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
END = START + timedelta(days=399)


def autumn_change(after: datetime) -> datetime:
    """The UTC instant London's clocks next go back (the local hour before it is lived twice)."""
    day = after
    while (day + timedelta(days=1)).astimezone(LONDON).utcoffset() >= day.astimezone(LONDON).utcoffset():
        day += timedelta(days=1)
    low, high = day, day + timedelta(days=1)
    while high - low > timedelta(minutes=1):
        middle = low + (high - low) / 2
        low, high = (
            (middle, high)
            if middle.astimezone(LONDON).utcoffset() == low.astimezone(LONDON).utcoffset()
            else (low, middle)
        )
    return high.replace(second=0, microsecond=0)


def last_friday_of_next_month() -> date:
    first = (START.date().replace(day=1) + timedelta(days=32)).replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - 4) % 7)


async def listed(client: httpx.AsyncClient, **params: Any) -> list[Span]:
    return await whats_on(client, START, END, **params)


async def listed_ahead(client: httpx.AsyncClient, **params: Any) -> list[Span]:
    return await whats_on(client, START, START + timedelta(days=BROAD_DAYS), **params)


@pytest.fixture
async def year(client: httpx.AsyncClient, factory: Factory) -> dict[str, Any]:
    manager = await factory.account("manager")
    organiser = await factory.account("organiser")
    venue = await factory.venue(manager=manager, latitude=51.75, longitude=-1.25, address="1 Church Lane")
    space = await factory.space(venue, requires_approval=False, horizon_days=400)
    side_room = await factory.space(venue, requires_approval=False, horizon_days=400)
    group = await factory.group(organiser, name="Coffee Club")
    headers = organiser.headers

    weekly = await post_series(
        client, organiser, space.id, "FREQ=WEEKLY;BYDAY=TU;COUNT=50", next_weekday(1), is_public=True, group_id=group.id
    )
    assert weekly.status_code == 201, weekly.text
    weekly_id = weekly.json()["series"]["id"]
    await factory.activity(series=weekly_id, title="Coffee morning", category="coffee_morning")
    dates = await occurrences_of(client, organiser, weekly_id)
    url = f"/api/v1/series/{weekly_id}"
    cancelled = await client.post(f"{url}/occurrences/{dates[3]['id']}/cancel", json={}, headers=headers)
    assert cancelled.status_code == 200, cancelled.text
    moved_to = datetime.fromisoformat(dates[8]["starts_at"]) + timedelta(days=1, hours=4)
    moved = await client.patch(
        f"{url}/occurrences/{dates[8]['id']}",
        headers=headers,
        json={"starts_at": moved_to.isoformat(), "ends_at": (moved_to + timedelta(hours=2)).isoformat()},
    )
    assert moved.status_code == 200, moved.text
    split = await client.post(
        f"{url}/split",
        headers=headers,
        json={"from_date": dates[30]["starts_local"][:10], "start_time": "18:00", "end_time": "19:30"},
    )
    assert split.status_code == 201, split.text

    change = autumn_change(START + timedelta(days=14))
    successor = split.json()["series"]["id"]
    later = [
        o for o in await occurrences_of(client, organiser, successor) if datetime.fromisoformat(o["starts_at"]) < change
    ]
    into_repeat = await client.patch(
        f"/api/v1/series/{successor}/occurrences/{later[-1]['id']}",
        headers=headers,
        json={
            "starts_at": (change + timedelta(minutes=15)).isoformat(),
            "ends_at": (change + timedelta(minutes=45)).isoformat(),
        },
    )
    assert into_repeat.status_code == 200, into_repeat.text

    monthly = await post_series(
        client,
        organiser,
        space.id,
        "FREQ=MONTHLY;BYDAY=-1FR;COUNT=12",
        last_friday_of_next_month(),
        "19:00",
        "21:00",
        is_public=True,
        group_id=group.id,
        title="Quiz",
    )
    assert monthly.status_code == 201, monthly.text
    quiz = await factory.activity(series=monthly.json()["series"]["id"], title="Quiz night", category="other")
    quiz_dates = await occurrences_of(client, organiser, monthly.json()["series"]["id"])

    # 01:15–01:45 in the first pass of the repeated hour, and 01:30 (first) to 01:30 (second).
    for offset, length in (
        (timedelta(minutes=-45), timedelta(minutes=30)),
        (timedelta(minutes=-30), timedelta(hours=1)),
    ):
        night = await factory.booking(space, change + offset, change + offset + length, title="Clocks-back night walk")
        await factory.activity(booking=night, title="Night walk", category="other")
    fair_start = START + timedelta(days=10, hours=11)
    fair = await factory.booking(space, fair_start, fair_start + timedelta(hours=3), title="Winter fair")
    await factory.activity(booking=fair, title="Winter fair", category="family")
    private_start = START + timedelta(days=12, hours=18)
    await factory.booking(
        side_room,
        private_start,
        private_start + timedelta(hours=2),
        title="Private party",
        is_public=False,
        group=group.id,
    )
    return {
        "venue": venue,
        "space": space,
        "group": group,
        "manager": manager,
        "organiser": organiser,
        "quiz": quiz,
        "quiz_dates": quiz_dates,
        "fair": fair,
    }


async def read(client: httpx.AsyncClient, path: str) -> bytes:
    response = await client.get(path)
    assert response.status_code == 200, (path, response.text)
    return response.content


async def test_every_public_feed_expands_in_all_three_readers_to_the_whats_on_listing(
    client: httpx.AsyncClient, year: dict[str, Any]
) -> None:
    venue, group = year["venue"].id, year["group"].id
    everything = await listed(client, venue_id=venue)
    assert len(everything) == 50 - 1 + 12 + 2 + 1  # 50 Tuesdays, one cancelled; 12 quizzes; 2 night walks; the fair
    feeds = {
        f"/feeds/venues/{venue}.ics": everything,
        f"/feeds/groups/{group}.ics": await listed(client, group_id=group),
        f"/feeds/whats-on.ics?venue_id={venue}&category=other": await listed(client, venue_id=venue, category="other"),
        # Broad feeds hold the next weeks only (scheduling.feeds.broad), read here over the same year.
        "/feeds/all.ics": await listed_ahead(client),
        "/feeds/categories/other.ics": await listed_ahead(client, category="other"),
        "/feeds/categories/coffee_morning.ics": await listed_ahead(client, category="coffee_morning"),
        "/feeds/whats-on.ics": await listed_ahead(client),
    }
    for path, expected in feeds.items():
        assert expected, path
        assert_readers_agree(await read(client, path), START, END, expected)


async def test_a_space_feed_expands_in_all_three_readers_to_its_listing(
    client: httpx.AsyncClient, year: dict[str, Any]
) -> None:
    space = year["space"].id
    assert_readers_agree(
        await read(client, f"/feeds/spaces/{space}.ics"), START, END, await listed(client, space_id=space)
    )


async def test_activity_calendars_expand_in_all_three_readers_to_their_dates(
    client: httpx.AsyncClient, year: dict[str, Any]
) -> None:
    quiz, fair = year["quiz"], year["fair"]
    quizzes = [
        (datetime.fromisoformat(o["starts_at"]), datetime.fromisoformat(o["ends_at"])) for o in year["quiz_dates"]
    ]
    assert len(quizzes) == 12
    assert_readers_agree(await read(client, f"/activities/{quiz.id}/calendar.ics"), START, END, quizzes)
    one = year["quiz_dates"][5]
    assert_readers_agree(
        await read(client, f"/activities/{quiz.id}/calendar.ics?occurrence={one['id']}"), START, END, [quizzes[5]]
    )
    fair_activity = (await Activity.select(Activity.id).where(Activity.booking == fair.id).first())["id"]
    assert_readers_agree(
        await read(client, f"/activities/{fair_activity}/calendar.ics"), START, END, [(fair.starts_at, fair.ends_at)]
    )


async def test_private_feeds_expand_in_all_three_readers_to_every_booking(
    client: httpx.AsyncClient, year: dict[str, Any]
) -> None:
    links = {}
    for who in ("manager", "organiser"):
        answer = await client.get("/api/v1/feeds/private", headers=year[who].headers)
        assert answer.status_code == 200, answer.text
        links[who] = answer.json()[0]["links"]["url"].split("/feeds/", 1)[1]
    rows = await Booking.select(Booking.starts_at, Booking.ends_at, Booking.group).where(
        Booking.venue == year["venue"].id
    )
    every = [(row["starts_at"], row["ends_at"]) for row in rows if START < row["ends_at"] and row["starts_at"] < END]
    by_group = [
        (row["starts_at"], row["ends_at"])
        for row in rows
        if row["group"] == year["group"].id and START < row["ends_at"] and row["starts_at"] < END
    ]
    assert len(every) > len(by_group) > 60
    assert_readers_agree(await read(client, f"/feeds/{links['manager']}"), START, END, every)
    assert_readers_agree(await read(client, f"/feeds/{links['organiser']}"), START, END, by_group)


async def test_feeds_with_nothing_in_them_are_calendars_every_reader_accepts(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    links = await client.get("/api/v1/feeds/private", headers=manager.headers)
    private = "/feeds/" + links.json()[0]["links"]["url"].split("/feeds/", 1)[1]
    for path in ("/feeds/all.ics", f"/feeds/venues/{venue.id}.ics", f"/feeds/spaces/{space.id}.ics", private):
        body = await read(client, path)
        assert b"BEGIN:VTIMEZONE" in body, path  # RFC 5545: a calendar holds at least one component
        assert_readers_agree(body, START, END, [])
