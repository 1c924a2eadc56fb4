"""The public listing of an activity as a page form: on /book when residents may see the booking, and on
its own page from My bookings. The values become the same columns the activities API writes.

Field names carry a ``listing_`` prefix so they sit in the booking form beside the booking's own
(``title``, ``purpose``) without mixing the public listing with what only the venue reads.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

import msgspec

from api.activities.schemas import PublicContact
from api.pages.support.wording import AUDIENCE, label
from scheduling.models import Activity
from scheduling.openactive.activity_list import all_labels, label_of
from scheduling.vocabulary import ActivityCategory, Audience, CostKind
from venues.core.errors import InvalidInput
from venues.core.i18n import gettext, lazy_gettext

MULTI_LINE = frozenset({"listing_description", "listing_description_cy", "listing_accessibility_notes"})
_PRICE = re.compile(r"^\s*£?\s*(\d{1,6})(?:\.(\d{1,2}))?\s*$")

_CONTACT_SHAPES = {
    "email": lazy_gettext("%(value)s is not an email address such as club@example.org."),
    "phone": lazy_gettext("%(value)s is not a phone number (digits, spaces, +, brackets and dashes)."),
    "url": lazy_gettext("%(value)s is not a web address starting with https://."),
}

AUDIENCES = [(str(word), AUDIENCE.get(str(word), label(str(word)))) for word in Audience]
COSTS = [
    (str(CostKind.free), lazy_gettext("Free")),
    (str(CostKind.pay_what_you_can), lazy_gettext("Pay what you can")),
    (str(CostKind.priced), lazy_gettext("A set price")),
]


def price_minor(text: str, field: str = "listing_price") -> int:
    """``3.50`` or ``£3`` as pence; blank is 0."""
    if not text.strip():
        return 0
    match = _PRICE.match(text)
    if match is None:
        raise InvalidInput(field, gettext("%(value)s is not a price such as 3.50.") % {"value": repr(text)})
    pounds, pence = match.groups()
    return int(pounds) * 100 + int((pence or "0").ljust(2, "0"))


def price_text(minor: int) -> str:
    return "" if not minor else f"{minor // 100}.{minor % 100:02d}"


@dataclass(frozen=True)
class ListingChoice:
    """Raw text as sent, so a refused form comes back as it was filled in."""

    listing_title: str = ""
    # The Welsh title and description (the activity's title_cy and description_cy); empty: readers see the English.
    listing_title_cy: str = ""
    listing_category: str = str(ActivityCategory.other)
    listing_audience: str = str(Audience.all_ages)
    listing_cost: str = str(CostKind.free)
    listing_price: str = ""
    listing_description: str = ""
    listing_description_cy: str = ""
    listing_accessibility_notes: str = ""
    listing_email: str = ""
    listing_phone: str = ""
    listing_url: str = ""
    # A checkbox: "on" when ticked, absent (empty) when not.
    listing_drop_in: str = ""
    # A name from the OpenActive Activity List (its URL is accepted too); empty: matched from the title.
    listing_openactive: str = ""

    @property
    def categories(self) -> list[tuple[str, str]]:
        return [(str(word), label(str(word))) for word in ActivityCategory]

    @property
    def audiences(self) -> list[tuple[str, str]]:
        return AUDIENCES

    @property
    def costs(self) -> list[tuple[str, str]]:
        return [(value, str(text)) for value, text in COSTS]

    @property
    def openactive_labels(self) -> tuple[str, ...]:
        return all_labels()

    @classmethod
    def read(cls, values: Mapping[str, Any]) -> ListingChoice:
        found: dict[str, str] = {}
        for field in fields(cls):
            value = values.get(field.name)
            if value is not None:
                # Browsers send a textarea's line breaks as CRLF: stored as the API's clients send them, LF.
                text = str(value).replace("\r\n", "\n") if field.name in MULTI_LINE else str(value)
                found[field.name] = text.strip()[:5000]
        return cls(**found)

    @classmethod
    def of(cls, activity: Activity) -> ListingChoice:
        return cls(
            listing_title=activity.title,
            listing_title_cy=activity.title_cy or "",
            listing_category=activity.category,
            listing_audience=activity.audience,
            listing_cost=activity.cost_kind,
            listing_price=price_text(activity.price_minor),
            listing_description=activity.description,
            listing_description_cy=activity.description_cy or "",
            listing_accessibility_notes=activity.accessibility_notes,
            listing_email=activity.public_email,
            listing_phone=activity.public_phone,
            listing_url=activity.public_url,
            listing_drop_in="on" if activity.drop_in else "",
            listing_openactive=label_of(activity.openactive_activity) if activity.openactive_activity else "",
        )

    def columns(self, default_title: str = "") -> dict[str, Any]:
        """The Activity columns, for ``attach_activity``/``change_activity`` (which check them)."""
        cost = self.listing_cost
        for key, value in (("email", self.listing_email), ("phone", self.listing_phone), ("url", self.listing_url)):
            try:
                msgspec.convert({key: value}, PublicContact)
            except msgspec.ValidationError:
                raise InvalidInput(f"listing_{key}", str(_CONTACT_SHAPES[key]) % {"value": repr(value)}) from None
        return {
            "title": self.listing_title or default_title,
            "title_cy": self.listing_title_cy,
            "category": self.listing_category,
            "audience": self.listing_audience,
            "cost_kind": cost,
            "price_minor": price_minor(self.listing_price) if cost == CostKind.priced else 0,
            "description": self.listing_description,
            "description_cy": self.listing_description_cy,
            "accessibility_notes": self.listing_accessibility_notes,
            "public_email": self.listing_email,
            "public_phone": self.listing_phone,
            "public_url": self.listing_url,
            "drop_in": bool(self.listing_drop_in),
            "openactive_activity": self.listing_openactive,
        }
