"""The watch's reconnection back-off starts again after a connection that was up is lost (no database)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Hashable, Mapping
from typing import Any

import pytest

from venues.core.caching.version_watch import VersionWatch


class DroppedAfterConfirming:
    """A connection that is lost at its second confirmation, as asyncpg reports the server going away."""

    def __init__(self) -> None:
        self.closed = False
        self.confirmations = 0
        self.on_loss: list[Callable[[Any], None]] = []

    def add_termination_listener(self, listener: Callable[[Any], None]) -> None:
        self.on_loss.append(listener)

    async def add_listener(self, channel: str, listener: object) -> None:
        return None

    def is_closed(self) -> bool:
        return self.closed

    def lose(self) -> None:
        self.closed = True
        for listener in self.on_loss:
            listener(self)


async def test_after_losing_a_confirmed_connection_the_next_attempt_waits_the_shortest_delay(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def confirm(connection: Any) -> Mapping[Hashable, object]:
        connection.confirmations += 1
        if connection.confirmations > 1:  # up and confirmed once; lost at the next confirmation
            connection.lose()
            raise ConnectionResetError
        return {}

    waited: list[float] = []

    async def sleep(delay: float) -> None:
        waited.append(delay)
        if len(waited) == 4:
            raise asyncio.CancelledError

    async def connect() -> DroppedAfterConfirming:
        return DroppedAfterConfirming()

    watch = VersionWatch({}, confirm, confirm_every=0.01)
    monkeypatch.setattr(asyncio, "sleep", sleep)
    with pytest.raises(asyncio.CancelledError):
        await watch._run(connect)
    assert waited == [0.1] * 4
