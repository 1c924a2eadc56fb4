"""What's on counts its matches only up to a cap: beyond it a page says "more than", and `next` still leads
through every match in order, whichever way the first matches were found."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from tests.api.test_public_feeds import START_OF_TODAY
from tests.factories import Factory

DAY = START_OF_TODAY + timedelta(days=3)


@pytest.fixture
async def fair(factory: Factory) -> list[int]:
    """Eight stalls an hour apart (public, listed), with a private booking and an unlisted one between them."""
    venue = await factory.venue(manager=await factory.account("manager"))
    space = await factory.space(venue)
    stalls = []
    for hour in range(8):
        start = DAY + timedelta(hours=9 + hour)
        stall = await factory.booking(space, start, start + timedelta(minutes=30), title=f"Stall {hour}")
        await factory.activity(booking=stall, title=f"Stall {hour}", category="family")
        stalls.append(stall.id)
        hidden = await factory.booking(
            space, start + timedelta(minutes=30), start + timedelta(minutes=40), title="Private", is_public=False
        )
        await factory.activity(booking=hidden, title="Private", category="family")
        await factory.booking(space, start + timedelta(minutes=45), start + timedelta(minutes=50), title="Unlisted")
    return stalls


def week(**params: Any) -> dict[str, Any]:
    return {"from": DAY.date().isoformat(), "to": (DAY + timedelta(days=6)).date().isoformat(), **params}


async def walk(client: httpx.AsyncClient, params: dict[str, Any]) -> tuple[list[dict[str, Any]], list[int]]:
    """Every page from the first, following `next`: the pages' bodies, and the booking ids in order."""
    pages, ids = [], []
    url: str | None = "/api/v1/whats-on"
    query: dict[str, Any] | None = params
    while url:
        answer = await client.get(url, params=query)
        assert answer.status_code == 200, answer.text
        pages.append(answer.json())
        ids += [item["booking_id"] for item in answer.json()["items"]]
        url, query = answer.json()["next"], None
    return pages, ids


@pytest.mark.parametrize("scan_per_match", [1, 3, 20])
async def test_past_the_cap_the_total_says_more_than_and_next_still_leads_through_every_match(
    client: httpx.AsyncClient, fair: list[int], monkeypatch: pytest.MonkeyPatch, scan_per_match: int
) -> None:
    # 3: the first matches are found among the bookings that start first; 1: only among more of them; 20: the
    # window holds fewer bookings than that, so they are found in the whole window.
    monkeypatch.setattr("scheduling.listings.whats_on.SCAN_PER_MATCH", scan_per_match)
    monkeypatch.setattr("scheduling.listings.whats_on.COUNT_CAP", 5)
    pages, ids = await walk(client, week(limit=2, category="family"))
    assert ids == fair
    assert [(p["total"], p["total_capped"], len(p["items"])) for p in pages] == [
        (5, True, 2),  # more than 5 match
        (5, True, 2),  # offset 2: still more than 5
        (6, True, 2),  # offset 4: this page reaches past the cap, and one more is known to follow
        (8, False, 2),  # the last page knows the count
    ]
    beyond = await client.get("/api/v1/whats-on", params=week(limit=2, offset=8, category="family"))
    assert beyond.json()["items"] == [] and beyond.json()["next"] is None


async def test_under_the_cap_the_total_is_exact_on_both_engines(client: httpx.AsyncClient, fair: list[int]) -> None:
    first = await client.get("/api/v1/whats-on", params=week(limit=3))
    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["total"], body["total_capped"]) == (8, False)
    assert [item["booking_id"] for item in body["items"]] == fair[:3]
    assert "offset=3" in body["next"]
    _, ids = await walk(client, week(limit=3))
    assert ids == fair


async def test_the_whats_on_page_says_more_than_the_cap(
    client: httpx.AsyncClient, fair: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("scheduling.listings.whats_on.COUNT_CAP", 5)
    monkeypatch.setattr("api.pages.whats_on.PAGE_SIZE", 3)
    page = await client.get("/", params={"from": DAY.date().isoformat(), "to": DAY.date().isoformat()})
    assert page.status_code == 200
    assert "Showing the first 3 of more than 5;" in page.text
    exact = await client.get(
        "/", params={"from": DAY.date().isoformat(), "to": DAY.date().isoformat(), "category": "coffee_morning"}
    )
    assert "Nothing matches these filters." in exact.text
