"""Sessions waiting for a record: confirmed bookings that started in the last ``WAITING_DAYS`` days and have no
record yet, for a person (the bookings they may record: theirs, their groups', their venues') and for a venue's
desk. Most recent first, a page at a time, each page one query for the rows and one for the count. And, for the
desk, the sessions recorded lately."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from piccolo.columns.combination import And, Or, Where

from scheduling.attendance.access import recordable_condition
from scheduling.bookings.status import BookingStatus
from scheduling.models import Booking, SessionRecord
from venues.models import Space, User

WAITING_DAYS = 60


@dataclass(frozen=True)
class Waiting:
    """A session to record, with what a list needs to name it."""

    booking: Booking
    space_name: str
    venue_name: str
    timezone: str


def _waiting_conditions(now: datetime, days: int) -> list[Where | And | Or]:
    recorded = SessionRecord.select(SessionRecord.booking).where(SessionRecord.booking.is_not_null())
    return [
        Booking.status == BookingStatus.confirmed,
        Booking.starts_at <= now,
        Booking.starts_at > now - timedelta(days=days),
        Booking.id.not_in(recorded),
    ]


async def _page(conditions: list[Where | And | Or], limit: int, offset: int) -> tuple[list[Waiting], int]:
    query = Booking.objects()
    count = Booking.count()
    for condition in conditions:
        query = query.where(condition)
        count = count.where(condition)
    rows = await query.order_by(Booking.starts_at, ascending=False).order_by(Booking.id).limit(limit).offset(offset)
    labels: dict[int, dict[str, str]] = {}
    space_ids = sorted({booking.space for booking in rows})
    if space_ids:
        for row in await Space.select(Space.id, Space.name, Space.venue.name, Space.venue.timezone).where(
            Space.id.is_in(space_ids)
        ):
            labels[row["id"]] = row
    found = [
        Waiting(
            booking,
            labels[booking.space]["name"],
            labels[booking.space]["venue.name"],
            labels[booking.space]["venue.timezone"],
        )
        for booking in rows
    ]
    return found, await count


async def waiting_for(
    user: User, now: datetime, limit: int, offset: int, days: int = WAITING_DAYS
) -> tuple[list[Waiting], int]:
    """Sessions ``user`` may record that are waiting for a record."""
    scope = await recordable_condition(user)
    conditions = _waiting_conditions(now, days)
    return await _page(conditions if scope is None else [scope, *conditions], limit, offset)


async def waiting_at_venue(
    venue_id: int, now: datetime, limit: int, offset: int, days: int = WAITING_DAYS
) -> tuple[list[Waiting], int]:
    """The venue's sessions waiting for a record (for its managers: the caller checks)."""
    return await _page([Booking.venue == venue_id, *_waiting_conditions(now, days)], limit, offset)


@dataclass(frozen=True)
class Recorded:
    """A session recorded lately, for the desk to see (and correct) what was said."""

    booking: Booking
    record: SessionRecord
    space_name: str


async def recently_recorded(venue_id: int, limit: int) -> list[Recorded]:
    """The venue's latest records by when they were made: two queries."""
    records = (
        await SessionRecord.objects()
        .where(SessionRecord.booking.venue == venue_id)
        .order_by(SessionRecord.recorded_at, ascending=False)
        .order_by(SessionRecord.id, ascending=False)
        .limit(limit)
    )
    ids = [record.booking for record in records]
    if not ids:
        return []
    bookings = {booking.id: booking for booking in await Booking.objects().where(Booking.id.is_in(ids))}
    names = {
        row["id"]: row["name"]
        for row in await Space.select(Space.id, Space.name).where(
            Space.id.is_in(sorted({b.space for b in bookings.values()}))
        )
    }
    return [
        Recorded(bookings[record.booking], record, names[bookings[record.booking].space])
        for record in records
        if record.booking in bookings
    ]
