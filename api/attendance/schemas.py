"""Request and response bodies for a session's record of what happened (counts only, nothing about attendees)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from msgspec import Meta, Struct

from scheduling.attendance.records import MAX_HEADCOUNT

Count = Annotated[int, Meta(ge=0, le=MAX_HEADCOUNT, description=f"a count of people, 0 to {MAX_HEADCOUNT}")]


class RecordIn(Struct, forbid_unknown_fields=True):
    """``held`` true with a ``headcount`` (everyone who came) and optionally ``first_timers`` (how many of them
    came for the first time, no more than the headcount); ``held`` false with no counts."""

    held: bool
    headcount: Count | None = None
    first_timers: Count | None = None


class RecordOut(Struct):
    booking_id: int
    held: bool
    headcount: int | None
    first_timers: int | None
    recorded_by: int | None
    recorded_at: datetime


class SuggestionOut(Struct):
    """The counts of ``from_booking_id``, the series' last date before this one recorded as held."""

    headcount: int
    first_timers: int | None
    from_booking_id: int
    from_starts_at: datetime


class AttendanceOut(Struct):
    """A session's record (null until recorded), the suggestion while it has none (a series date recorded
    before), and whether it may be recorded now (``refusal`` says why not)."""

    booking_id: int
    recordable: bool
    refusal: str | None
    recorded: RecordOut | None
    suggested: SuggestionOut | None


class WaitingOut(Struct):
    """A session that started, is confirmed and has no record yet."""

    booking_id: int
    title: str
    venue_id: int
    venue_name: str
    space_id: int
    space_name: str
    group_id: int | None
    series_id: int | None
    starts_at: datetime
    ends_at: datetime
