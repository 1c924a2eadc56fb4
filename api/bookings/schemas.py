"""Request and response bodies for bookings and their history (and the price a quote shares)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType

from api.hire_terms.schemas import AnswerOut, Answers, TermsAcceptedOut, TermsVersion
from api.schemas import MULTI_LINE, Currency, DatesInRange, Email, LongText, Phone, RowId, ShortText
from scheduling.bookings.status import BookingStatus
from scheduling.vocabulary import CancelledBy

Attendance = Annotated[int, Meta(ge=1, le=100_000, description="people expected")]
Reason = Annotated[str, Meta(min_length=1, max_length=5000, pattern=MULTI_LINE)]
Moment = Annotated[
    datetime,
    Meta(
        description=(
            "ISO 8601; without an offset it is wall-clock time at the venue. A time the clocks skip that day is"
            " refused (422, `nonexistent-local-time`); a time they repeat means its first occurrence unless an"
            " offset chooses. Years 2000–2200."
        ),
        examples=["2026-12-05T14:00:00"],
    ),
]

LocalTime = Annotated[
    str,
    Meta(
        description="ISO 8601 wall-clock time at the venue with its UTC offset", examples=["2026-12-05T14:00:00+00:00"]
    ),
]


class BookerIn(Struct, forbid_unknown_fields=True):
    """The booker's private contact; blank name and email default to the signed-in account's."""

    name: ShortText = ""
    email: Email = ""
    phone: Phone = ""


def booker_fields(booker: BookerIn | None) -> dict[str, str]:
    """The draft fields a request's optional ``booker`` fills in (blank when absent)."""
    booker = booker or BookerIn()
    return {"booker_name": booker.name, "booker_email": booker.email, "booker_phone": booker.phone}


class BookingFields(DatesInRange, forbid_unknown_fields=True, kw_only=True):
    """What a booking and a series of bookings are asked for with, after the space and the times.

    Keyword-only, so a request's own leading fields (space and times) come first in the schema and its
    trailing keyword-only ones (``override_rules``, ``skip_conflicts``) after these.
    """

    title: ShortText = ""
    purpose: LongText = ""
    attendance: Attendance = 1
    is_public: bool = False
    group_id: RowId | None = None
    tier_id: RowId | None = None
    booker: BookerIn | None = None
    # The venue's hire terms accepted (the current version, GET /venues/{id}/terms) and its questions answered.
    terms_version: TermsVersion | None = None
    answers: Answers = msgspec.field(default_factory=list)


class _BookingWhen(BookingFields, forbid_unknown_fields=True):
    space_id: RowId
    starts_at: Moment
    ends_at: Moment


BillingAddress = Annotated[str, Meta(max_length=2000, pattern=MULTI_LINE, description="line feeds allowed")]


class ExtraChoice(Struct, forbid_unknown_fields=True):
    """One of the venue's extras (``/api/v1/venues/{id}/extras``); quantity 1 unless it is priced per item."""

    extra_id: RowId
    quantity: Annotated[int, Meta(ge=1, le=10_000)] = 1


class BookingCreate(_BookingWhen, forbid_unknown_fields=True, kw_only=True):
    override_rules: bool = False
    # Where the invoice is addressed when no group is billed; private (never in a public view).
    billing_address: BillingAddress = ""
    extras: Annotated[list[ExtraChoice], Meta(max_length=50)] = []


class BookingUpdate(DatesInRange, forbid_unknown_fields=True):
    space_id: RowId | UnsetType = UNSET
    starts_at: Moment | UnsetType = UNSET
    ends_at: Moment | UnsetType = UNSET
    title: ShortText | UnsetType = UNSET
    purpose: LongText | UnsetType = UNSET
    attendance: Attendance | UnsetType = UNSET
    is_public: bool | UnsetType = UNSET
    booker: BookerIn | UnsetType = UNSET
    tier_id: RowId | UnsetType = UNSET
    override_rules: bool = False
    reason: LongText = ""


class CancelBody(Struct, forbid_unknown_fields=True):
    reason: LongText = ""


class ConfirmBody(Struct, forbid_unknown_fields=True):
    """``tier_id``: price at this tier (one of the venue's) instead of the one asked for; the change is in the history.

    ``override`` confirms a request the venue's own hours or closures leave out (recorded in its history).
    """

    reason: LongText = ""
    tier_id: RowId | None = None
    override: bool = False


class DeclineBody(Struct, forbid_unknown_fields=True):
    reason: Reason


class BookerOut(Struct):
    name: str
    email: str
    phone: str


class PriceLineOut(Struct):
    """``kind`` hire, extra or deposit; the VAT treatment is the venue's for that line."""

    description: str
    minutes: int
    hourly_rate_minor: int
    amount_minor: int
    kind: str = "hire"
    quantity: int = 1
    unit_minor: int = 0
    vat_treatment: str = "exempt"
    extra_id: int | None = None


class PriceOut(Struct):
    total_minor: int
    currency: Currency
    tier_id: int
    tier_kind: str
    tier_name: str
    priced: bool
    lines: list[PriceLineOut]
    rounding: str
    deposit_minor: int = 0


class ChosenExtraOut(Struct):
    extra_id: int
    name: str
    quantity: int


class BookingOut(Struct):
    """Private members (booker, price, purpose…) only for those involved; the public sees confirmed public bookings."""

    id: int
    uid: str
    venue_id: int
    space_id: int
    space_name: str
    group_id: int | None
    # The series this booking is a date of (its occurrences: /api/v1/series/{series_id}/occurrences); null for a one-off.
    series_id: int | None
    title: str
    attendance: int
    is_public: bool
    status: BookingStatus
    starts_at: datetime
    ends_at: datetime
    starts_local: LocalTime
    ends_local: LocalTime
    timezone: str
    sequence: int
    url: str
    purpose: str | UnsetType = UNSET
    booker: BookerOut | UnsetType = UNSET
    billing_address: str | UnsetType = UNSET
    booked_by: int | None | UnsetType = UNSET
    tier_id: int | None | UnsetType = UNSET
    price: PriceOut | None | UnsetType = UNSET
    rules_overridden: bool | UnsetType = UNSET
    status_reason: str | UnsetType = UNSET
    # Who called a cancelled booking off: the hirer (booker or group's organisers) or the venue; null otherwise.
    cancelled_by: CancelledBy | None | UnsetType = UNSET
    created_at: datetime | UnsetType = UNSET
    updated_at: datetime | UnsetType = UNSET
    extras: list[ChosenExtraOut] | UnsetType = UNSET
    # What the booker accepted and answered (a series' date shows its series'); never for the public.
    terms_accepted: TermsAcceptedOut | None | UnsetType = UNSET
    answers: list[AnswerOut] | UnsetType = UNSET


class BookingEventOut(Struct):
    id: int
    at: datetime
    action: str
    actor_id: int | None
    actor_name: str | None
    changes: dict[str, list[Any]]
    reason: str
