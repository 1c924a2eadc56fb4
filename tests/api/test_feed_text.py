"""Awkward text entered through the API either is refused at entry (400) or reaches every feed intact.

Names and titles are single-line, descriptions and notes multi-line; both may hold commas,
semicolons, backslashes and emoji, which iCalendar escapes. Line feeds and tabs in multi-line
text must come back as they went in (CR LF as LF). Other control characters cannot be written
in iCalendar TEXT at all: refused at entry, or, for text stored before that, left out of feeds.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, time, timedelta

import httpx
import vobject

from tests.factories import Factory
from venues.models import OpeningHours

PUNCTUATION = "Tea, cake; jam \\ cream 🎉"
SINGLE_LINE = [f"{PUNCTUATION}\nnext\x07line", f"{PUNCTUATION}\u2028sep\x1bend", PUNCTUATION]
MULTI_LINE = [
    f"One\nTwo\twith a tab, {PUNCTUATION}\r\nTh\x1fr\x07e\x7fe",
    f"One\nTwo\twith a tab, {PUNCTUATION}\r\nThree",
]
TEXT_PROPERTIES = ("name", "x-wr-calname", "description", "x-wr-caldesc", "summary", "location")


def as_written(text: str) -> str:
    """What a feed must carry of ``text``: CR LF as LF, and no control character but line feed and tab."""
    text = text.replace("\r\n", "\n")
    return "".join(ch for ch in text if ch in "\n\t" or not (ord(ch) < 0x20 or ord(ch) == 0x7F))


async def enter(send: Callable[[str], Awaitable[httpx.Response]], tries: list[str]) -> tuple[str, httpx.Response]:
    """The first of ``tries`` the API takes; every one it refuses before that must be a 400 problem."""
    for text in tries:
        response = await send(text)
        if response.status_code == 400:
            assert response.headers["content-type"].startswith("application/problem+json"), response.text
            continue
        assert response.status_code in (200, 201), (text, response.status_code, response.text)
        return text, response
    raise AssertionError(f"every value was refused, even {tries[-1]!r}")


def texts_read(body: bytes) -> str:
    """Every TEXT value of the feed as vobject (Radicale's parser) reads it, unescaped."""
    calendar = vobject.readOne(body.decode())
    values = [line.value for name in TEXT_PROPERTIES for line in calendar.contents.get(name, [])]
    for event in calendar.contents.get("vevent", []):
        values += [line.value for name in TEXT_PROPERTIES for line in event.contents.get(name, [])]
    return "\x1e".join(values)


async def test_awkward_text_in_every_field_that_reaches_a_feed_is_refused_at_entry_or_round_trips(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    admin = await factory.account("admin", admin=True)
    manager = await factory.account("manager")
    shown: dict[str, str] = {}

    async def venue(name: str) -> httpx.Response:
        return await client.post(
            "/api/v1/venues",
            headers=admin.headers,
            json={
                "name": name,
                "slug": f"hall-{len(shown)}-{abs(hash(name)) % 10_000}",
                "manager_emails": [manager.user.email],
            },
        )

    shown["venue name"], made = await enter(venue, SINGLE_LINE)
    venue_id = made.json()["id"]

    async def address(text: str) -> httpx.Response:
        return await client.patch(f"/api/v1/venues/{venue_id}", headers=manager.headers, json={"address": text})

    shown["address"], _ = await enter(address, MULTI_LINE)

    async def space(name: str) -> httpx.Response:
        return await client.post(
            f"/api/v1/venues/{venue_id}/spaces",
            headers=manager.headers,
            json={"name": name, "capacity": 40, "requires_approval": False, "min_notice_minutes": 0},
        )

    shown["space name"], made = await enter(space, SINGLE_LINE)
    space_id = made.json()["id"]
    await OpeningHours.insert(
        *[OpeningHours(venue=venue_id, weekday=d, opens=time(0), closes=time(23, 59)) for d in range(7)]
    )

    async def group(name: str) -> httpx.Response:
        return await client.post("/api/v1/groups", headers=manager.headers, json={"name": name})

    shown["group name"], made = await enter(group, SINGLE_LINE)
    group_id = made.json()["id"]

    # A morning, so the two hours never cross midnight whatever the time the suite runs.
    starts = datetime.now(UTC).replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=3)
    booking_fields = {
        "space_id": space_id,
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=2)).isoformat(),
        "is_public": True,
        "group_id": group_id,
    }

    async def booking(title: str) -> httpx.Response:
        return await client.post("/api/v1/bookings", headers=manager.headers, json={**booking_fields, "title": title})

    private: dict[str, str] = {}
    private["booking title"], made = await enter(booking, SINGLE_LINE)
    booking_id = made.json()["id"]

    async def purpose(text: str) -> httpx.Response:
        return await client.patch(f"/api/v1/bookings/{booking_id}", headers=manager.headers, json={"purpose": text})

    private["purpose"], _ = await enter(purpose, MULTI_LINE)

    async def activity(title: str) -> httpx.Response:
        return await client.post(
            f"/api/v1/bookings/{booking_id}/activity", headers=manager.headers, json={"title": title}
        )

    shown["activity title"], made = await enter(activity, SINGLE_LINE)
    activity_id = made.json()["id"]
    for field in ("description", "accessibility_notes"):

        async def text_of(text: str, field: str = field) -> httpx.Response:
            return await client.patch(f"/api/v1/activities/{activity_id}", headers=manager.headers, json={field: text})

        shown[field], _ = await enter(text_of, MULTI_LINE)

    links = await client.get("/api/v1/feeds/private", headers=manager.headers)
    private_path = "/feeds/" + links.json()[0]["links"]["url"].split("/feeds/", 1)[1]
    public_paths = [
        "/feeds/all.ics",
        f"/feeds/venues/{venue_id}.ics",
        f"/feeds/spaces/{space_id}.ics",
        f"/feeds/groups/{group_id}.ics",
        "/feeds/categories/other.ics",
        "/feeds/whats-on.ics",
        f"/activities/{activity_id}/calendar.ics",
        f"/activities/{activity_id}/calendar.ics?occurrence={booking_id}",
    ]
    for path, fields in [(p, shown) for p in public_paths] + [
        (private_path, {**private, "space name": shown["space name"]})
    ]:
        response = await client.get(path)
        assert response.status_code == 200, (path, response.status_code, response.text)
        read = texts_read(response.content)
        for label, text in fields.items():
            assert as_written(text) in read, (path, label, text)


async def test_a_nul_character_in_a_description_is_refused_at_entry_or_left_out_of_the_feed(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    booking = await factory.booking(
        await factory.space(venue),
        datetime.now(UTC) + timedelta(days=2),
        datetime.now(UTC) + timedelta(days=2, hours=1),
    )

    async def activity(description: str) -> httpx.Response:
        return await client.post(
            f"/api/v1/bookings/{booking.id}/activity",
            headers=manager.headers,
            json={"title": "Quiz", "description": description},
        )

    text, made = await enter(activity, ["Round\x00one\nRound two", "Round one\nRound two"])
    feed = await client.get(f"/activities/{made.json()['id']}/calendar.ics")
    assert feed.status_code == 200, feed.text
    assert as_written(text) in texts_read(feed.content)
