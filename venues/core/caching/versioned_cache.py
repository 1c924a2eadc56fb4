"""A bounded, process-local cache whose entries hold only for one version read from the database.

The caller reads the version (a venue's, or the site-wide publication version)
from the database on every request, or from the version watch while it vouches for
it (``version_watch``, at most its bound behind), and passes it in; an entry answers only for
the version it was stored with. Every change that could alter a cached value
bumps that version in the same transaction, so a worker can never answer with
data older than the database (than the watch's bound, with its version), whichever worker or machine made the change: the
cache only saves recomputing. A key holds one version at a time, and the total
cost (bytes, or entries) is bounded, least recently used first out.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Generic, Protocol, TypeVar
from weakref import WeakSet

V = TypeVar("V")


def _one(_: object) -> int:
    return 1


class Clearable(Protocol):
    def clear(self) -> None: ...


_every_cache: WeakSet[Clearable] = WeakSet()


def cleared_with_caches(thing: Clearable) -> None:
    """``clear_every_cache`` clears ``thing`` too (it holds versions or values read from the database)."""
    _every_cache.add(thing)


def clear_every_cache() -> None:
    """Forget every entry: for when the database itself is replaced (tests empty it; a restored backup
    can repeat old versions), since versions are only comparable within one database's history."""
    for cache in list(_every_cache):
        cache.clear()


class VersionedCache(Generic[V]):
    def __init__(self, max_cost: int, cost: Callable[[V], int] = _one) -> None:
        self.max_cost = max_cost
        self._cost = cost
        self._entries: OrderedDict[Hashable, tuple[int, V, int]] = OrderedDict()
        self._total = 0
        self._lock = Lock()
        _every_cache.add(self)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._total = 0

    def get(self, key: Hashable, version: int) -> V | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None or found[0] != version:
                return None
            self._entries.move_to_end(key)
            return found[1]

    def put(self, key: Hashable, version: int, value: V) -> None:
        cost = self._cost(value)
        if cost > self.max_cost:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._total -= old[2]
            self._entries[key] = (version, value, cost)
            self._total += cost
            while self._total > self.max_cost:
                _, (_, _, evicted) = self._entries.popitem(last=False)
                self._total -= evicted

    @property
    def total_cost(self) -> int:
        return self._total

    def __len__(self) -> int:
        return len(self._entries)
