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
    """A value that writers change, and a read the test can hold in flight, counted.

    The test orders events with these, never with the clock: ``seen`` is set once a read has
    taken the value, a cleared ``gate`` keeps that read from answering, and ``callers``/``arrived``
    count the calls that have reached the shared read.
    """

    def __init__(self) -> None:
        self.value = 0
        self.reads = 0
        self.fail = False
        self.seen = asyncio.Event()
        self.gate = asyncio.Event()
        self.gate.set()
        self.callers = 0
        self.arrived = asyncio.Event()

    async def read(self) -> int:
        self.reads += 1
        seen = self.value
        self.seen.set()
        await self.gate.wait()
        if self.fail:
            raise RuntimeError("connection lost")
        return seen

    def engine(self) -> FakeEngine:
        # A call asks for the engine first and then joins a read without yielding: once counted here,
        # a caller is waiting for its answer.
        self.callers += 1
        self.arrived.set()
        return FakeEngine()

    async def wait_for_callers(self, count: int) -> None:
        while self.callers < count:
            self.arrived.clear()
            await self.arrived.wait()


def shared(database: Database) -> SharedRead[int]:
    return SharedRead(database.read, database.engine)  # type: ignore[arg-type]


async def test_concurrent_callers_share_reads() -> None:
    database = Database()
    read = shared(database)
    answers = await asyncio.gather(*(read() for _ in range(50)))
    assert answers == [0] * 50
    assert database.reads == 1


async def test_a_caller_never_gets_a_read_that_began_before_it() -> None:
    database = Database()
    read = shared(database)
    database.gate.clear()
    first = asyncio.ensure_future(read())
    await database.seen.wait()  # the first read is now in flight, having seen 0
    database.value = 1  # a write commits
    second = asyncio.ensure_future(read())
    third = asyncio.ensure_future(read())
    await database.wait_for_callers(3)  # both came while the first read was in flight
    database.gate.set()
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
    await database.wait_for_callers(2)
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
