"""The feed body cache stays within its byte budget and is keyed on the data version."""

from __future__ import annotations

from api.feeds.cache import FeedBodyCache


def test_cache_evicts_least_recently_used_to_stay_within_budget() -> None:
    cache = FeedBodyCache(max_bytes=100)
    cache.put("venue:1", 1, b"a" * 40)
    cache.put("venue:2", 1, b"b" * 40)
    assert cache.get("venue:1", 1) == b"a" * 40  # venue:1 is now the most recently used
    cache.put("venue:3", 1, b"c" * 40)
    assert cache.size_bytes <= 100
    assert cache.get("venue:2", 1) is None
    assert cache.get("venue:1", 1) is not None and cache.get("venue:3", 1) is not None


def test_a_new_version_misses_and_oversized_bodies_are_not_kept() -> None:
    cache = FeedBodyCache(max_bytes=50)
    cache.put("all", 7, b"x" * 10)
    assert cache.get("all", 8) is None
    cache.put("all", 9, b"y" * 51)
    assert cache.get("all", 9) is None
    assert len(cache) == 1
