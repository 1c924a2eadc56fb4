"""Response bodies for what's on: one occurrence of a listed activity, with only public members."""

from __future__ import annotations

from datetime import datetime

from msgspec import UNSET, Struct, UnsetType

from api.activities.schemas import Cost, PublicContact
from scheduling.vocabulary import ActivityCategory, Audience
from venues.vocabulary import Accessibility


class ListingOut(Struct):
    id: int
    title: str
    description: str
    category: ActivityCategory
    audience: Audience
    cost: Cost
    book_ahead: bool
    # "Drop in any time": no fixed start within the listed times.
    drop_in: bool
    tags: list[str]
    accessibility_notes: str
    contact: PublicContact
    url: str


class VenuePlaceOut(Struct):
    id: int
    name: str
    slug: str
    address: str
    postcode: str
    latitude: float | None
    longitude: float | None
    timezone: str
    accessibility: list[Accessibility]
    url: str


class SpaceLabelOut(Struct):
    id: int
    name: str


class GroupLabelOut(Struct):
    id: int
    name: str
    slug: str
    url: str


class OccurrenceOut(Struct):
    """``starts_at``/``ends_at`` are UTC; the ``_local`` twins are the venue's wall clock with its offset."""

    activity: ListingOut
    booking_id: int
    series_id: int | None
    starts_at: datetime
    ends_at: datetime
    starts_local: str
    ends_local: str
    timezone: str
    venue: VenuePlaceOut
    space: SpaceLabelOut
    group: GroupLabelOut | None
    url: str
    distance_km: float | UnsetType = UNSET
