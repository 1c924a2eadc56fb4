"""Request and response bodies for activities, the public listings on bookings and series."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType

from api.schemas import (
    SINGLE_LINE,
    Currency,
    Email,
    LongText,
    MinorUnits,
    Name,
    Phone,
    Url,
    WelshName,
    WelshOut,
    WelshText,
)
from scheduling.vocabulary import ActivityCategory, Audience, CostKind

Tag = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=40,
        pattern=SINGLE_LINE,
        description="a free word or two, e.g. 'knitting'; stored in lower case",
    ),
]
Tags = Annotated[list[Tag], Meta(max_length=10, description="at most 10")]
OpenActiveActivity = Annotated[
    str,
    Meta(
        max_length=200,
        pattern=SINGLE_LINE,
        description=(
            "the physical activity it is, from the OpenActive Activity List: a concept's URL or one of its names "
            "(e.g. 'Yoga'), stored as the URL; 'none' (any case, stored as 'none'): never published to OpenActive; "
            "empty: matched from the title or tags when the category is sport, exercise, family, youth_club or "
            "other. Unknown names are a 400"
        ),
        examples=["https://openactive.io/activity-list#bf1a5e00-cdcf-465d-8c5a-6f57040b7f7e", "Yoga", "none"],
    ),
]


class Cost(Struct, forbid_unknown_fields=True):
    """What it costs to attend: ``priced`` needs a price above 0, the others a price of 0."""

    kind: CostKind = CostKind.free
    price_minor: MinorUnits = 0
    currency: Currency = "GBP"


class PublicContact(Struct, forbid_unknown_fields=True):
    """Published with the listing: who residents ask about it."""

    email: Email = ""
    phone: Phone = ""
    url: Url = ""


class ActivityCreate(Struct, forbid_unknown_fields=True):
    """``title``/``description`` are the English, ``title_cy``/``description_cy`` the Welsh. A title is required in
    English (a Welsh-only listing gives the same words in both); the rest may be empty, readers then see the other.
    Search finds a listing by its words in either language."""

    title: Name
    description: LongText = ""
    title_cy: WelshName = ""
    description_cy: WelshText = ""
    category: ActivityCategory = ActivityCategory.other
    tags: Tags = msgspec.field(default_factory=list)
    audience: Audience = Audience.all_ages
    cost: Cost = msgspec.field(default_factory=Cost)
    book_ahead: bool = False
    # "Drop in any time": people come along whenever they like within the times, rather than for a session's start.
    drop_in: bool = False
    accessibility_notes: LongText = ""
    contact: PublicContact = msgspec.field(default_factory=PublicContact)
    openactive_activity: OpenActiveActivity = ""


class ActivityUpdate(Struct, forbid_unknown_fields=True):
    """Members left out stay as they are; ``cost`` and ``contact`` are replaced whole. ``title_cy`` and
    ``description_cy`` are the Welsh of ``title`` and ``description``."""

    title: Name | UnsetType = UNSET
    description: LongText | UnsetType = UNSET
    title_cy: WelshName | UnsetType = UNSET
    description_cy: WelshText | UnsetType = UNSET
    category: ActivityCategory | UnsetType = UNSET
    tags: Tags | UnsetType = UNSET
    audience: Audience | UnsetType = UNSET
    cost: Cost | UnsetType = UNSET
    book_ahead: bool | UnsetType = UNSET
    drop_in: bool | UnsetType = UNSET
    accessibility_notes: LongText | UnsetType = UNSET
    contact: PublicContact | UnsetType = UNSET
    openactive_activity: OpenActiveActivity | UnsetType = UNSET


class ActivityOut(Struct):
    """``listed`` says whether the public sees it now (its booking is confirmed and public, or its series is public, still on and has a confirmed date).

    ``title``/``description`` in English, ``title_cy``/``description_cy`` in Welsh (empty when not given)."""

    id: int
    booking_id: int | None
    series_id: int | None
    venue_id: int
    title: str
    description: str
    category: ActivityCategory
    tags: list[str]
    audience: Audience
    cost: Cost
    book_ahead: bool
    drop_in: bool
    accessibility_notes: str
    contact: PublicContact
    listed: bool
    url: str
    updated_at: datetime
    # The listing this one carries on after "this and following" split its series; its page and calendar
    # (/activities/{id}) follow on to this one's dates.
    continues_id: int | None = None
    # The organiser's choice from the OpenActive Activity List (a concept URL; "none": never published; empty:
    # matched from the title or tags when its category may be physical),
    # and the name of the activity OpenActive finder apps list it as (empty: not published to them).
    openactive_activity: str = ""
    openactive_label: str = ""
    title_cy: WelshOut = ""
    description_cy: WelshOut = ""
