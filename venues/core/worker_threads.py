"""CPU-heavy work (password hashes, calendar parsing) off the event loop, a bounded number at once.

A worker's event loop serves every request it holds; a 100 ms hash on it stalls them all. Each kind of work
gets its own small limit, since more threads than cores only queue in the operating system, and each hash
holds its own memory.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

_T = TypeVar("_T")


class WorkerThreads:
    """Runs a function in a worker thread, at most ``at_once`` of this kind at a time per process."""

    def __init__(self, at_once: int) -> None:
        self._slots = asyncio.Semaphore(at_once)

    async def run(self, function: Callable[..., _T], *args: Any) -> _T:
        async with self._slots:
            return await asyncio.to_thread(function, *args)
