"""Bodies for importing a group's existing calendar."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from msgspec import Meta, Struct

from api.hire_terms.schemas import Answers, TermsVersion
from api.schemas import SINGLE_LINE_REFUSED, RowId

CalendarUrl = Annotated[
    str,
    Meta(
        min_length=10,
        max_length=2000,
        pattern=rf"^(?i:https?|webcal)://[^\s{SINGLE_LINE_REFUSED}]+$",
        examples=["https://example.org/club.ics"],
    ),
]


class ImportBody(Struct, forbid_unknown_fields=True):
    """``terms_version`` and ``answers`` as a booking request's: the importer accepts the venue's current hire
    terms and answers its questions once, recorded for every booking and series the import makes."""

    url: CalendarUrl
    space_id: RowId
    is_public: bool = False
    skip_conflicts: bool = False
    terms_version: TermsVersion | None = None
    answers: Answers = msgspec.field(default_factory=list)


class EventOutcomeOut(Struct):
    uid: str
    title: str
    kind: str
    outcome: str
    detail: str
    booking_ids: list[int]
    series_id: int | None
    clashes: list[dict[str, Any]]


class SkippedOut(Struct):
    uid: str
    title: str
    reason: str


class ImportReportOut(Struct):
    """``preview`` true: nothing was written; the outcomes are what an import would do now."""

    preview: bool
    events: list[EventOutcomeOut]
    skipped: list[SkippedOut]
