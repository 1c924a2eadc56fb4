"""Importing a group's existing calendar as Commonroom series and bookings.

A preview runs exactly what the import would do, inside a transaction that
is always rolled back, so it reports the same clashes the real import would
meet (as of now) without writing anything. Each event is its own
transaction: one event's clash does not undo another's booking.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Awaitable, Callable

from scheduling.bookings import BookingDraft, request_booking, utcnow
from scheduling.ical_import import ImportedEvent, SkippedEvent, fetch_calendar, normalise_url, parse_calendar
from scheduling.bookable import load_bookable
from scheduling.series_bookings import SeriesDraft, create_series
from venues.database import write_transaction
from venues.errors import DomainError
from venues.models import User


@dataclass(frozen=True)
class ImportRequest:
    url: str
    group_id: int
    space_id: int
    is_public: bool = False
    skip_conflicts: bool = False


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
    common = {"title": event.title, "purpose": event.description, "is_public": request.is_public, "group_id": request.group_id}
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
    skipped = [{"starts_at": c.occurrence.starts_at.isoformat(), "reason": c.reason, "detail": c.detail} for c in result.skipped]
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


async def _rolled_back(book: Callable[[], Awaitable[EventOutcome]]) -> EventOutcome:
    try:
        async with write_transaction():
            raise _RolledBack(await book())
    except _RolledBack as done:
        return EventOutcome(**{**done.outcome.__dict__, "booking_ids": [], "series_id": None})


async def import_calendar(actor: User, request: ImportRequest, preview: bool, now: datetime | None = None) -> ImportReport:
    """Fetch, read and book (or, for a preview, try and roll back) every bookable event of the calendar."""
    now = now or utcnow()
    bookable = await load_bookable(request.space_id)
    parsed = parse_calendar(await fetch_calendar(normalise_url(request.url)), bookable.venue.timezone)
    outcomes: list[EventOutcome] = []
    for event in parsed.events:
        async def book(event: ImportedEvent = event) -> EventOutcome:
            return await _book_event(actor, request, event, now)

        outcomes.append(await _rolled_back(book) if preview else await book())
    return ImportReport(outcomes, parsed.skipped, preview)
