"""Request and response bodies for closures."""

from __future__ import annotations

from datetime import date

from msgspec import Struct

from api.schemas import DatesInRange, Name, RowId


class ClosureCreate(DatesInRange, forbid_unknown_fields=True):
    """Closed from the start of ``starts_on`` to the end of ``ends_on`` (both included, local dates)."""

    starts_on: date
    ends_on: date
    reason: Name
    space_id: RowId | None = None


class ClosureOut(Struct):
    id: int
    venue_id: int
    space_id: int | None
    starts_on: date
    ends_on: date
    reason: str
