"""Request and response bodies for quotes: a time asked about and its price, as a booking would be charged."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from msgspec import Meta, Struct

from api.bookings.schemas import Moment, PriceOut
from api.schemas import DatesInRange, RowId


class ExtraChoice(Struct, forbid_unknown_fields=True):
    """One of the venue's extras and how many (counts only for extras priced per item)."""

    extra_id: RowId
    quantity: Annotated[int, Meta(ge=1, le=1000)] = 1


class QuoteRequest(DatesInRange, forbid_unknown_fields=True):
    space_id: RowId
    starts_at: Moment
    ends_at: Moment
    tier_id: RowId | None = None
    group_id: RowId | None = None
    extras: Annotated[list[ExtraChoice], Meta(max_length=50)] = []


class QuoteOut(Struct):
    space_id: int
    starts_at: datetime
    ends_at: datetime
    price: PriceOut
