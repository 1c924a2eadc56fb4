"""Bad series requests: each refusal is a 4xx problem naming the field or the rule, and nothing is booked."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from asyncpg.exceptions import DeadlockDetectedError

from scheduling.models import Booking, Series
from scheduling.series.conflicts import SeriesConflict
from scheduling.series.create import guarded
from tests.factories import Factory
from tests.series_support import next_weekday, post_series
from venues.core import clock

TUESDAY = next_weekday(1)

# (rule, overrides, status, field or problem type)
CASES: list[tuple[Any, dict[str, Any], int, str]] = [
    ("FREQ=YEARLY", {}, 400, "rule"),
    ("FREQ=WEEKLY;BYSETPOS=1", {}, 400, "rule"),
    ("FREQ=WEEKLY;BYDAY=TU;COUNT=5;UNTIL=20300101", {}, 400, "rule"),
    ({"freq": "WEEKLY", "by_day": ["-1TU"]}, {}, 400, "rule.by_day"),
    ({"freq": "WEEKLY", "by_day": ["XX"]}, {}, 400, "rule.by_day[0]"),
    ({"freq": "FORTNIGHTLY"}, {}, 400, "rule.freq"),
    ({"freq": "WEEKLY", "count": 5, "until": "2030-01-01"}, {}, 400, "rule.count"),
    ({"freq": "WEEKLY", "until": (TUESDAY - timedelta(days=1)).isoformat()}, {}, 400, "rule.until"),
    ({"freq": "WEEKLY", "colour": "red"}, {}, 400, "rule.colour"),
    ("FREQ=WEEKLY", {"start_time": "25:00"}, 400, "start_time"),
    ("FREQ=WEEKLY", {"start_time": "12:00", "end_time": "10:00"}, 400, "end_time"),
    ("FREQ=WEEKLY", {"dtstart": (clock.now() - timedelta(days=3)).date().isoformat()}, 400, "dtstart"),
    ("FREQ=WEEKLY", {"skip": True}, 400, "skip"),
    ("FREQ=WEEKLY", {"start_time": "08:00", "end_time": "18:00"}, 422, "max-length"),
    ("FREQ=WEEKLY", {"attendance": 51}, 422, "capacity"),
    ("FREQ=DAILY;COUNT=3", {"dtstart": (clock.now() + timedelta(days=500)).date().isoformat()}, 422, "horizon"),
]


@pytest.mark.parametrize("rule, overrides, status, where", CASES)
async def test_a_bad_series_request_names_what_is_wrong_and_books_nothing(
    client: httpx.AsyncClient, factory: Factory, rule: Any, overrides: dict[str, Any], status: int, where: str
) -> None:
    manager = await factory.account("manager")
    space = await factory.space(await factory.venue(manager=manager))
    body = {
        "space_id": space.id,
        "rule": rule,
        "dtstart": TUESDAY.isoformat(),
        "start_time": "10:00",
        "end_time": "12:00",
        **overrides,
    }
    response = await client.post("/api/v1/series", json=body, headers=manager.headers)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert (problem.get("field") if status == 400 else problem["type"].rsplit("/", 1)[1]) == where
    assert await Series.count() == 0 and await Booking.count() == 0


async def test_an_archived_space_takes_no_series(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account("manager")
    space = await factory.space(await factory.venue(manager=manager), archived=True)
    response = await post_series(client, manager, space.id, "FREQ=WEEKLY", TUESDAY)
    assert (response.status_code, response.json()["type"].rsplit("/", 1)[1]) == (422, "space-archived")


async def test_a_deadlock_between_clashing_writers_is_a_lost_race_not_an_error() -> None:
    async def refusal() -> SeriesConflict:
        return SeriesConflict("Someone booked it first.", rule=SeriesConflict.rule)

    with pytest.raises(SeriesConflict):
        async with guarded(refusal):
            raise DeadlockDetectedError("deadlock detected")
    with pytest.raises(ZeroDivisionError):
        async with guarded(refusal):
            raise ZeroDivisionError
