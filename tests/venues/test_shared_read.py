"""A read shared by concurrent callers: fewer round trips, never an answer older than the call."""

from __future__ import annotations

import asyncio
from contextvars import ContextVar
from typing import Any

import pytest

from venues.core.caching.shared_read import SharedRead


class FakeEngine:
    current_transaction: ContextVar[Any] = ContextVar("current_transaction", default=None)


class Database:
    """A value that writers change, and a read that takes a while, counted."""

    def __init__(self) -> None:
        self.value = 0
        self.reads = 0
        self.fail = False

    async def read(self) -> int:
        self.reads += 1
        seen = self.value
        await asyncio.sleep(0.01)
        if self.fail:
            raise RuntimeError("connection lost")
        return seen


def shared(database: Database) -> SharedRead[int]:
    return SharedRead(database.read, lambda: FakeEngine())  # type: ignore[arg-type, return-value]


async def test_concurrent_callers_share_reads() -> None:
    database = Database()
    read = shared(database)
    answers = await asyncio.gather(*(read() for _ in range(50)))
    assert answers == [0] * 50
    assert database.reads == 1


async def test_a_caller_never_gets_a_read_that_began_before_it() -> None:
    database = Database()
    read = shared(database)
    first = asyncio.ensure_future(read())
    await asyncio.sleep(0.001)  # the first read is now in flight, having seen 0
    database.value = 1  # a write commits
    second = asyncio.ensure_future(read())
    third = asyncio.ensure_future(read())
    assert await first == 0
    assert await second == await third == 1
    assert database.reads == 2


async def test_an_error_reaches_every_waiter_and_the_next_call_reads_again() -> None:
    database = Database()
    read = shared(database)
    database.fail = True
    results = await asyncio.gather(read(), read(), return_exceptions=True)
    assert all(isinstance(result, RuntimeError) for result in results)
    database.fail = False
    database.value = 7
    assert await read() == 7


async def test_one_cancelled_caller_does_not_cancel_the_others() -> None:
    database = Database()
    read = shared(database)
    leaving = asyncio.ensure_future(read())
    staying = asyncio.ensure_future(read())
    await asyncio.sleep(0)
    leaving.cancel()
    assert await staying == 0
    with pytest.raises(asyncio.CancelledError):
        await leaving


async def test_inside_a_transaction_each_call_reads_on_its_own() -> None:
    database = Database()
    read = shared(database)
    token = FakeEngine.current_transaction.set(object())
    try:
        await asyncio.gather(read(), read(), read())
    finally:
        FakeEngine.current_transaction.reset(token)
    assert database.reads == 3
