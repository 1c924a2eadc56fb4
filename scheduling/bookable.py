"""A space together with what booking it touches: its venue and, for a combined space, its parts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from venues.models import Space, Venue
from venues.permissions import get_space, get_venue
from venues.spaces import parts_by_space


@dataclass(frozen=True)
class Bookable:
    space: Space
    venue: Venue
    part_ids: tuple[int, ...] = ()

    @property
    def physical_ids(self) -> tuple[int, ...]:
        """The spaces a booking of this one occupies: its parts, or itself when it has none."""
        return self.part_ids or (self.space.id,)

    @property
    def tz(self) -> str:
        return self.venue.timezone


async def parts_of(space_ids: Iterable[int]) -> dict[int, tuple[int, ...]]:
    """For each combined space among ``space_ids``, its parts in ascending id: one query."""
    found = await parts_by_space(sorted(set(space_ids)))
    return {combined: tuple(sorted(parts)) for combined, parts in found.items()}


async def load_bookable(space_id: int) -> Bookable:
    space = await get_space(space_id)
    venue = await get_venue(space.venue)
    return Bookable(space=space, venue=venue, part_ids=(await parts_of([space.id])).get(space.id, ()))
