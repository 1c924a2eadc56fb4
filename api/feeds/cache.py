"""A bounded, process-local cache of rendered feed bodies.

Entries are keyed on (feed identity, publication version); the version is
read from the database on every request, so a worker can never serve a body
older than the data, whichever worker or machine made the change. The cache
only saves re-rendering; it is bounded in bytes so it cannot grow without limit.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from threading import Lock

DEFAULT_MAX_BYTES = 32 * 1024 * 1024


class FeedBodyCache:
    """Bodies, each with the file name it is served as (so a hit needs nothing else from the database)."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple[str, int], tuple[bytes, str]] = OrderedDict()
        self._bytes = 0
        self._lock = Lock()

    def entry(self, key: str, version: int) -> tuple[bytes, str] | None:
        """The body and its file name, or None."""
        with self._lock:
            found = self._entries.get((key, version))
            if found is not None:
                self._entries.move_to_end((key, version))
            return found

    def get(self, key: str, version: int) -> bytes | None:
        found = self.entry(key, version)
        return found[0] if found is not None else None

    def put(self, key: str, version: int, body: bytes, filename: str = "") -> None:
        if len(body) > self.max_bytes:
            return
        with self._lock:
            old = self._entries.pop((key, version), None)
            if old is not None:
                self._bytes -= len(old[0])
            self._entries[(key, version)] = (body, filename)
            self._bytes += len(body)
            while self._bytes > self.max_bytes:
                _, (evicted, _name) = self._entries.popitem(last=False)
                self._bytes -= len(evicted)

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._entries)


feed_bodies = FeedBodyCache(int(os.environ.get("COMMONROOM_FEED_CACHE_BYTES", DEFAULT_MAX_BYTES)))
