"""Feed items stored directly, for tests of reading and serving pages apart from how items are made."""

from __future__ import annotations

from typing import Any

from scheduling.models import OpenActiveItem
from scheduling.openactive.feeds import KINDS, Feed, data_text

CHUNK = 400


def item_data(feed: Feed, item_id: str, version: int = 1) -> dict[str, Any]:
    return {
        "@context": "https://openactive.io/",
        "@type": KINDS[feed].split("/")[-1],
        "@id": f"https://example.org/{feed.value}/{item_id}",
        "name": f"Item {item_id} v{version}",
    }


async def store_items(feed: Feed, numbered: list[tuple[str, int, bool]]) -> dict[str, tuple[str, int, Any]]:
    """Store ``(item_id, change_number, deleted)`` rows of ``feed``; returns the state a consumer should end with."""
    rows = []
    expected: dict[str, tuple[str, int, Any]] = {}
    for item_id, number, deleted in numbered:
        data = None if deleted else item_data(feed, item_id, number)
        rows.append(
            OpenActiveItem(
                feed=feed.value,
                item_id=item_id,
                kind=KINDS[feed],
                change_number=number,
                state="deleted" if deleted else "updated",
                data="" if data is None else data_text(data),
                owner=f"test:{feed.value}",
            )
        )
        expected[item_id] = ("deleted" if deleted else "updated", number, data)
    for start in range(0, len(rows), CHUNK):
        await OpenActiveItem.insert(*rows[start : start + CHUNK])
    return expected


async def store_sequence(
    feed: Feed, count: int, first_number: int = 1, every_deleted: int = 7, step: int = 1
) -> dict[str, Any]:
    """``count`` items numbered ``first_number``, ``first_number + step``, …, every ``every_deleted``-th a tombstone.

    A ``step`` above one leaves gaps, as one counter shared by the four feeds does.
    """
    return await store_items(
        feed,
        [(f"{feed.value}-{n}", first_number + n * step, n % every_deleted == every_deleted - 1) for n in range(count)],
    )
