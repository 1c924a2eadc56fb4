"""Helpers for booking tests: dates safely in the future and a short way to ask for a booking."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from tests.factories import Account


def future_day(weeks: int = 3, weekday: int = 5) -> date:
    """The given weekday (0 = Monday; default Saturday) ``weeks`` weeks from now, in UTC terms."""
    today = datetime.now(UTC).date()
    return today + timedelta(days=7 * weeks + (weekday - today.weekday()) % 7)


def local(day: date, hhmm: str) -> str:
    """A naive ISO time: wall-clock time at the venue."""
    return f"{day.isoformat()}T{hhmm}:00"


async def book(
    client: httpx.AsyncClient, who: Account | None, space_id: int, starts: str, ends: str, **fields: Any
) -> httpx.Response:
    body = {"space_id": space_id, "starts_at": starts, "ends_at": ends, "title": "Booking", **fields}
    return await client.post("/api/v1/bookings", json=body, headers=who.headers if who else {})
