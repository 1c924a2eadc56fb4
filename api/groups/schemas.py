"""Request and response bodies for groups, their organisers and the tiers venues agree for them."""

from __future__ import annotations

from msgspec import UNSET, Struct, UnsetType

from api.feeds.links import FeedLinks
from api.schemas import (
    Email,
    LongText,
    Name,
    Phone,
    RequiredEmail,
    RowId,
    ShortText,
    Slug,
    Url,
    WelshName,
    WelshOut,
    WelshText,
)
from venues.vocabulary import TierKind


class GroupPrivateContact(Struct):
    """Seen only by the group's organisers and site admins."""

    name: ShortText = ""
    email: Email = ""
    phone: Phone = ""


class GroupBillingDetails(Struct):
    """Who the venues' invoices are made out to (the group's treasurer or secretary); seen only by its
    organisers and site admins. Copied onto each invoice when it is issued."""

    name: ShortText = ""
    address: LongText = ""


class GroupCreate(Struct, forbid_unknown_fields=True):
    """``name``/``description`` are the English, ``name_cy``/``description_cy`` the Welsh. A name is required in
    English (a Welsh-only group gives the same words in both); the rest may be empty, readers then see the other."""

    name: Name
    slug: Slug | None = None
    description: LongText = ""
    name_cy: WelshName = ""
    description_cy: WelshText = ""
    website: Url = ""
    public_email: Email = ""
    public_phone: Phone = ""
    private_contact: GroupPrivateContact | None = None


class GroupUpdate(Struct, forbid_unknown_fields=True):
    """Members left out stay as they are; ``name_cy``/``description_cy`` are the Welsh of ``name``/``description``."""

    name: Name | UnsetType = UNSET
    slug: Slug | UnsetType = UNSET
    description: LongText | UnsetType = UNSET
    name_cy: WelshName | UnsetType = UNSET
    description_cy: WelshText | UnsetType = UNSET
    website: Url | UnsetType = UNSET
    public_email: Email | UnsetType = UNSET
    public_phone: Phone | UnsetType = UNSET
    private_contact: GroupPrivateContact | UnsetType = UNSET
    billing: GroupBillingDetails | UnsetType = UNSET


class GroupOut(Struct):
    """``name``/``description`` in English, ``name_cy``/``description_cy`` in Welsh (empty when not given)."""

    id: int
    name: str
    slug: str
    description: str
    website: str
    public_email: str
    public_phone: str
    url: str
    feed: FeedLinks
    name_cy: WelshOut = ""
    description_cy: WelshOut = ""
    private_contact: GroupPrivateContact | UnsetType = UNSET
    billing: GroupBillingDetails | UnsetType = UNSET


class OrganiserAdd(Struct, forbid_unknown_fields=True):
    email: RequiredEmail


class OrganiserOut(Struct):
    user_id: int
    email: str
    display_name: str


class GroupTierIn(Struct, forbid_unknown_fields=True):
    tier_id: RowId


class GroupTierOut(Struct):
    group_id: int
    group_name: str
    venue_id: int
    venue_name: str
    tier_id: int
    tier_kind: TierKind
    tier_name: str
