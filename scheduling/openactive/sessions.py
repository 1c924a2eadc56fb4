"""A listing as OpenActive: its SessionSeries and the ScheduledSession of each of its dates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from scheduling.openactive.feeds import Owned


async def activity_items(activity_ids: Sequence[int], now: datetime) -> dict[int, Owned]:
    """Every asked listing's current items, keyed by activity id (owner ``activity:{id}``).

    A listing gone, hidden (its booking or series private or not live), or without an OpenActive
    activity concept has an ``Owned`` with no items, so what was published becomes tombstones.
    """
    raise NotImplementedError
