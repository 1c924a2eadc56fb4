"""Running this worker's version watch in a test, on a clock the test moves (PostgreSQL only).

The watch normally confirms itself every ``confirm_every`` seconds; here it confirms once when it
connects and then only if a test shortens that, so what the watch knows came from notifications
unless a test says otherwise, and it stays live until the test moves the clock or the connection goes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from venues.core.database import is_postgres
from venues.publication import PUBLICATION, start_watch, stop_watch, version_watch

needs_postgres = pytest.mark.skipif(
    not is_postgres(), reason="LISTEN/NOTIFY is PostgreSQL's; on SQLite there is no watch and every reader asks"
)

WAIT = 10.0
"""Seconds before a wait for the watch fails: the bound on a failure, never a way to order events."""


class ManualClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
async def watching(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[ManualClock]:
    """The worker's watch, connected and confirmed once, on a clock that stands still until advanced."""
    clock = ManualClock()
    monkeypatch.setattr(version_watch, "monotonic", clock)
    monkeypatch.setattr(version_watch, "confirm_every", 3600.0)
    await start_watch()
    try:
        await version_watch.wait_until(lambda: version_watch.known(PUBLICATION) is not None, timeout=WAIT)
        yield clock
    finally:
        await stop_watch()
