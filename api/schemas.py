"""Constrained field types and envelopes shared by every area's schemas."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Generic, TypeVar

import msgspec
from litestar.params import QueryParameter
from msgspec import Meta

from venues.core.i18n import _
from venues.core.ids import MAX_ID
from venues.core.timezones import check_day

T = TypeVar("T")

# The agreed rule on text (one home: the patterns below and ``refused_character`` are built from it).
# Single-line fields (names, titles, slugs, emails, phones, short text) take no control character:
# U+0000–U+001F, U+007F and the line/paragraph separators U+2028/U+2029. Multi-line fields
# (descriptions, purposes, notes, reasons) take line feed and tab, and a CR LF pair (a text area's line break).
SINGLE_LINE_REFUSED = r"\x00-\x1f\x7f\u2028\u2029"
MULTI_LINE_REFUSED = r"\x00-\x08\x0b-\x1f\x7f"
SINGLE_LINE = rf"^[^{SINGLE_LINE_REFUSED}]*$"
MULTI_LINE = rf"^(?:[^{MULTI_LINE_REFUSED}]|\r\n)*$"
_SINGLE_LINE_CHARS = re.compile(rf"[{SINGLE_LINE_REFUSED}]")
_MULTI_LINE_CHARS = re.compile(rf"(?!\r\n)[{MULTI_LINE_REFUSED}]")
_EMAIL = rf"[^@\s{SINGLE_LINE_REFUSED}]+@[^@\s{SINGLE_LINE_REFUSED}]+\.[^@\s{SINGLE_LINE_REFUSED}]+"

Name = Annotated[str, Meta(min_length=1, max_length=200, pattern=SINGLE_LINE, description="1–200 characters, one line")]
ShortText = Annotated[str, Meta(max_length=200, pattern=SINGLE_LINE, description="one line")]
LongText = Annotated[str, Meta(max_length=5000, pattern=MULTI_LINE, description="line feeds and tabs allowed")]
# Content in two languages: the English field (``name``, ``title``, ``description``) keeps its type, and its Welsh
# twin (``name_cy``, ``title_cy``, ``description_cy``) has the same limits, except that a Welsh name may be empty.
WelshName = Annotated[
    str,
    Meta(
        max_length=200,
        pattern=SINGLE_LINE,
        description=(
            "the Welsh of the English name or title beside it (`name`, `title` are the English): up to 200 characters, "
            "one line; empty: readers in Welsh see the English. A Welsh-only name goes in both"
        ),
    ),
]
WelshText = Annotated[
    str,
    Meta(
        max_length=5000,
        pattern=MULTI_LINE,
        description=(
            "the Welsh of `description` (which is the English): line feeds and tabs allowed; "
            "empty: readers in Welsh see the English"
        ),
    ),
]
WelshOut = Annotated[
    str,
    Meta(description="the Welsh of the English field named without `_cy`; empty when there is none"),
]
Slug = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=100,
        pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
        description="lower-case words joined by '-'",
        examples=["village-hall"],
    ),
]
Email = Annotated[str, Meta(max_length=254, pattern=rf"^$|^{_EMAIL}$", examples=["hall@example.org"])]
RequiredEmail = Annotated[
    str, Meta(min_length=3, max_length=254, pattern=rf"^{_EMAIL}$", examples=["hall@example.org"])
]
Phone = Annotated[str, Meta(max_length=40, pattern=r"^[0-9+() \-]*$")]
Url = Annotated[str, Meta(max_length=500, pattern=rf"^$|^https?://[^\s{SINGLE_LINE_REFUSED}]+$")]
Postcode = Annotated[str, Meta(max_length=16, pattern=r"^[A-Za-z0-9 ]*$")]
Latitude = Annotated[float, Meta(ge=-90, le=90)]
Longitude = Annotated[float, Meta(ge=-180, le=180)]
TimezoneName = Annotated[str, Meta(min_length=1, max_length=64, pattern=SINGLE_LINE, examples=["Europe/London"])]
Password = Annotated[str, Meta(min_length=8, max_length=200, pattern=SINGLE_LINE, examples=["correct horse battery"])]
MinorUnits = Annotated[int, Meta(ge=0, le=100_000_000, description="money in minor units (pence); never a float")]
Currency = Annotated[str, Meta(pattern=r"^[A-Z]{3}$", description="ISO 4217 code", examples=["GBP"])]
RowId = Annotated[int, Meta(ge=1, le=MAX_ID, description="a record's id")]
# In a query string Litestar checks the QueryParameter's bounds, not the msgspec Meta inside RowId.
RowIdQuery = Annotated[int | None, QueryParameter(ge=1, le=MAX_ID, description="a record's id")]


class DatesInRange(msgspec.Struct):
    """Base of request bodies with dates or times: each must fall in the years the service supports.

    msgspec has no bounds for dates, so they are checked once decoded; the
    refusal is a 400 naming the field (``venues.core.timezones.check_day``).
    """

    def __post_init__(self) -> None:
        for name in self.__struct_fields__:
            if isinstance(value := getattr(self, name), date):
                check_day(name, value)


class Page(msgspec.Struct, Generic[T]):
    """One page of a list; ``next`` is the URL of the following page, absent on the last.

    ``total`` is how many items the list holds, except when ``total_capped`` is true: then more than
    ``total`` match, since a list that grows with the whole country (what's on) counts only up to a cap;
    follow ``next`` until it is absent rather than working out page numbers.
    """

    items: list[T]
    total: int
    limit: int
    offset: int
    next: str | None = None
    total_capped: bool = False


def provided_fields(data: msgspec.Struct, exclude: tuple[str, ...] = ()) -> dict[str, object]:
    """The fields a PATCH body actually set (absent ones are ``UNSET``)."""
    return {
        name: value
        for name in data.__struct_fields__
        if name not in exclude and (value := getattr(data, name)) is not msgspec.UNSET
    }


def refused_character(value: str, multiline: bool = False) -> str | None:
    """The first character the text rule refuses in ``value``, as ``U+0000``; None when it is acceptable."""
    found = (_MULTI_LINE_CHARS if multiline else _SINGLE_LINE_CHARS).search(value)
    return f"U+{ord(found.group()):04X}" if found else None


def control_character_detail(field: str, code: str, multiline: bool = False) -> str:
    """The 400's message for a refused character: names the field and the character."""
    if multiline:
        return _(
            "%(field)s contains a control character (%(code)s); "
            "text may hold line feeds and tabs but no other control characters."
        ) % {"field": field, "code": code}
    return _(
        "%(field)s contains a control character (%(code)s); names, titles and other short fields are a single line."
    ) % {"field": field, "code": code}


def is_control_character_refusal(message: str) -> bool | None:
    """For msgspec's "Expected `str` matching regex …": True if the pattern is the multi-line rule's, False for
    any other pattern (every other text pattern refuses all control characters), None for other messages."""
    if "matching regex" not in message:
        return None
    return repr(MULTI_LINE) in message
