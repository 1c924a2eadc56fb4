"""One database read shared by the concurrent requests of a worker that all need the same small answer.

Calendar clients and browsers poll feeds: under load a worker asks the database for
the publication version many times a millisecond, and the round trip is most of a
304's cost. Here callers that arrive while a read is in flight wait for the *next*
read, which starts only after they all arrived, and share its answer. So every
caller still gets a value the database held after its call began (nothing is
reused from before it: a write committed before the call is always seen), with at
most one read in flight per worker. Inside a transaction the read runs on its own,
on the transaction's connection.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, Generic, TypeVar

from piccolo.engine.base import Engine

T = TypeVar("T")


class SharedRead(Generic[T]):
    def __init__(self, read: Callable[[], Coroutine[Any, Any, T]], engine: Callable[[], Engine]) -> None:
        self._read = read
        self._engine = engine
        self._next: asyncio.Future[T] | None = None
        self._in_flight = False
        self._loop: asyncio.AbstractEventLoop | None = None

    async def __call__(self) -> T:
        if self._engine().current_transaction.get() is not None:
            return await self._read()
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            # A new event loop (a CLI command after another): nothing of the old one's is waited for.
            self._loop, self._next, self._in_flight = loop, None, False
        answer = self._next
        if answer is None:
            answer = self._next = loop.create_future()
            if not self._in_flight:
                # Next turn of the loop, so callers arriving in this one share the read too.
                loop.call_soon(self._start)
        # Shielded: one caller's cancellation must not cancel the answer the others wait for.
        return await asyncio.shield(answer)

    def _start(self) -> None:
        waiting, self._next = self._next, None
        if waiting is None:
            return
        self._in_flight = True
        task = asyncio.get_running_loop().create_task(self._read())

        def settle(done: asyncio.Task[T]) -> None:
            self._in_flight = False
            if waiting.done():
                pass
            elif done.cancelled():
                waiting.cancel()
            elif (error := done.exception()) is not None:
                waiting.set_exception(error)
            else:
                waiting.set_result(done.result())
            # Callers who came while this read ran share the next one, which starts now.
            self._start()

        task.add_done_callback(settle)
