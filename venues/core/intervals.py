"""Half-open time intervals ``[start, end)`` and the set operations opening hours and availability need.

Every function takes and returns lists sorted by start with no overlaps
(``merge`` makes such a list from any input), so the results compose.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TypeVar

T = TypeVar("T", datetime, int)
Interval = tuple[T, T]


def merge(intervals: Iterable[tuple[T, T]]) -> list[tuple[T, T]]:
    """Sorted, with overlapping or touching intervals joined and empty ones dropped."""
    merged: list[tuple[T, T]] = []
    for start, end in sorted(item for item in intervals if item[1] > item[0]):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def intersect(first: list[tuple[T, T]], second: list[tuple[T, T]]) -> list[tuple[T, T]]:
    """Where both lists cover, in one pass over each."""
    result: list[tuple[T, T]] = []
    i = j = 0
    while i < len(first) and j < len(second):
        start = max(first[i][0], second[j][0])
        end = min(first[i][1], second[j][1])
        if start < end:
            result.append((start, end))
        if first[i][1] < second[j][1]:
            i += 1
        else:
            j += 1
    return result


def subtract(base: list[tuple[T, T]], removed: list[tuple[T, T]]) -> list[tuple[T, T]]:
    """The parts of ``base`` that no interval of ``removed`` covers."""
    result: list[tuple[T, T]] = []
    j = 0
    for start, end in base:
        cursor = start
        while j < len(removed) and removed[j][1] <= cursor:
            j += 1
        k = j
        while k < len(removed) and removed[k][0] < end:
            if removed[k][0] > cursor:
                result.append((cursor, removed[k][0]))
            cursor = max(cursor, removed[k][1])
            k += 1
        if cursor < end:
            result.append((cursor, end))
    return result


def clip(intervals: list[tuple[T, T]], start: T, end: T) -> list[tuple[T, T]]:
    return intersect(intervals, [(start, end)]) if start < end else []


def covers(intervals: list[tuple[T, T]], start: T, end: T) -> bool:
    """Whether one interval of the list holds all of ``[start, end)``."""
    return any(a <= start and end <= b for a, b in intervals)
