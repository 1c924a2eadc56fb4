"""Request and response bodies for quotes: a time asked about and its price, as a booking would be charged."""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct

from api.bookings.schemas import Moment, PriceOut
from api.schemas import DatesInRange, RowId


class QuoteRequest(DatesInRange, forbid_unknown_fields=True):
    space_id: RowId
    starts_at: Moment
    ends_at: Moment
    tier_id: RowId | None = None
    group_id: RowId | None = None


class QuoteOut(Struct):
    space_id: int
    starts_at: datetime
    ends_at: datetime
    price: PriceOut
