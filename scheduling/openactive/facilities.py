"""A bookable space as an OpenActive FacilityUse."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from scheduling.openactive.feeds import Owned


async def facility_items(space_ids: Sequence[int], now: datetime) -> dict[int, Owned]:
    """Every asked space's FacilityUse (owner ``space:{id}``), keyed by space id; no items when the
    space or its venue is gone, archived, not bookable, or its venue does not publish slots."""
    raise NotImplementedError
