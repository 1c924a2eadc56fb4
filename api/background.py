"""Jobs a served app runs in the background, started and stopped with each worker.

Each worker books the series' dates that came inside their horizon on its own timer
(``COMMONROOM_EXTEND_SERIES_EVERY`` seconds; ``commonroom serve`` makes it hourly). The
extension claims each series row before booking, so workers running it at once book a
date once; no lease is needed.
"""

from __future__ import annotations

import asyncio

from api.settings import get_settings
from scheduling.series.extension import extend_periodically

_running: set[asyncio.Task[None]] = set()


async def start_background_jobs() -> None:
    every = get_settings().extend_series_every_seconds
    if every > 0:
        _running.add(asyncio.create_task(extend_periodically(every)))


async def stop_background_jobs() -> None:
    for task in _running:
        task.cancel()
    await asyncio.gather(*_running, return_exceptions=True)
    _running.clear()
