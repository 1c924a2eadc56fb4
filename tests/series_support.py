"""Helpers for series tests: local dates ahead of today and short ways to create and read a series."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from tests.factories import Account


def next_weekday(weekday: int, days_ahead: int = 2) -> date:
    """The first given weekday (0 = Monday) at least ``days_ahead`` days after today (UTC)."""
    earliest = datetime.now(UTC).date() + timedelta(days=days_ahead)
    return earliest + timedelta(days=(weekday - earliest.weekday()) % 7)


async def post_series(
    client: httpx.AsyncClient,
    who: Account | None,
    space_id: int,
    rule: str | dict[str, Any],
    dtstart: date,
    start: str = "10:00",
    end: str = "12:00",
    **fields: Any,
) -> httpx.Response:
    body = {
        "space_id": space_id,
        "rule": rule,
        "dtstart": dtstart.isoformat(),
        "start_time": start,
        "end_time": end,
        "title": "Coffee morning",
        **fields,
    }
    return await client.post("/api/v1/series", json=body, headers=who.headers if who else {})


async def occurrences_of(
    client: httpx.AsyncClient, who: Account | None, series_id: int, **params: Any
) -> list[dict[str, Any]]:
    response = await client.get(
        f"/api/v1/series/{series_id}/occurrences",
        params={"limit": 200, **params},
        headers=who.headers if who else {},
    )
    assert response.status_code == 200, response.text
    return response.json()["items"]
