"""Request and response bodies for recurring series and their occurrences."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType

from api.bookings.schemas import Attendance, BookerOut, BookingFields, BookingOut, Moment
from api.hire_terms.schemas import AnswerOut, TermsAcceptedOut
from api.schemas import SINGLE_LINE, DatesInRange, LongText, RowId, ShortText
from scheduling.recurrence.rules import MAX_OCCURRENCES
from scheduling.vocabulary import Frequency, SeriesStatus
from venues.core.timezones import check_day

DayCode = Annotated[
    str,
    Meta(
        pattern=r"^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$",
        description="RFC 5545 day: MO…SU; in a MONTHLY rule a position may lead ('1MO' first Monday, '-1FR' last Friday)",
        examples=["TU", "-1FR"],
    ),
]
ClockTime = Annotated[
    str,
    Meta(
        pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$",
        description="wall-clock time at the venue, HH:MM",
        examples=["10:00"],
    ),
]
RuleText = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=500,
        pattern=SINGLE_LINE,
        description="RRULE text: FREQ (DAILY, WEEKLY, MONTHLY), INTERVAL, BYDAY and COUNT or UNTIL (a local date)",
        examples=["FREQ=WEEKLY;BYDAY=TU", "FREQ=MONTHLY;BYDAY=-1FR;COUNT=12"],
    ),
]


class RuleIn(DatesInRange, forbid_unknown_fields=True):
    """The rule spelled out; ``until`` is the last local date (inclusive). Neither count nor until: open-ended."""

    freq: Frequency
    interval: Annotated[int, Meta(ge=1, le=366)] = 1
    by_day: Annotated[list[DayCode], Meta(max_length=35)] = msgspec.field(default_factory=list)
    count: Annotated[int, Meta(ge=1, le=MAX_OCCURRENCES)] | None = None
    until: date | None = None


class _SeriesWhen(BookingFields, forbid_unknown_fields=True):
    space_id: RowId
    rule: RuleText | RuleIn
    dtstart: date
    start_time: ClockTime
    end_time: ClockTime


class SeriesCreate(_SeriesWhen, forbid_unknown_fields=True, kw_only=True):
    """``rule`` is RRULE text or the structured rule; dates and times are the venue's local ones."""

    skip_conflicts: bool = False


class SeriesSplit(DatesInRange, forbid_unknown_fields=True):
    """This and following: from ``from_date`` on, the series runs with these values; the rest stay as they were."""

    from_date: date
    rule: RuleText | RuleIn | UnsetType = UNSET
    start_time: ClockTime | UnsetType = UNSET
    end_time: ClockTime | UnsetType = UNSET
    title: ShortText | UnsetType = UNSET
    purpose: LongText | UnsetType = UNSET
    attendance: Attendance | UnsetType = UNSET
    is_public: bool | UnsetType = UNSET
    skip_conflicts: bool = False
    reason: LongText = ""


class SeriesEnd(DatesInRange, forbid_unknown_fields=True):
    last_date: date
    reason: LongText = ""


class OccurrenceUpdate(DatesInRange, forbid_unknown_fields=True):
    """A new time detaches the occurrence from the rule; it keeps its recurrence id."""

    starts_at: Moment | UnsetType = UNSET
    ends_at: Moment | UnsetType = UNSET
    title: ShortText | UnsetType = UNSET
    purpose: LongText | UnsetType = UNSET
    attendance: Attendance | UnsetType = UNSET
    is_public: bool | UnsetType = UNSET
    override_rules: bool = False
    reason: LongText = ""


class RuleOut(Struct):
    freq: Frequency
    interval: int
    by_day: list[str]
    count: int | None
    until: date | None


class SeriesOut(Struct):
    """``booked_until``: occurrences starting before it exist as bookings; later ones are booked as time passes."""

    id: int
    uid: str
    venue_id: int
    space_id: int
    space_name: str
    group_id: int | None
    title: str
    is_public: bool
    attendance: int
    rrule: str
    rule: RuleOut
    dtstart: date
    start_time: str
    end_time: str
    timezone: str
    until: date | None
    status: SeriesStatus
    sequence: int
    booked_until: datetime | None
    url: str
    occurrences_url: str
    purpose: str | UnsetType = UNSET
    booker: BookerOut | UnsetType = UNSET
    booked_by: int | None | UnsetType = UNSET
    tier_id: int | None | UnsetType = UNSET
    created_at: datetime | UnsetType = UNSET
    updated_at: datetime | UnsetType = UNSET
    # What was accepted and answered once for the series; never for the public.
    terms_accepted: TermsAcceptedOut | None | UnsetType = UNSET
    answers: list[AnswerOut] | UnsetType = UNSET


class ClashOut(Struct):
    """One date that cannot be booked. ``reason``: taken, closed, outside_opening_hours or other_rule (``rule`` names it)."""

    date: date
    recurrence_id: datetime
    starts_at: datetime
    ends_at: datetime
    starts_local: datetime
    ends_local: datetime
    reason: str
    rule: str
    detail: str
    booking_id: int | UnsetType = UNSET
    title: str | UnsetType = UNSET


class SeriesCreated(Struct):
    series: SeriesOut
    booked: int
    skipped: list[ClashOut]


class SeriesSplitOut(Struct):
    """``ended``: the old series, now stopping the day before; ``series``: the one that carries on."""

    ended: SeriesOut
    series: SeriesOut
    booked: int
    skipped: list[ClashOut]
    cancelled: int


class SeriesEndOut(Struct):
    series: SeriesOut
    cancelled: int


class OccurrenceOut(BookingOut):
    """A booking of the series; ``recurrence_id`` is its original start by the rule, ``detached`` when moved from it.

    ``local_date`` is the venue-local date the rule put it on, the ``{date}`` that names it in
    ``/api/v1/series/{id}/occurrences/{date}``.
    """

    recurrence_id: datetime | None = None
    local_date: date | None = None
    detached: bool = False


class SeriesCancelDates(DatesInRange, forbid_unknown_fields=True):
    """Call off the series' dates from ``from`` to ``to`` (venue-local dates, inclusive), e.g. a school holiday."""

    from_: date = msgspec.field(name="from")
    to: date
    reason: LongText = ""

    def __post_init__(self) -> None:
        check_day("from", self.from_)
        check_day("to", self.to)


class SeriesDatesCancelled(Struct):
    """The dates called off, each now a cancelled occurrence of ``series``."""

    series: SeriesOut
    cancelled: list[OccurrenceOut]


ChosenDates = Annotated[
    list[date],
    Meta(
        min_length=1,
        max_length=MAX_OCCURRENCES,
        description="venue-local dates of the series waiting for an answer; absent: every such date",
        examples=[["2027-01-05", "2027-01-12"]],
    ),
]


class _SeriesDecisionBody(DatesInRange, forbid_unknown_fields=True):
    def __post_init__(self) -> None:
        super().__post_init__()
        for index, day in enumerate(getattr(self, "dates", None) or ()):
            check_day(f"dates[{index}]", day)


class SeriesConfirm(_SeriesDecisionBody, forbid_unknown_fields=True):
    """``tier_id``: price every date at this tier (one of the venue's) instead of the one asked for.

    ``override`` confirms dates the venue's own hours or closures leave out (recorded in each one's history).
    """

    dates: ChosenDates | None = None
    reason: LongText = ""
    tier_id: RowId | None = None
    override: bool = False


class SeriesDecline(_SeriesDecisionBody, forbid_unknown_fields=True):
    """``reason`` is shown to the booker."""

    dates: ChosenDates | None = None
    reason: LongText = ""


class SeriesDecisionOut(Struct):
    """The series and the occurrences this decision moved."""

    series: SeriesOut
    status: str
    decided: int
    occurrences: list[OccurrenceOut]
