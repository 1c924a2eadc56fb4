"""Request and response bodies for weekly opening hours."""

from __future__ import annotations

from typing import Annotated

from msgspec import UNSET, Meta, Struct, UnsetType

from api.resolutions import ResolutionIn

Weekday = Annotated[int, Meta(ge=0, le=6, description="0 = Monday … 6 = Sunday")]
Clock = Annotated[
    str,
    Meta(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", description="24-hour local time, HH:MM", examples=["09:00"]),
]


class HoursRow(Struct, forbid_unknown_fields=True):
    """Open from ``opens`` until ``closes`` on ``weekday``.

    A ``closes`` earlier than ``opens`` is on the next day (Saturday 18:00 – 01:00 closes at 01:00 on
    Sunday); ``00:00``–``00:00`` is the whole day; other equal times are refused.
    """

    weekday: Weekday
    opens: Clock
    closes: Clock


class WeeklyHoursIn(Struct, forbid_unknown_fields=True):
    """The whole week: it replaces every stored row. [] clears it."""

    hours: Annotated[list[HoursRow], Meta(max_length=70)]
    resolve: ResolutionIn | None = None


class WeeklyHoursOut(Struct):
    """A venue's hours (``space_id`` null), or the rows that narrow one space's hours."""

    venue_id: int
    space_id: int | None
    hours: list[HoursRow]
    cancelled: list[int] | UnsetType = UNSET
    kept: list[int] | UnsetType = UNSET
