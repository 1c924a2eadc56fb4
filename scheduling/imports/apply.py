"""Importing a group's existing calendar as Commonroom series and bookings.

A preview runs exactly what the import would do, inside one transaction that
is always rolled back, each event in a savepoint, so it reports the same
clashes the real import would meet, the calendar's own events against each
other included, without writing anything. In the real import each event is
its own transaction: one event's clash does not undo another's booking. The
events tell nobody one by one: the requests they made go to each of the venue's
managers as one message, written after the last event.

One import makes at most ``MAX_BOOKINGS`` bookings (one-offs plus the dates of
every series up to the space's horizon): a bigger calendar is refused whole,
before anything is booked, with a 422 saying how many it would make, so no
request books for a minute. Split such a calendar, or shorten its series.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from scheduling.bookings.workflow import BookingDraft, request_booking
from scheduling.hire_answers.check import check_hire_answers
from scheduling.imports.parse import (
    ImportedEvent,
    SkippedEvent,
    fetch_calendar,
    in_worker,
    normalise_url,
    read_calendar,
)
from scheduling.notices.notify import gathered, import_notice
from scheduling.recurrence.rules import Schedule, expand
from scheduling.series.create import SeriesDraft, create_series
from venues.core import clock
from venues.core.database import savepoint, write_transaction
from venues.core.errors import DomainError, InvalidInput, RuleViolation
from venues.core.i18n import _
from venues.models import User
from venues.spaces.bookable import load_bookable

MAX_BOOKINGS = 1000


@dataclass(frozen=True)
class ImportRequest:
    url: str
    group_id: int
    space_id: int
    is_public: bool = False
    skip_conflicts: bool = False
    # The importer's acceptance of the venue's current hire terms and answers to its questions, recorded for
    # each booking and series the import makes (scheduling.hire_answers).
    terms_version: int | None = None
    answers: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class EventOutcome:
    """What happened (or would happen) to one event: ``booked``, ``partly_booked`` or ``refused``."""

    uid: str
    title: str
    kind: str
    outcome: str
    detail: str = ""
    booking_ids: list[int] = field(default_factory=list)
    series_id: int | None = None
    clashes: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class ImportReport:
    events: list[EventOutcome]
    skipped: list[SkippedEvent]
    preview: bool


class _RolledBack(Exception):
    def __init__(self, outcome: EventOutcome) -> None:
        super().__init__("preview")
        self.outcome = outcome


async def _book_event(actor: User, request: ImportRequest, event: ImportedEvent, now: datetime) -> EventOutcome:
    common: dict[str, Any] = {
        "title": event.title,
        "purpose": event.description,
        "is_public": request.is_public,
        "group_id": request.group_id,
        "terms_version": request.terms_version,
        "answers": request.answers,
    }
    try:
        if event.rule is None:
            booking = await request_booking(
                actor,
                BookingDraft(space_id=request.space_id, starts_at=event.starts_at, ends_at=event.ends_at, **common),
                now,
            )
            return EventOutcome(event.uid, event.title, "booking", "booked", booking_ids=[booking.id])
        result = await create_series(
            actor,
            SeriesDraft(
                space_id=request.space_id,
                rule=event.rule,
                dtstart=event.local_date,
                start_time=event.start_time,
                end_time=event.end_time,
                skip_conflicts=request.skip_conflicts,
                **common,
            ),
            now,
        )
    except DomainError as refusal:
        return EventOutcome(
            event.uid,
            event.title,
            "booking" if event.rule is None else "series",
            "refused",
            refusal.detail,
            clashes=list(refusal.extra.get("clashes", [])),
        )
    skipped = [
        {"starts_at": c.occurrence.starts_at.isoformat(), "reason": c.reason, "detail": c.detail}
        for c in result.skipped
    ]
    return EventOutcome(
        event.uid,
        event.title,
        "series",
        "partly_booked" if skipped else "booked",
        f"{len(result.booked)} dates booked" + (f", {len(skipped)} skipped" if skipped else ""),
        booking_ids=[booking.id for booking in result.booked],
        series_id=result.series.id,
        clashes=skipped,
    )


def bookings_to_make(events: list[ImportedEvent], tz_name: str, now: datetime, horizon_days: int) -> int:
    """How many bookings the events would make (counting stops once past ``MAX_BOOKINGS``)."""
    latest = now + timedelta(days=horizon_days)
    total = 0
    for event in events:
        if event.rule is None:
            total += 1
        else:
            try:
                schedule = Schedule(event.rule, event.local_date, event.start_time, event.end_time, tz_name)
            except InvalidInput:
                continue  # booking it reports why
            total += len(expand(schedule, now, latest).occurrences)
        if total > MAX_BOOKINGS:
            break
    return total


async def _preview(
    actor: User, request: ImportRequest, events: list[ImportedEvent], now: datetime
) -> list[EventOutcome]:
    """Every event tried in one transaction that is then rolled back, each in a savepoint of its own."""
    outcomes: list[EventOutcome] = []

    class _Done(Exception):
        pass

    try:
        async with write_transaction():
            for event in events:
                try:
                    async with savepoint():
                        outcome = await _book_event(actor, request, event, now)
                        if outcome.outcome == "refused":
                            raise _RolledBack(outcome)
                except _RolledBack as refused:
                    outcome = refused.outcome
                outcomes.append(EventOutcome(**{**outcome.__dict__, "booking_ids": [], "series_id": None}))
            raise _Done
    except _Done:
        return outcomes


async def import_calendar(
    actor: User, request: ImportRequest, preview: bool, now: datetime | None = None
) -> ImportReport:
    """Fetch, read and book (or, for a preview, try and roll back) every bookable event of the calendar."""
    now = now or clock.now()
    bookable = await load_bookable(request.space_id)
    # Terms not accepted or a required question unanswered refuse the whole import before the calendar is read.
    await check_hire_answers(bookable.venue.id, request.terms_version, request.answers)
    parsed = await read_calendar(await fetch_calendar(normalise_url(request.url)), bookable.venue.timezone)
    planned = await in_worker(bookings_to_make, parsed.events, bookable.tz, now, bookable.space.horizon_days)
    if planned > MAX_BOOKINGS:
        raise RuleViolation(
            "import_too_many_bookings",
            _(
                "This calendar would make more than %(MAX_BOOKINGS)s bookings in %(name)s (at least %(planned)s, counting each series up to %(horizon_days)s days ahead); one import makes at most %(MAX_BOOKINGS)s. Split the calendar or shorten its series."
            )
            % {
                "MAX_BOOKINGS": MAX_BOOKINGS,
                "name": bookable.space.name,
                "planned": planned,
                "horizon_days": bookable.space.horizon_days,
            },
            bookings=planned,
            limit=MAX_BOOKINGS,
        )
    if preview:
        return ImportReport(await _preview(actor, request, parsed.events, now), parsed.skipped, preview)
    with gathered() as requested:
        outcomes = [await _book_event(actor, request, event, now) for event in parsed.events]
    if requested:  # one message per manager for the whole import, not one per event
        async with write_transaction():
            await import_notice(requested)
    return ImportReport(outcomes, parsed.skipped, preview)
