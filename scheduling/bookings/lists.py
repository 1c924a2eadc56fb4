"""Lists of bookings: a venue's (for its managers) and a person's own; each page costs a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from piccolo.columns.combination import And, Or, Where

from scheduling.holds.windows import booking_overlaps
from scheduling.models import Booking, GroupOrganiser
from venues.models import Space, User


@dataclass(frozen=True)
class BookingFilters:
    status: str | None = None
    space_id: int | None = None
    starts_from: datetime | None = None
    ends_by: datetime | None = None
    one_off: bool = False  # only bookings that are no series' dates


@dataclass(frozen=True)
class BookingSpaceLabel:
    name: str
    timezone: str


def _conditions(filters: BookingFilters) -> list[Where | And | Or]:
    conditions: list[Where | And | Or] = []
    if filters.status:
        conditions.append(Booking.status == filters.status)
    if filters.space_id is not None:
        conditions.append(Booking.space == filters.space_id)
    if filters.one_off:
        conditions.append(Booking.series.is_null())
    conditions.extend(booking_overlaps(filters.starts_from, filters.ends_by))
    return conditions


async def _page(conditions: list[Where | And | Or], limit: int, offset: int) -> tuple[list[Booking], int]:
    query = Booking.objects()
    count = Booking.count()
    for condition in conditions:
        query = query.where(condition)
        count = count.where(condition)
    rows = await query.order_by(Booking.starts_at).order_by(Booking.id).limit(limit).offset(offset)
    return rows, await count


async def venue_bookings(venue_id: int, filters: BookingFilters, limit: int, offset: int) -> tuple[list[Booking], int]:
    return await _page([Booking.venue == venue_id, *_conditions(filters)], limit, offset)


async def mine_condition(user: User) -> Where | Or:
    """Bookings ``user`` booked, or of the groups they organise."""
    groups = [
        row["group"] for row in await GroupOrganiser.select(GroupOrganiser.group).where(GroupOrganiser.user == user.id)
    ]
    mine: Where | Or = Booking.booked_by == user.id
    if groups:
        mine = mine | Booking.group.is_in(groups)
    return mine


async def bookings_of(user: User, filters: BookingFilters, limit: int, offset: int) -> tuple[list[Booking], int]:
    """What ``user`` booked, and the bookings of the groups they organise."""
    return await _page([await mine_condition(user), *_conditions(filters)], limit, offset)


async def series_ids_of(user: User, ending_after: datetime) -> list[int]:
    """The series with a date of ``user``'s (or their groups') ending after ``ending_after``: one query."""
    rows = (
        await Booking.select(Booking.series)
        .distinct()
        .where(await mine_condition(user))
        .where(Booking.series.is_not_null() & (Booking.ends_at > ending_after))
    )
    return sorted(row["series"] for row in rows)


async def space_labels(space_ids: Iterable[int]) -> dict[int, BookingSpaceLabel]:
    """Each space's name and its venue's time zone, for showing bookings: one query."""
    ids = sorted(set(space_ids))
    if not ids:
        return {}
    rows = await Space.select(Space.id, Space.name, Space.venue.timezone).where(Space.id.is_in(ids))
    return {row["id"]: BookingSpaceLabel(name=row["name"], timezone=row["venue.timezone"]) for row in rows}


@dataclass(frozen=True)
class BookingSpan:
    """What a message needs to name a booking: its title and times."""

    id: int
    title: str
    starts_at: datetime
    ends_at: datetime


async def venue_booking_spans(venue_id: int, booking_ids: Iterable[int]) -> dict[int, BookingSpan]:
    """The venue's bookings among ``booking_ids``, by id (others are left out): one query."""
    ids = sorted(set(booking_ids))
    if not ids:
        return {}
    rows = await Booking.select(Booking.id, Booking.title, Booking.starts_at, Booking.ends_at).where(
        (Booking.venue == venue_id) & Booking.id.is_in(ids)
    )
    return {row["id"]: BookingSpan(row["id"], row["title"], row["starts_at"], row["ends_at"]) for row in rows}
