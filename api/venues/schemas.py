"""Request and response bodies for venues and their managers."""

from __future__ import annotations

from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType

from api.feeds.links import FeedLinks
from api.schemas import (
    SINGLE_LINE,
    Email,
    Latitude,
    Longitude,
    LongText,
    Name,
    Phone,
    Postcode,
    Slug,
    TimezoneName,
    Url,
    WelshName,
    WelshOut,
    WelshText,
)
from venues.vocabulary import Accessibility, Ownership, VenueKind

Locality = Annotated[
    str,
    Meta(max_length=100, pattern=SINGLE_LINE, description="the town or village, as a postal address names it"),
]
Region = Annotated[
    str, Meta(max_length=100, pattern=SINGLE_LINE, description="the county or region, as a postal address names it")
]


class PrivateContact(Struct):
    """Seen only by the venue's managers."""

    name: Name | None = None
    email: Email = ""
    phone: Phone = ""


class VenueCreate(Struct, forbid_unknown_fields=True):
    """A venue's words come in English and Welsh: ``name`` and ``description`` are the English, ``name_cy`` and
    ``description_cy`` the Welsh. A name is required in English; a Welsh-only venue gives the same words in both.
    Either description, and the Welsh name, may be empty: readers are shown the other language's text instead."""

    name: Name
    slug: Slug
    kind: VenueKind = VenueKind.village_hall
    description: LongText = ""
    name_cy: WelshName = ""
    description_cy: WelshText = ""
    address: LongText = ""
    locality: Locality = ""
    region: Region = ""
    postcode: Postcode = ""
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    timezone: TimezoneName = "Europe/London"
    ownership: Ownership = Ownership.community_owned
    accessibility: list[Accessibility] = msgspec.field(default_factory=list)
    public_email: Email = ""
    public_phone: Phone = ""
    website: Url = ""
    private_contact: PrivateContact | None = None
    manager_emails: list[Email] = msgspec.field(default_factory=list)


class VenueUpdate(Struct, forbid_unknown_fields=True):
    """Members left out stay as they are. ``name``/``description`` are the English, ``name_cy``/``description_cy``
    the Welsh (empty: readers see the English)."""

    name: Name | UnsetType = UNSET
    slug: Slug | UnsetType = UNSET
    kind: VenueKind | UnsetType = UNSET
    description: LongText | UnsetType = UNSET
    name_cy: WelshName | UnsetType = UNSET
    description_cy: WelshText | UnsetType = UNSET
    address: LongText | UnsetType = UNSET
    locality: Locality | UnsetType = UNSET
    region: Region | UnsetType = UNSET
    postcode: Postcode | UnsetType = UNSET
    latitude: Latitude | None | UnsetType = UNSET
    longitude: Longitude | None | UnsetType = UNSET
    timezone: TimezoneName | UnsetType = UNSET
    ownership: Ownership | UnsetType = UNSET
    accessibility: list[Accessibility] | UnsetType = UNSET
    public_email: Email | UnsetType = UNSET
    public_phone: Phone | UnsetType = UNSET
    website: Url | UnsetType = UNSET
    private_contact: PrivateContact | UnsetType = UNSET
    archived: bool | UnsetType = UNSET


class VenueOut(Struct):
    """``name``/``description`` in English, ``name_cy``/``description_cy`` in Welsh (empty when not given)."""

    id: int
    name: str
    slug: str
    kind: VenueKind
    description: str
    address: str
    postcode: str
    latitude: float | None
    longitude: float | None
    timezone: str
    ownership: Ownership
    accessibility: list[Accessibility]
    public_email: str
    public_phone: str
    website: str
    archived: bool
    url: str
    feed: FeedLinks
    locality: str = ""
    region: str = ""
    distance_km: float | None = None
    name_cy: WelshOut = ""
    description_cy: WelshOut = ""
    private_contact: PrivateContact | UnsetType = UNSET


class ManagerAdd(Struct, forbid_unknown_fields=True):
    email: Email


class ManagerOut(Struct):
    user_id: int
    email: str
    display_name: str
