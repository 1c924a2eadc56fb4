"""A name and a description in English and Welsh, as a desk or group page's form sends them.

The venue's details (``/desk/venues/{id}/details``) and a group's (``/groups/{id}``) are read through the API's own
update struct (``VenueUpdate``, ``GroupUpdate``), so a page takes exactly what ``PATCH`` takes; a refusal names the
field as the form labels it. ``name``/``description`` are the English, ``name_cy``/``description_cy`` the Welsh.
"""

from __future__ import annotations

from typing import Any

import msgspec

from api.schemas import provided_fields
from venues.core.errors import InvalidInput
from venues.core.i18n import gettext, lazy_gettext

NAME_FIELDS = {
    "name": lazy_gettext("Name"),
    "name_cy": lazy_gettext("Name in Welsh (Enw yn Gymraeg)"),
    "description": lazy_gettext("Description"),
    "description_cy": lazy_gettext("Description in Welsh (Disgrifiad yn Gymraeg)"),
}
MULTI_LINE_NAMES = frozenset({"description", "description_cy"})
NAME_LIMITS = {"name": 200, "name_cy": 200, "description": 5000, "description_cy": 5000}


def names_of(row: Any) -> dict[str, str]:
    """The form's values as the row holds them."""
    return {field: getattr(row, field) or "" for field in NAME_FIELDS}


def _refusal(field: str, message: str, needs_name: str) -> str:
    label = str(NAME_FIELDS[field])
    if "length >= 1" in message:
        return needs_name
    if "length <=" in message:
        return gettext("%(field)s: at most %(limit)s characters.") % {"field": label, "limit": NAME_LIMITS[field]}
    if field in MULTI_LINE_NAMES:
        return gettext("%(field)s: line breaks and tabs are fine, but no other control characters.") % {"field": label}
    return gettext("%(field)s: one line of text, with no control characters.") % {"field": label}


def read_names(form: dict[str, str], update: type[msgspec.Struct], needs_name: str) -> dict[str, Any]:
    """The fields the form sent, checked by ``update`` (the API's struct); ``needs_name`` is the refusal of an
    empty English name (``"Name: the group needs a name in English."``)."""
    raw = {
        field: (form[field].replace("\r\n", "\n") if field in MULTI_LINE_NAMES else form[field]).strip()
        for field in NAME_FIELDS
        if field in form
    }
    try:
        data = msgspec.convert(raw, update)
    except msgspec.ValidationError as error:
        field = next((name for name in NAME_FIELDS if f"$.{name}`" in str(error)), "name")
        raise InvalidInput(field, _refusal(field, str(error), needs_name)) from None
    return provided_fields(data)
