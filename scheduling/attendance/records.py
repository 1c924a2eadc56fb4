"""Recording a session as held with a headcount (and, if counted, how many came for the first time) or as not
held; reading it back with a suggestion from last time; clearing a mistaken record.

One record per booking (``SessionRecord.booking`` is unique): a second recording replaces the first. Two people
recording the same session at once both succeed and leave one row, the later one's: the write locks the
booking's row first (``venues.core.row_locks``; SQLite's write lock already serialises), re-reads the booking
under that lock (a cancellation may have committed meanwhile) and then updates the record or inserts it.

Only counts are stored, never who came. A series date is suggested the counts of the last date of the same
series before it that was recorded as held, so a weekly organiser mostly confirms or nudges a number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from scheduling.attendance.access import require_recordable, require_recorder
from scheduling.bookings.access import Standing, get_booking
from scheduling.models import Booking, SessionRecord
from venues.core import clock
from venues.core.database import write_transaction
from venues.core.errors import DomainError, InvalidInput, RuleViolation
from venues.core.i18n import _
from venues.core.i18n.formatting import number
from venues.core.row_locks import lock_row
from venues.models import User, Venue

MAX_HEADCOUNT = 100_000


@dataclass(frozen=True)
class Counts:
    """What is recorded: held with a headcount (first-timers optional), or not held with no counts."""

    held: bool
    headcount: int | None = None
    first_timers: int | None = None


@dataclass(frozen=True)
class Suggestion:
    """Counts to start from: those of ``from_booking_id``, the series' last date recorded as held before this."""

    headcount: int
    first_timers: int | None
    from_booking_id: int
    from_starts_at: datetime


@dataclass(frozen=True)
class SessionAttendance:
    """A session's record (None: not recorded), the suggestion when there is none, and whether it may be
    recorded now (``refusal`` says why not: not confirmed, not started)."""

    booking: Booking
    timezone: str
    record: SessionRecord | None
    suggestion: Suggestion | None
    refusal: str | None
    # The reader's standing with the booking, as the permission check found it.
    standing: Standing


def _count(value: int | None, field: str) -> None:
    if value is not None and not 0 <= value <= MAX_HEADCOUNT:
        highest = {"highest": number(MAX_HEADCOUNT)}
        if field == "headcount":
            raise InvalidInput(field, _("The headcount is a whole number from 0 to %(highest)s.") % highest)
        raise InvalidInput(field, _("The number of first-timers is a whole number from 0 to %(highest)s.") % highest)


def checked_counts(held: bool, headcount: int | None, first_timers: int | None) -> Counts:
    """The counts as they will be stored, or the reason they cannot be (400 for a missing or impossible number,
    422 for numbers that contradict each other or a session that did not happen)."""
    _count(headcount, "headcount")
    _count(first_timers, "first_timers")
    if not held:
        if headcount is not None or first_timers is not None:
            raise RuleViolation(
                "counts-for-session-not-held",
                _("A session that did not happen has no headcount: leave the counts out."),
            )
        return Counts(held=False)
    if headcount is None:
        raise InvalidInput("headcount", _("Say how many people came (0 if nobody did), or record it as not held."))
    if first_timers is not None and first_timers > headcount:
        raise RuleViolation(
            "first-timers-over-headcount",
            _(
                "First-timers (%(first_timers)s) are among everyone who came, so no more than the headcount (%(headcount)s)."
            )
            % {"first_timers": first_timers, "headcount": headcount},
        )
    return Counts(held=True, headcount=headcount, first_timers=first_timers)


async def venue_timezone(venue_id: int) -> str:
    rows = await Venue.select(Venue.timezone).where(Venue.id == venue_id)
    return str(rows[0]["timezone"]) if rows else "UTC"


async def record_of(booking_id: int) -> SessionRecord | None:
    return await SessionRecord.objects().where(SessionRecord.booking == booking_id).first()


async def suggestion_for(booking: Booking) -> Suggestion | None:
    """For a series date, the counts of the latest earlier date of the same series recorded as held."""
    if booking.series is None:
        return None
    rows = (
        await SessionRecord.select(
            SessionRecord.headcount,
            SessionRecord.first_timers,
            SessionRecord.booking.id,
            SessionRecord.booking.starts_at,
        )
        .where(
            (SessionRecord.booking.series == booking.series)
            & (SessionRecord.booking.starts_at < booking.starts_at)
            & (SessionRecord.held == True)  # noqa: E712 (a query condition, not a comparison)
            & SessionRecord.headcount.is_not_null()
        )
        .order_by(SessionRecord.booking.starts_at, ascending=False)
        .limit(1)
    )
    if not rows:
        return None
    row = rows[0]
    return Suggestion(row["headcount"], row["first_timers"], row["booking.id"], row["booking.starts_at"])


async def session_attendance(user: User | None, booking_id: int) -> SessionAttendance:
    """What the people who may record a session see of it: 404 unknown, 403 for anyone else."""
    booking = await get_booking(booking_id)
    found = await require_recorder(user, booking)
    tz = await venue_timezone(booking.venue)
    record = await record_of(booking.id)
    refusal: str | None = None
    try:
        require_recordable(booking, clock.now(), tz)
    except DomainError as error:
        refusal = error.detail
    suggestion = await suggestion_for(booking) if record is None else None
    return SessionAttendance(booking, tz, record, suggestion, refusal, found)


async def record_session(user: User, booking_id: int, counts: Counts) -> SessionRecord:
    """Record ``counts`` for the session, replacing any earlier record of it."""
    booking = await get_booking(booking_id)
    await require_recorder(user, booking)
    tz = await venue_timezone(booking.venue)
    require_recordable(booking, clock.now(), tz)
    async with write_transaction():
        await lock_row(Booking, booking.id)
        booking = await get_booking(booking_id)
        require_recordable(booking, clock.now(), tz)
        record = await record_of(booking.id)
        if record is None:
            record = SessionRecord(booking=booking.id)
        record.held = counts.held
        record.headcount = counts.headcount
        record.first_timers = counts.first_timers
        record.recorded_by = user.id
        record.recorded_at = clock.now()
        await record.save()
    return record


async def clear_record(user: User, booking_id: int) -> bool:
    """Remove the session's record (a mistake); whether there was one. Anyone who may record it may clear it,
    whatever has become of the booking since."""
    booking = await get_booking(booking_id)
    await require_recorder(user, booking)
    async with write_transaction():
        await lock_row(Booking, booking.id)
        had = await SessionRecord.exists().where(SessionRecord.booking == booking.id)
        await SessionRecord.delete().where(SessionRecord.booking == booking.id)
    return bool(had)
