"""Whose report: one venue's, one group's (its bookings at every venue), or an area's (its venues together).

A scope names the venues counted and, for a group, the group whose bookings count; hours open are the
venues' (a group's report has none: it does not hold the keys). Who may read which report is
``venues.permissions`` (venues and areas) and ``scheduling.groups`` (groups); this module only describes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ScopeKind(StrEnum):
    venue = "venue"
    group = "group"
    area = "area"


@dataclass(frozen=True)
class VenueInScope:
    id: int
    name: str
    timezone: str


@dataclass(frozen=True)
class Scope:
    kind: ScopeKind
    id: int
    name: str
    # The venues counted: the venue itself, an area's venues, or every venue a group has booked.
    venues: tuple[VenueInScope, ...]
    # Only this group's bookings count (a group's report); None counts every booking at the venues.
    group_id: int | None = None

    @property
    def venue_ids(self) -> list[int]:
        return [venue.id for venue in self.venues]

    @property
    def counts_opening(self) -> bool:
        """Hours open and use as a share of them belong to venues and areas, not to a group."""
        return self.group_id is None
