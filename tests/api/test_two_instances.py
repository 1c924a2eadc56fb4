"""Two app instances on one PostgreSQL database through PgBouncer in transaction mode, as two machines would run.

Each is a real ``commonroom serve`` (its own process, connection pool, per-process caches and periodic jobs)
reaching the worker's test database through PgBouncer (``tests/pgbouncer.py``) with
``COMMONROOM_DB_POOLER=transaction``; ``COMMONROOM_LISTEN_URL`` names PostgreSQL directly, as a version watch
for their version watch. What one writes the other's API reads at once; a public feed, answered from the version
the watch heard, may lag the database by at most ``WATCH_BOUND`` (1 s): a request sent later than that after the
change committed gets the new body, and then both serve the same ETag; a booking race split across them leaves one booking;
and each periodic job's lease is held by exactly one of them. PostgreSQL only (SQLite is one machine's file).
"""

from __future__ import annotations

import asyncio
import os
import socket
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from scheduling.models import Booking, Occupancy
from tests.api.test_booking_concurrency import overlapping_occupancy_pairs
from tests.bookings_support import book, future_day, local
from tests.factories import Factory
from tests.live_app import running_serve
from tests.pgbouncer import require_pgbouncer, running_pgbouncer
from venues.core import clock
from venues.core.database import is_postgres
from venues.models import JobLease
from venues.publication import WATCH_BOUND

RACERS = 20
JOBS = {"extend-series", "send-mail", "send-digests", "openactive-stamp"}
LEASE_WAIT_SECONDS = 30


@pytest.fixture(scope="module")
def two_instances(migrated_database: None) -> Iterator[tuple[tuple[str, int], tuple[str, int]]]:
    if not is_postgres():
        pytest.skip("several instances share one PostgreSQL database; SQLite is one machine's file")
    require_pgbouncer()
    direct = os.environ["DATABASE_URL"]
    with running_pgbouncer(direct) as pooled:
        environment = {
            "DATABASE_URL": pooled,
            "COMMONROOM_DB_POOLER": "transaction",
            "COMMONROOM_LISTEN_URL": direct,
            "COMMONROOM_PUBLIC_URL": "http://commonroom.test",
            "DB_POOL_SIZE": "6",
            # Every job tries every second on both, so the one without a lease is refused again and again.
            "COMMONROOM_EXTEND_SERIES_EVERY": "1",
            "COMMONROOM_SEND_MAIL_EVERY": "1",
            "COMMONROOM_SEND_DIGESTS_EVERY": "1",
            "COMMONROOM_OPENACTIVE_EVERY": "1",
        }
        with running_serve(**environment) as first, running_serve(**environment) as second:
            yield first, second


async def test_two_instances_share_one_database_through_pgbouncer(
    two_instances: tuple[tuple[str, int], tuple[str, int]], factory: Factory
) -> None:
    (a, a_pid), (b, b_pid) = two_instances
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager, name="Old Hall")
    space = await factory.space(venue)
    start = clock.now().replace(minute=0) + timedelta(days=10)
    listed = await factory.booking(space, start, start + timedelta(hours=2), title="Winter fair")
    await factory.activity(booking=listed, title="Winter fair", category="family")
    bookers = [await factory.account(f"racer{n}") for n in range(4)]

    async with httpx.AsyncClient(timeout=30) as http:
        holders = await _job_holders(http, a, b)
        assert {_pid(holder) for holder in holders.values()} <= {a_pid, b_pid}, holders

        # A write on one is what the other reads next.
        renamed = await http.patch(f"{a}/api/v1/venues/{venue.id}", json={"name": "New Hall"}, headers=manager.headers)
        assert renamed.status_code == 200, renamed.text
        committed = time.monotonic()
        seen = await http.get(f"{b}/api/v1/venues/{venue.id}")
        assert seen.status_code == 200 and seen.json()["name"] == "New Hall"

        # Both serve a feed with the same ETag and body (B's once its watch has heard, within the bound).
        feed = f"/feeds/venues/{venue.id}.ics"
        on_b = await _fresh_within_bound(http, b + feed, committed, lambda body: b"New Hall" in body)
        on_a = await http.get(a + feed)
        assert on_a.status_code == on_b.status_code == 200
        assert on_a.headers["etag"] == on_b.headers["etag"] and on_a.content == on_b.content
        assert b"New Hall" in on_b.content

        # B has the feed in its per-process cache; a change made on A is what B's next fetch has.
        again = await http.get(b + feed, headers={"If-None-Match": on_b.headers["etag"]})
        assert again.status_code == 304
        changed = await http.patch(
            f"{a}/api/v1/venues/{venue.id}", json={"name": "Newer Hall"}, headers=manager.headers
        )
        assert changed.status_code == 200, changed.text
        after = await _fresh_within_bound(
            http,
            b + feed,
            time.monotonic(),
            lambda body: b"Newer Hall" in body,
            headers={"If-None-Match": on_b.headers["etag"]},
        )
        assert after.status_code == 200 and after.headers["etag"] != on_b.headers["etag"]
        assert b"Newer Hall" in after.content and b"New Hall" not in after.content
        assert (await http.get(a + feed)).headers["etag"] == after.headers["etag"]

        # A booking race split across the two: one wins, the rest are refused, nothing overlaps.
        day = future_day()
        responses = await asyncio.gather(
            *[
                book(
                    _on(http, a if n % 2 else b),
                    bookers[n % 4],
                    space.id,
                    local(day, "14:00"),
                    local(day, "16:00"),
                )
                for n in range(RACERS)
            ]
        )
        codes = Counter(response.status_code for response in responses)
        assert codes == {201: 1, 409: RACERS - 1}, [r.text for r in responses if r.status_code not in (201, 409)][:3]
        assert await overlapping_occupancy_pairs() == 0
        (winner,) = [n for n, response in enumerate(responses) if response.status_code == 201]
        won = responses[winner].json()
        for instance in (a, b):
            read = await http.get(f"{instance}/api/v1/bookings/{won['id']}", headers=bookers[winner % 4].headers)
            assert read.status_code == 200 and read.json()["id"] == won["id"]
        # The listed booking (stored without occupancy) and the one that won.
        assert await Booking.count().where(Booking.space == space.id) == 2
        assert await Occupancy.count() == 1

        # Each job's lease stayed with one instance while both kept trying every second.
        assert await _job_holders(http, a, b) == holders


async def _fresh_within_bound(
    http: httpx.AsyncClient,
    url: str,
    committed: float,
    fresh: Callable[[bytes], bool],
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """Fetch ``url`` until its body is ``fresh``: an old answer is allowed only to a request sent within the
    watch's bound of the change's commit (``committed``, monotonic); one sent later must be new."""
    while True:
        sent = time.monotonic()
        response = await http.get(url, headers=headers)
        if response.status_code == 200 and fresh(response.content):
            return response
        assert sent - committed <= WATCH_BOUND, f"still the old feed {sent - committed:.2f} s after the change"


def _pid(holder: str) -> int:
    host, pid, _random = holder.split(":")
    assert host == socket.gethostname()
    return int(pid)


class _On:
    """An ``httpx.AsyncClient``-like object posting to one instance's base URL (``book`` posts a path)."""

    def __init__(self, http: httpx.AsyncClient, base: str) -> None:
        self.http, self.base = http, base

    async def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.http.post(self.base + path, **kwargs)


def _on(http: httpx.AsyncClient, base: str) -> Any:
    return _On(http, base)


async def _job_holders(http: httpx.AsyncClient, a: str, b: str) -> dict[str, str]:
    """Each periodic job's current holder, once both instances have started all four (they take their first
    turn at start-up, so this waits at most for their first round)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + LEASE_WAIT_SECONDS
    while True:
        now = int(clock.now().timestamp())
        rows = await JobLease.select(JobLease.name, JobLease.holder).where(JobLease.expires_at > now)
        holders = {row["name"]: row["holder"] for row in rows}
        if set(holders) == JOBS or loop.time() > deadline:
            assert set(holders) == JOBS, holders
            return holders
        # Polling the table for the first turns to have happened, not ordering events by a pause.
        await asyncio.sleep(0.2)
