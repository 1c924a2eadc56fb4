"""Rendered feed bodies, kept per worker for the publication version read in the request.

A body answers only for the version it was rendered at, and that version is read
from the database on every request, so a worker can never serve a body older than
the data, whichever worker or machine made the change (see venues.core.caching.versioned_cache).
The cache only saves re-rendering; it is bounded in bytes so it cannot grow without limit. Keys carry the
language a body is worded in (``api.feeds.conditional.in_language``), so English and Welsh bodies of one version
are kept apart.
"""

from __future__ import annotations

import os

from venues.core.caching.versioned_cache import VersionedCache

DEFAULT_MAX_BYTES = 16 * 1024 * 1024


def _body_bytes(entry: tuple[bytes, str]) -> int:
    return len(entry[0])


class FeedBodyCache:
    """Bodies, each with the file name it is served as (so a hit needs nothing else from the database)."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self._kept: VersionedCache[tuple[bytes, str]] = VersionedCache(max_bytes, cost=_body_bytes)

    def entry(self, key: str, version: int) -> tuple[bytes, str] | None:
        """The body and its file name, or None."""
        return self._kept.get(key, version)

    def get(self, key: str, version: int) -> bytes | None:
        found = self.entry(key, version)
        return found[0] if found is not None else None

    def put(self, key: str, version: int, body: bytes, filename: str = "") -> None:
        self._kept.put(key, version, (body, filename))

    @property
    def size_bytes(self) -> int:
        return self._kept.total_cost

    def __len__(self) -> int:
        return len(self._kept)


feed_bodies = FeedBodyCache(int(os.environ.get("COMMONROOM_FEED_CACHE_BYTES", DEFAULT_MAX_BYTES)))
