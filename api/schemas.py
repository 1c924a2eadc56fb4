"""Constrained field types and envelopes shared by every area's schemas."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

import msgspec
from litestar.params import QueryParameter
from msgspec import Meta

from venues.ids import MAX_ID

T = TypeVar("T")

Name = Annotated[str, Meta(min_length=1, max_length=200, description="1–200 characters")]
ShortText = Annotated[str, Meta(max_length=200)]
LongText = Annotated[str, Meta(max_length=5000)]
Slug = Annotated[
    str,
    Meta(min_length=1, max_length=100, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", description="lower-case words joined by '-'"),
]
Email = Annotated[str, Meta(max_length=254, pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$", examples=["hall@example.org"])]
RequiredEmail = Annotated[str, Meta(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
Phone = Annotated[str, Meta(max_length=40, pattern=r"^[0-9+() \-]*$")]
Url = Annotated[str, Meta(max_length=500, pattern=r"^$|^https?://\S+$")]
Postcode = Annotated[str, Meta(max_length=16, pattern=r"^[A-Za-z0-9 ]*$")]
Latitude = Annotated[float, Meta(ge=-90, le=90)]
Longitude = Annotated[float, Meta(ge=-180, le=180)]
TimezoneName = Annotated[str, Meta(min_length=1, max_length=64, examples=["Europe/London"])]
Password = Annotated[str, Meta(min_length=8, max_length=200)]
MinorUnits = Annotated[int, Meta(ge=0, le=100_000_000, description="money in minor units (pence); never a float")]
Currency = Annotated[str, Meta(pattern=r"^[A-Z]{3}$", description="ISO 4217 code", examples=["GBP"])]
RowId = Annotated[int, Meta(ge=1, le=MAX_ID, description="a record's id")]
# In a query string Litestar checks the QueryParameter's bounds, not the msgspec Meta inside RowId.
RowIdQuery = Annotated[int | None, QueryParameter(ge=1, le=MAX_ID, description="a record's id")]


class Page(msgspec.Struct, Generic[T]):
    """One page of a list; ``next`` is the URL of the following page, absent on the last."""

    items: list[T]
    total: int
    limit: int
    offset: int
    next: str | None = None


def provided_fields(data: msgspec.Struct, exclude: tuple[str, ...] = ()) -> dict[str, object]:
    """The fields a PATCH body actually set (absent ones are ``UNSET``)."""
    return {
        name: value
        for name in data.__struct_fields__
        if name not in exclude and (value := getattr(data, name)) is not msgspec.UNSET
    }
