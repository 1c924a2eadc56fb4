"""Request and response bodies for spaces, their booking rules and combined spaces."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType

from api.feeds.links import FeedLinks
from api.pricing.schemas import RateOut
from api.resolutions import ResolutionIn
from api.schemas import LongText, Name, RowId, WelshName, WelshOut, WelshText
from venues.spaces.operations import LONGEST_BOOKING, LONGEST_BUFFER
from venues.vocabulary import Accessibility, Facility, SpaceKind

Capacity = Annotated[int, Meta(ge=1, le=100_000, description="people the space holds; at least 1")]
BookingMinutes = Annotated[
    int, Meta(ge=1, le=LONGEST_BOOKING // timedelta(minutes=1), description="minutes, up to a week")
]
BufferMinutes = Annotated[
    int,
    Meta(
        ge=0,
        le=LONGEST_BUFFER // timedelta(minutes=1),
        description="minutes kept free before or after a booking, 0–240",
    ),
]
NoticeMinutes = Annotated[
    int, Meta(ge=0, le=1095 * 24 * 60, description="how long before the start a request must arrive")
]
HorizonDays = Annotated[int, Meta(ge=1, le=1095, description="how many days ahead bookings are taken, 1–1095")]
PartIds = Annotated[
    list[RowId],
    Meta(max_length=50, description="spaces of the same venue this one combines (two or more); [] for a plain space"),
]
Facilities = Annotated[list[Facility], Meta(max_length=50)]
AccessibilityList = Annotated[list[Accessibility], Meta(max_length=50)]


class SpaceCreate(Struct, forbid_unknown_fields=True):
    """``name``/``description`` are the English, ``name_cy``/``description_cy`` the Welsh. A name is required in
    English (a Welsh-only venue gives the same words in both); the rest may be empty, readers then see the other."""

    name: Name
    capacity: Capacity
    kind: SpaceKind = SpaceKind.hall
    description: LongText = ""
    name_cy: WelshName = ""
    description_cy: WelshText = ""
    facilities: Facilities = msgspec.field(default_factory=list)
    accessibility: AccessibilityList = msgspec.field(default_factory=list)
    bookable: bool = True
    min_booking_minutes: BookingMinutes = 30
    max_booking_minutes: BookingMinutes = 8 * 60
    setup_buffer_minutes: BufferMinutes = 0
    cleanup_buffer_minutes: BufferMinutes = 0
    min_notice_minutes: NoticeMinutes = 24 * 60
    horizon_days: HorizonDays = 365
    requires_approval: bool = True
    part_ids: PartIds = msgspec.field(default_factory=list)


class SpaceUpdate(Struct, forbid_unknown_fields=True):
    """Members left out stay as they are; ``name_cy``/``description_cy`` are the Welsh of ``name``/``description``."""

    name: Name | UnsetType = UNSET
    capacity: Capacity | UnsetType = UNSET
    kind: SpaceKind | UnsetType = UNSET
    description: LongText | UnsetType = UNSET
    name_cy: WelshName | UnsetType = UNSET
    description_cy: WelshText | UnsetType = UNSET
    facilities: Facilities | UnsetType = UNSET
    accessibility: AccessibilityList | UnsetType = UNSET
    bookable: bool | UnsetType = UNSET
    min_booking_minutes: BookingMinutes | UnsetType = UNSET
    max_booking_minutes: BookingMinutes | UnsetType = UNSET
    setup_buffer_minutes: BufferMinutes | UnsetType = UNSET
    cleanup_buffer_minutes: BufferMinutes | UnsetType = UNSET
    min_notice_minutes: NoticeMinutes | UnsetType = UNSET
    horizon_days: HorizonDays | UnsetType = UNSET
    requires_approval: bool | UnsetType = UNSET
    archived: bool | UnsetType = UNSET
    part_ids: PartIds | UnsetType = UNSET
    resolve: ResolutionIn | UnsetType = UNSET


class SpaceOut(Struct):
    """``name``/``description`` in English, ``name_cy``/``description_cy`` in Welsh (empty when not given)."""

    id: int
    venue_id: int
    name: str
    kind: SpaceKind
    description: str
    capacity: int
    facilities: list[Facility]
    accessibility: list[Accessibility]
    bookable: bool
    min_booking_minutes: int
    max_booking_minutes: int
    setup_buffer_minutes: int
    cleanup_buffer_minutes: int
    min_notice_minutes: int
    horizon_days: int
    requires_approval: bool
    archived: bool
    part_ids: list[int]
    combined_in_ids: list[int]
    rates: list[RateOut]
    url: str
    feed: FeedLinks
    name_cy: WelshOut = ""
    description_cy: WelshOut = ""
    cancelled: list[int] | UnsetType = UNSET
    kept: list[int] | UnsetType = UNSET
