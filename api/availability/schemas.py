"""Response bodies for free time and the cross-venue space search."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from msgspec import Meta, Struct

from venues.vocabulary import Accessibility, Facility, SpaceKind

LocalTime = Annotated[
    str,
    Meta(
        description="ISO 8601 wall-clock time at the venue with its UTC offset", examples=["2026-12-05T14:00:00+00:00"]
    ),
]


class FreeInterval(Struct):
    """Free to book: any booking inside it, of an allowed length, passes every rule and the overlap guard."""

    starts_at: datetime
    ends_at: datetime
    starts_local: LocalTime
    ends_local: LocalTime


class SpaceAvailabilityOut(Struct):
    space_id: int
    space_name: str
    venue_id: int
    timezone: str
    window_starts_at: datetime
    window_ends_at: datetime
    min_booking_minutes: int
    max_booking_minutes: int
    free: list[FreeInterval]


class VenueAvailabilityOut(Struct):
    venue_id: int
    venue_name: str
    timezone: str
    window_starts_at: datetime
    window_ends_at: datetime
    spaces: list[SpaceAvailabilityOut]


class RateOut(Struct):
    tier_kind: str
    tier_name: str
    hourly_rate_minor: int
    currency: str


class SearchHitOut(Struct):
    space_id: int
    space_name: str
    space_kind: SpaceKind
    capacity: int
    facilities: list[Facility]
    accessibility: list[Accessibility]
    venue_id: int
    venue_name: str
    venue_slug: str
    postcode: str
    venue_accessibility: list[Accessibility]
    starts_at: datetime
    ends_at: datetime
    starts_local: LocalTime
    ends_local: LocalTime
    rates: list[RateOut]
    url: str
    distance_km: float | None = None
