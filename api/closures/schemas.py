"""Request and response bodies for closures."""

from __future__ import annotations

from datetime import date

from msgspec import UNSET, Struct, UnsetType

from api.resolutions import ResolutionIn
from api.schemas import DatesInRange, Name, RowId


class ClosureCreate(DatesInRange, forbid_unknown_fields=True):
    """Closed from the start of ``starts_on`` to the end of ``ends_on`` (both included, local dates)."""

    starts_on: date
    ends_on: date
    reason: Name
    space_id: RowId | None = None
    resolve: ResolutionIn | None = None


class ClosureOut(Struct):
    """``cancelled`` and ``kept``: the bookings a new closure reached, when a resolution was given."""

    id: int
    venue_id: int
    space_id: int | None
    starts_on: date
    ends_on: date
    reason: str
    cancelled: list[int] | UnsetType = UNSET
    kept: list[int] | UnsetType = UNSET
