"""Leases on periodic jobs: of all the processes serving the app, on one machine or many, one runs each job's turn.

Every ``commonroom serve`` worker starts every periodic job (extending series, sending mail, digests, stamping
the OpenActive feeds). Their claims already keep two runners from doing the same work twice, but with many
workers on many machines each idle turn is a query per worker, and the OpenActive stampers queue on one counter
row. A lease makes one process the runner: a ``job_lease`` row per job names its ``holder`` until ``expires_at``
(Unix seconds, by ``venues.core.clock``). It is taken or renewed by one conditional upsert: the row is written
only when it is free (no row, or its time has passed) or already this process's, and ``RETURNING`` says whether
it was. PostgreSQL re-checks that condition on the row's latest version after waiting for a concurrent writer,
and SQLite writes one at a time, so two takers racing leave one holder.

Not a session-level advisory lock: behind a pooler in transaction mode (PgBouncer) a session is not the app's to
keep, and a lock taken on one server connection would be released or inherited by whoever uses it next. A row
survives that, and shows who runs what (``SELECT * FROM job_lease``).

The lease outlasts the job's interval (``lease_seconds``: twice it, at least a minute), so a holder renews it at
each turn before it runs out, and a long turn renews it as it goes. A holder that stops (a crash, a machine
lost) is replaced once its lease has passed, at the next turn of another process; one that shuts down cleanly
gives its leases back at once. The lease is about who does the work, not its correctness: a holder that stalls
past its lease overlaps with its successor for a moment, which the jobs' own claims make harmless. Machines'
clocks must agree to well within the lease's margin (NTP), since each compares ``expires_at`` with its own.

The holder names one process: ``host:pid:random``, so a restarted process with a reused pid is a new holder.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import Any

from piccolo.querystring import QueryString

from venues.core import clock
from venues.core.database import current_engine, write_transaction

log = logging.getLogger(__name__)

MINIMUM_LEASE_SECONDS = 60

_TAKE = (
    "INSERT INTO job_lease (name, holder, expires_at) VALUES ({}, {}, {}) "
    "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at "
    "WHERE job_lease.expires_at <= {} OR job_lease.holder = excluded.holder "
    "RETURNING holder"
)

_holder: tuple[int, str] | None = None


def this_process() -> str:
    """This process's holder name, ``host:pid:random``; a forked child gets its own."""
    global _holder
    pid = os.getpid()
    if _holder is None or _holder[0] != pid:
        _holder = (pid, f"{socket.gethostname()}:{pid}:{secrets.token_hex(4)}")
    return _holder[1]


def lease_seconds(every: float) -> int:
    """How long a turn's lease lasts for a job run every ``every`` seconds: twice that, at least a minute, so the
    holder's next turn renews it with time to spare."""
    return max(MINIMUM_LEASE_SECONDS, int(2 * every))


async def _run(sql: str, *args: Any) -> list[dict[str, Any]]:
    return list(await current_engine().run_querystring(QueryString(sql, *args)) or [])


async def take(name: str, seconds: int, holder: str | None = None) -> bool:
    """Take the lease on job ``name`` for ``seconds`` from now, or renew it if ``holder`` (this process by
    default) has it; False while another holder's lease lasts."""
    holder = holder or this_process()
    now = int(clock.now().timestamp())
    # A plain read first: a process that is not the holder takes no write lock (SQLite's is the whole file's)
    # while the lease lasts. The upsert below is still what decides between processes racing for a free lease.
    current = await _run("SELECT holder FROM job_lease WHERE name = {} AND expires_at > {}", name, now)
    if current and current[0]["holder"] != holder:
        return False
    async with write_transaction():
        rows = await _run(_TAKE, name, holder, now + seconds, now)
    return bool(rows) and rows[0]["holder"] == holder


async def release(name: str, holder: str | None = None) -> None:
    """Give the lease back, if ``holder`` (this process by default) has it, so another takes over at its next
    turn rather than when the lease would have run out."""
    async with write_transaction():
        await _run(
            "UPDATE job_lease SET expires_at = 0 WHERE name = {} AND holder = {}", name, holder or this_process()
        )


async def holder_of(name: str) -> str | None:
    """Who holds job ``name``'s lease now, if anyone."""
    now = int(clock.now().timestamp())
    rows = await _run("SELECT holder FROM job_lease WHERE name = {} AND expires_at > {}", name, now)
    return str(rows[0]["holder"]) if rows else None


async def _renewing(name: str, seconds: int, holder: str) -> None:
    """Renew the lease every third of its length while a turn runs, so a turn longer than the lease keeps it."""
    while True:
        await asyncio.sleep(seconds / 3)
        try:
            if not await take(name, seconds, holder):
                log.warning("The %s job's lease passed to another process during a turn.", name)
                return
        except Exception:
            log.exception("Renewing the %s job's lease failed; trying again.", name)


async def run_leased(name: str, seconds: int, turn: Callable[[], Awaitable[object]]) -> bool:
    """Run ``turn`` if this process holds (or can take) job ``name``'s lease, renewing it meanwhile; False when
    another process holds it and the turn was skipped."""
    holder = this_process()
    if not await take(name, seconds, holder):
        return False
    renewer = asyncio.create_task(_renewing(name, seconds, holder))
    try:
        await turn()
    finally:
        renewer.cancel()
        with suppress(asyncio.CancelledError):
            await renewer
    return True


async def periodically(
    name: str,
    every: float,
    turn: Callable[[], Awaitable[object]],
    failed: str,
    wait: Callable[[float], Awaitable[object]] = asyncio.sleep,
) -> None:
    """``turn`` now and after every ``wait(every)`` for as long as the worker runs, in the process holding job
    ``name``'s lease only. A failed turn is logged (``failed``, with the interval) and the next one tries again.
    Cancelled (the worker stopping), it gives the lease back."""
    seconds = lease_seconds(every)
    try:
        while True:
            try:
                await run_leased(name, seconds, turn)
            except Exception:
                log.exception(failed, every)
            await wait(every)
    finally:
        with suppress(Exception):
            await asyncio.shield(release(name))
