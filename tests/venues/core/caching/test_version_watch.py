"""The watch's own rules on a stand-in connection (any engine): what it trusts, what it refuses to learn, and
that a notification heard during a confirmation is never overwritten by that confirmation's older reply."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Hashable, Iterator, Mapping
from typing import Any

import pytest

from tests.version_watch_support import WAIT, ManualClock
from venues.core.caching.version_watch import FORGET, VersionWatch
from venues.core.caching.versioned_cache import clear_every_cache


class StandIn:
    """What the watch uses of an asyncpg connection, driven by the test."""

    def __init__(self) -> None:
        self.listeners: dict[str, Callable[..., None]] = {}
        self.on_loss: list[Callable[[Any], None]] = []
        self.closed = False

    def add_termination_listener(self, callback: Callable[[Any], None]) -> None:
        self.on_loss.append(callback)

    async def add_listener(self, channel: str, callback: Callable[..., None]) -> None:
        self.listeners[channel] = callback

    def is_closed(self) -> bool:
        return self.closed

    def get_server_pid(self) -> int:
        return 4242

    async def close(self) -> None:
        self.closed = True

    def terminate(self) -> None:
        self.closed = True

    def notify(self, channel: str, payload: str) -> None:
        self.listeners[channel](self, 1, channel, payload)

    def lose(self) -> None:
        self.closed = True
        for callback in self.on_loss:
            callback(self)


def versions(payload: str) -> Iterator[tuple[Hashable, object]]:
    """``key=version`` pairs, ``key=`` to forget."""
    for pair in payload.split(","):
        key, value = pair.split("=")
        yield key, int(value) if value else FORGET


class Database:
    """The confirming query's answers, each released by the test when it chooses."""

    def __init__(self, current: int) -> None:
        self.current = current
        self.asked = asyncio.Event()
        self.hold: asyncio.Event | None = None
        self.connections: list[StandIn] = []

    async def confirm(self, connection: Any) -> Mapping[Hashable, object]:
        answer = self.current
        self.asked.set()
        if self.hold is not None:
            await self.hold.wait()
        return {"site": answer}

    async def connect(self) -> StandIn:
        connection = StandIn()
        self.connections.append(connection)
        return connection


@pytest.fixture
async def watched() -> Any:
    clock = ManualClock()
    database = Database(current=5)
    watch = VersionWatch({"versions": versions}, database.confirm, bound=1.0, confirm_every=3600, monotonic=clock)
    watch.start(database.connect)
    await watch.wait_until(lambda: watch.known("site") == 5, timeout=WAIT)
    yield watch, database, clock
    await watch.stop()


async def test_notifications_set_and_forget_and_readers_trust_only_within_the_bound(watched: Any) -> None:
    watch, database, clock = watched
    connection = database.connections[-1]
    connection.notify("versions", "site=6,venue:1=3")
    assert watch.known("site") == 6 and watch.known("venue:1") == 3
    connection.notify("versions", "venue:1=")
    assert watch.known("venue:1") is None
    clock.advance(1.0)
    assert watch.known("site") == 6
    clock.advance(0.001)
    assert watch.known("site") is None and watch.token() is None


async def test_a_read_is_learned_all_or_none_and_never_over_a_later_notification(watched: Any) -> None:
    watch, database, _ = watched
    connection = database.connections[-1]
    before = watch.token()
    connection.notify("versions", "venue:1=4")
    assert not watch.learn(before, {"venue:1": 3, "space:9": "state read with 3"})
    assert watch.known("space:9") is None and watch.known("venue:1") == 4
    assert watch.learn(watch.token(), {"venue:1": 4, "space:9": "state read with 4"})
    assert watch.known("space:9") == "state read with 4"


async def test_clearing_the_caches_forgets_the_watch_and_refuses_reads_begun_before(watched: Any) -> None:
    watch, _, _ = watched
    before = watch.token()
    clear_every_cache()
    assert watch.known("site") is None
    assert not watch.learn(before, {"venue:1": 3})


async def test_a_notification_heard_during_a_confirmation_wins_over_its_reply() -> None:
    clock = ManualClock()
    database = Database(current=5)
    database.hold = asyncio.Event()
    watch = VersionWatch({"versions": versions}, database.confirm, bound=1.0, confirm_every=3600, monotonic=clock)
    watch.start(database.connect)
    try:
        await asyncio.wait_for(database.asked.wait(), timeout=WAIT)
        database.connections[-1].notify("versions", "site=6")  # committed after the reply's snapshot
        database.hold.set()
        await watch.wait_until(watch.live, timeout=WAIT)
        assert watch.known("site") == 6
    finally:
        await watch.stop()


async def test_a_lost_connection_is_not_trusted_and_the_next_one_starts_afresh(watched: Any) -> None:
    watch, database, _ = watched
    first = database.connections[-1]
    first.notify("versions", "venue:1=3")
    token = watch.token()
    first.lose()
    assert not watch.live() and watch.known("site") is None
    assert not watch.learn(token, {"venue:2": 1})
    database.current = 7
    await watch.wait_until(lambda: watch.known("site") == 7, timeout=WAIT)
    assert database.connections[-1] is not first
    assert watch.known("venue:1") is None  # heard on the old connection: changes since may have gone unheard
    first.notify("versions", "site=1")  # a late message on the old connection is ignored
    assert watch.known("site") == 7


async def test_a_refused_connection_and_a_failing_confirmation_are_tried_again() -> None:
    database = Database(current=5)
    failures = [OSError("refused"), None]

    async def connect() -> StandIn:
        failure = failures.pop(0) if failures else None
        if failure is not None:
            raise failure
        return await database.connect()

    broken = [True]

    async def confirm(connection: Any) -> Mapping[Hashable, object]:
        if broken.pop() if broken else False:
            raise ValueError("not the reply it expects")
        return await database.confirm(connection)

    watch = VersionWatch({"versions": versions}, confirm, confirm_every=3600, monotonic=ManualClock())
    watch.start(connect)
    try:
        await watch.wait_until(lambda: watch.known("site") == 5, timeout=WAIT)
        assert len(database.connections) == 2 and database.connections[0].closed
    finally:
        await watch.stop()
