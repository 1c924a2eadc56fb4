"""Request and response bodies for areas, their venues and their officers.

What the public reads of an area (``AreaOut``, ``AreaDetailOut``) never names its officers; only admins list
them (``OfficerOut``)."""

from __future__ import annotations

from typing import Annotated

from msgspec import UNSET, Meta, Struct, UnsetType

from api.schemas import LongText, Name, RequiredEmail

AreaSlug = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=80,
        pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
        description="lower-case words joined by '-'; made from the name when left out",
        examples=["marsh-valley-halls"],
    ),
]


class AreaCreate(Struct, forbid_unknown_fields=True):
    name: Name
    slug: AreaSlug | None = None
    description: LongText = ""


class AreaUpdate(Struct, forbid_unknown_fields=True):
    name: Name | UnsetType = UNSET
    slug: AreaSlug | UnsetType = UNSET
    description: LongText | UnsetType = UNSET


class AreaOut(Struct):
    id: int
    slug: str
    name: str
    description: str
    venue_count: int


class AreaVenueOut(Struct):
    id: int
    name: str


class AreaDetailOut(Struct):
    id: int
    slug: str
    name: str
    description: str
    venue_count: int
    venues: list[AreaVenueOut]


class OfficerAdd(Struct, forbid_unknown_fields=True):
    email: RequiredEmail


class OfficerOut(Struct):
    user_id: int
    email: str
    display_name: str
