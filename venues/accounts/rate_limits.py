"""Counting attempts at guessable things (passwords) per key, in the database.

The counters live in the ``rate_limit`` table rather than in a worker's memory, so
a limit holds however many workers and machines share the database. Each count is
one atomic upsert: concurrent attempts each get their own number, so a burst
cannot slip past the limit by reading the same count at once. Windows are fixed:
the first attempt opens one for ``window``; after it ends the count starts again.
Keys are stored as digests, so the table never holds an email address.
"""

from __future__ import annotations

import hashlib
import time
from datetime import timedelta

from venues.core.database import write_transaction
from venues.core.errors import TooManyAttempts
from venues.models import RateLimit

_COUNT = (
    'INSERT INTO rate_limit ("key", hits, resets_at) VALUES ({}, 1, {}) '
    'ON CONFLICT ("key") DO UPDATE SET '
    "hits = CASE WHEN rate_limit.resets_at <= {} THEN 1 ELSE rate_limit.hits + 1 END, "
    "resets_at = CASE WHEN rate_limit.resets_at <= {} THEN excluded.resets_at ELSE rate_limit.resets_at END "
    "RETURNING hits, resets_at"
)


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", errors="surrogatepass")).hexdigest()


async def check_and_count(key: str, limit: int, window: timedelta, detail: str) -> None:
    """Count one attempt for ``key``; past ``limit`` in the window, refuse it with ``TooManyAttempts``.

    A refused attempt is counted too, so hammering does not shorten the wait.
    """
    now = int(time.time())
    async with write_transaction():
        await RateLimit.raw("DELETE FROM rate_limit WHERE resets_at <= {}", now)
        (row,) = await RateLimit.raw(_COUNT, digest(key), now + int(window.total_seconds()), now, now)
    if row["hits"] > limit:
        raise TooManyAttempts(detail, retry_after=row["resets_at"] - now)


async def refund(key: str) -> None:
    """Take back one counted attempt (it succeeded), so only failures use up the limit."""
    async with write_transaction():
        await RateLimit.raw('UPDATE rate_limit SET hits = hits - 1 WHERE "key" = {} AND hits > 0', digest(key))
