"""A write that cannot get SQLite's lock within the busy timeout is a 503 to retry, never a 500 or a hang.

The lock is held by a second connection to the same file for the whole request,
as a backup or a long manual transaction would; the busy timeout is shortened so
the request gives up at once instead of after the configured seconds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import httpx
import pytest

from scheduling.models import Booking
from tests.bookings_support import book, future_day, local
from tests.factories import Factory
from venues.core.database import BUSY_SECONDS_ENV, current_engine, is_postgres

pytestmark = pytest.mark.skipif(is_postgres(), reason="SQLite's single write lock; PostgreSQL locks rows")


@pytest.fixture
def lock_held_elsewhere(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    engine = current_engine()
    monkeypatch.setitem(engine.connection_kwargs, "timeout", 0.05)
    monkeypatch.setenv(BUSY_SECONDS_ENV, "0.05")
    other = sqlite3.connect(engine.connection_kwargs["database"], isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


async def test_a_write_that_cannot_get_the_lock_is_a_503_with_retry_after(
    client: httpx.AsyncClient, factory: Factory, request: pytest.FixtureRequest
) -> None:
    booker = await factory.account()
    space = await factory.space(await factory.venue())
    day = future_day()
    request.getfixturevalue("lock_held_elsewhere")
    response = await book(client, booker, space.id, local(day, "10:00"), local(day, "11:00"))
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert int(response.headers["Retry-After"]) >= 1
    assert response.json()["status"] == 503
    assert await Booking.count() == 0
