"""What's on's text search (``q``): either language's title or description, every word, case and accents aside;
``%`` and ``_`` only themselves; never a private booking's purpose; the what's-on feed takes the same search."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from icalendar import Calendar

from scheduling.listings.activities import attach_activity, change_activity
from scheduling.listings.activity_access import owner_of_booking
from scheduling.models import Activity
from tests.factories import Account, Factory
from venues.core import clock
from venues.models import Space

WINDOW = {"from": "2027-03-01", "to": "2027-03-31"}


def at(day: int, hour: int) -> datetime:
    return datetime(2027, 3, day, hour, tzinfo=UTC)


async def listed(factory: Factory, manager: Account, space: Space, day: int, **fields: Any) -> Activity:
    """A public, confirmed booking with an activity listed through the domain's write path (which keeps
    ``search_text``), in both languages where ``fields`` say."""
    booking = await factory.booking(space, at(day, 10), at(day, 11))
    return await attach_activity(manager.user, await owner_of_booking(booking.id), fields)


async def titles(client: httpx.AsyncClient, q: str, **params: Any) -> list[str]:
    response = await client.get("/api/v1/whats-on", params={**WINDOW, "q": q, **params})
    assert response.status_code == 200, response.text
    return sorted(item["activity"]["title"] for item in response.json()["items"])


async def _listings(factory: Factory) -> tuple[Account, Space]:
    manager = await factory.account()
    space = await factory.space(await factory.venue(manager=manager))
    await listed(factory, manager, space, 2, title="Coffee morning", title_cy="Bore Coffi")
    await listed(factory, manager, space, 3, title="Summer festival", title_cy="Gŵyl yr Haf")
    await listed(factory, manager, space, 4, title="Village choir", description="Côr y pentref: all voices welcome")
    await listed(factory, manager, space, 5, title="Raffle", description="Tickets 100% of the proceeds to the hall")
    await listed(factory, manager, space, 6, title="Raffle draw", description="Tickets 100 pence")
    return manager, space


async def test_either_language_every_word_and_any_case_or_accent(client: httpx.AsyncClient, factory: Factory) -> None:
    await _listings(factory)
    assert await titles(client, "bore coffi") == ["Coffee morning"]
    assert await titles(client, "coffee morning") == ["Coffee morning"]
    assert await titles(client, "  COFFI   morning ") == ["Coffee morning"]  # words from both languages
    assert await titles(client, "coffee evening") == []  # every word must match
    assert await titles(client, "ŴYL") == ["Summer festival"]
    assert await titles(client, "wyl") == ["Summer festival"]
    assert await titles(client, "cor") == ["Village choir"]
    assert await titles(client, "CÔR") == ["Village choir"]
    assert await titles(client, "") == sorted(
        ["Coffee morning", "Summer festival", "Village choir", "Raffle", "Raffle draw"]
    )


async def test_percent_underscore_and_the_escape_character_match_only_themselves(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    await _listings(factory)
    assert await titles(client, "100%") == ["Raffle"]
    assert await titles(client, "%") == ["Raffle"]
    assert await titles(client, "_") == []
    assert await titles(client, "!") == []
    assert await titles(client, "t_ckets") == []


async def test_a_change_in_welsh_is_found_at_once(client: httpx.AsyncClient, factory: Factory) -> None:
    manager, space = await _listings(factory)
    quiz = await listed(factory, manager, space, 7, title="Quiz night")
    assert await titles(client, "cwis") == []
    await change_activity(manager.user, quiz.id, {"title_cy": "Noson Gwis"})
    assert await titles(client, "gwis") == ["Quiz night"]


async def test_a_private_bookings_purpose_never_matches(client: httpx.AsyncClient, factory: Factory) -> None:
    manager, space = await _listings(factory)
    await factory.booking(space, at(9, 10), at(9, 11), is_public=False, purpose="Secret coffee tasting")
    assert await titles(client, "secret") == []
    assert await titles(client, "tasting") == []
    assert await titles(client, "coffee") == ["Coffee morning"]


async def test_too_long_a_search_is_a_clear_400(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/whats-on", params={**WINDOW, "q": "a" * 101})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "q" in response.text
    words = await client.get("/api/v1/whats-on", params={**WINDOW, "q": " ".join("ab" for _ in range(11))})
    assert words.status_code == 400 and "at most 10 words" in words.text
    assert (await client.get("/api/v1/whats-on", params={**WINDOW, "q": "a" * 100})).status_code == 200


async def test_the_whats_on_feed_takes_the_same_search(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account()
    space = await factory.space(await factory.venue(manager=manager))
    soon = clock.now() + timedelta(days=2)
    for title, title_cy, offset in (("Coffee morning", "Bore Coffi", 0), ("Quiz night", "", 1)):
        booking = await factory.booking(space, soon + timedelta(days=offset), soon + timedelta(days=offset, hours=1))
        await attach_activity(manager.user, await owner_of_booking(booking.id), {"title": title, "title_cy": title_cy})
    response = await client.get("/feeds/whats-on.ics", params={"q": "bore COFFI"})
    assert response.status_code == 200, response.text
    summaries = [str(event["SUMMARY"]) for event in Calendar.from_ical(response.content).walk("VEVENT")]
    assert summaries and all(summary in ("Coffee morning", "Bore Coffi") for summary in summaries)
    assert (await client.get("/feeds/whats-on.ics", params={"q": "x" * 101})).status_code == 400
