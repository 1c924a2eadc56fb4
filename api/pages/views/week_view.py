"""A venue's week for its managers: every space by day, with bookings, requests, held parts, buffers and closures.

Built from the venue's booking list, its opening calendar and its combined
spaces, so a booking of the whole hall also shows on each part it holds,
and a booking of a part shows on the combinations it blocks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from scheduling.bookings.lists import BookingFilters, venue_bookings
from scheduling.bookings.status import HOLDS_TIME
from scheduling.models import Booking, Group
from venues.core.timezones import local_datetime, zone
from venues.models import Space, Venue
from venues.opening.calendar import load_calendar, space_opening
from venues.spaces.operations import combined_in_by_space, list_spaces, parts_by_space

MAX_BOOKINGS = 1000


@dataclass(frozen=True)
class WeekItem:
    """``kind``: confirmed, requested, held (time a related space's booking takes) or closure.

    ``booker`` is who a booking is for: its group's name, else the booker's name.
    """

    kind: str
    starts: str
    ends: str
    title: str
    note: str = ""
    booking_id: int | None = None
    booker: str = ""


@dataclass
class SpaceWeek:
    """``open_hours``: each day's opening as ``09:00–17:00``, empty on a day the space is closed."""

    space: Space
    open_hours: list[str]
    days: list[list[WeekItem]] = field(default_factory=list)


@dataclass(frozen=True)
class VenueWeek:
    days: list[date]
    spaces: list[SpaceWeek]


def _clock(moment: datetime, tz_name: str) -> str:
    return f"{moment.astimezone(zone(tz_name)):%H:%M}"


def _buffer_note(space: Space, booking: Booking, tz_name: str) -> str:
    """``set-up from 09:45, cleared by 12:15`` when the space keeps buffers around its bookings."""
    parts = []
    if space.setup_buffer_minutes:
        parts.append(
            f"set-up from {_clock(booking.starts_at - timedelta(minutes=space.setup_buffer_minutes), tz_name)}"
        )
    if space.cleanup_buffer_minutes:
        parts.append(f"cleared by {_clock(booking.ends_at + timedelta(minutes=space.cleanup_buffer_minutes), tz_name)}")
    return ", ".join(parts)


async def _group_names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {
        row["id"]: row["name"] for row in await Group.select(Group.id, Group.name).where(Group.id.is_in(sorted(ids)))
    }


async def venue_week(venue: Venue, week_start: date) -> VenueWeek:
    tz = venue.timezone
    days = [week_start + timedelta(days=offset) for offset in range(7)]
    starts = local_datetime(week_start, time(0), tz)
    ends = local_datetime(week_start + timedelta(days=7), time(0), tz)
    spaces, _ = await list_spaces(venue.id, include_archived=False, limit=100, offset=0)
    by_id = {space.id: space for space in spaces}
    parts = await parts_by_space(by_id)
    combined_in = await combined_in_by_space(by_id)
    calendar = await load_calendar([venue.id], starts, ends)
    found, _ = await venue_bookings(venue.id, BookingFilters(starts_from=starts, ends_by=ends), MAX_BOOKINGS, 0)
    items: dict[tuple[int, date], list[tuple[datetime, WeekItem]]] = defaultdict(list)
    groups = await _group_names({booking.group for booking in found if booking.group is not None})

    def add(space_id: int, moment: datetime, item: WeekItem) -> None:
        day = moment.astimezone(zone(tz)).date()
        if space_id in by_id and day in days:
            items[(space_id, day)].append((moment, item))

    for booking in found:
        if booking.status not in HOLDS_TIME or booking.space not in by_id:
            continue
        space = by_id[booking.space]
        span = (_clock(booking.starts_at, tz), _clock(booking.ends_at, tz))
        add(
            space.id,
            booking.starts_at,
            WeekItem(
                booking.status,
                *span,
                booking.title or "Booking",
                _buffer_note(space, booking, tz),
                booking.id,
                groups.get(booking.group, "") if booking.group is not None else booking.booker_name,
            ),
        )
        for part in parts.get(space.id, []):
            add(part, booking.starts_at, WeekItem("held", *span, booking.title or "Booking", f"held by {space.name}"))
        for combined in combined_in.get(space.id, []):
            add(
                combined,
                booking.starts_at,
                WeekItem("held", *span, booking.title or "Booking", f"{space.name} is booked"),
            )

    rows = []
    for space in spaces:
        opening = space_opening(
            calendar, venue.id, tz, space.id, starts, ends, closure_space_ids=parts.get(space.id, ())
        )
        for closure in opening.closures:
            moment = max(closure.starts_at, starts)
            while moment < min(closure.ends_at, ends):
                add(space.id, moment, WeekItem("closure", "", "", f"Closed: {closure.reason}"))
                moment = local_datetime(moment.astimezone(zone(tz)).date() + timedelta(days=1), time(0), tz)
        open_hours = []
        for day in days:
            day_start, day_end = local_datetime(day, time(0), tz), local_datetime(day + timedelta(days=1), time(0), tz)
            spans = [(max(a, day_start), min(b, day_end)) for a, b in opening.open if a < day_end and b > day_start]
            open_hours.append(", ".join(f"{_clock(a, tz)}–{_clock(b, tz)}" for a, b in spans) or "")
        week = SpaceWeek(space, open_hours)
        week.days = [[item for _, item in sorted(items[(space.id, day)], key=lambda pair: pair[0])] for day in days]
        rows.append(week)
    return VenueWeek(days, rows)
