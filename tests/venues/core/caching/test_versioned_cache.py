"""Values kept for one database version: a newer version replaces the older, and the budget holds."""

from __future__ import annotations

from venues.core.caching.versioned_cache import VersionedCache, clear_every_cache


def test_a_key_keeps_only_its_latest_version() -> None:
    cache: VersionedCache[str] = VersionedCache(max_cost=10)
    cache.put("space:1", 1, "old")
    cache.put("space:1", 2, "new")
    assert cache.get("space:1", 1) is None
    assert cache.get("space:1", 2) == "new"
    assert len(cache) == 1 and cache.total_cost == 1


def test_the_cost_budget_evicts_the_least_recently_used() -> None:
    cache: VersionedCache[str] = VersionedCache(max_cost=6, cost=len)
    cache.put("a", 1, "aaa")
    cache.put("b", 1, "bbb")
    assert cache.get("a", 1) == "aaa"
    cache.put("c", 1, "cc")
    assert cache.get("b", 1) is None and cache.get("a", 1) == "aaa" and cache.get("c", 1) == "cc"
    assert cache.total_cost == 5


def test_clearing_every_cache_forgets_all_entries() -> None:
    first: VersionedCache[int] = VersionedCache(max_cost=5)
    second: VersionedCache[int] = VersionedCache(max_cost=5)
    first.put("x", 1, 1)
    second.put("y", 1, 2)
    clear_every_cache()
    assert first.get("x", 1) is None and second.get("y", 1) is None and len(first) == len(second) == 0
