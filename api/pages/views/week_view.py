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
from venues.core.i18n import _
from venues.core.i18n.content import shown
from venues.core.i18n.formatting import short_day, short_day_name
from venues.core.timezones import local_datetime, split_at_midnights, zone
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


def _span_ends(starts_at: datetime, ends_at: datetime, tz_name: str) -> tuple[str, str]:
    """A span's start and end as the venue's clock reads them, the end saying when it falls on a later day
    (``01:00 (next day)``): ``scheduling.wording.clock_span`` in the page's language."""
    start, end = starts_at.astimezone(zone(tz_name)), ends_at.astimezone(zone(tz_name))
    days = (end.date() - start.date()).days
    if days == 0:
        return f"{start:%H:%M}", f"{end:%H:%M}"
    if days == 1:
        return f"{start:%H:%M}", _("%(time)s (next day)") % {"time": f"{end:%H:%M}"}
    return f"{start:%H:%M}", f"{short_day(end.date())} {end:%H:%M}"


def clock_span(starts_at: datetime, ends_at: datetime, tz_name: str) -> str:
    """``18:00–01:00 (next day)``."""
    return "–".join(_span_ends(starts_at, ends_at, tz_name))


def _buffer_note(space: Space, booking: Booking, tz_name: str) -> str:
    """``set-up from 09:45, cleared by 12:15`` when the space keeps buffers around its bookings."""
    set_up = _clock(booking.starts_at - timedelta(minutes=space.setup_buffer_minutes), tz_name)
    cleared = _clock(booking.ends_at + timedelta(minutes=space.cleanup_buffer_minutes), tz_name)
    if space.setup_buffer_minutes and space.cleanup_buffer_minutes:
        return _("set-up from %(set_up)s, cleared by %(cleared)s") % {"set_up": set_up, "cleared": cleared}
    if space.setup_buffer_minutes:
        return _("set-up from %(set_up)s") % {"set_up": set_up}
    if space.cleanup_buffer_minutes:
        return _("cleared by %(cleared)s") % {"cleared": cleared}
    return ""


async def _group_names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {
        row["id"]: shown(row, "name").text
        for row in await Group.select(Group.id, Group.name, Group.name_cy).where(Group.id.is_in(sorted(ids)))
    }


def _joined(*notes: str) -> str:
    return ", ".join(note for note in notes if note)


def _day_spans(starts_at: datetime, ends_at: datetime, tz_name: str) -> list[tuple[datetime, str, str, str]]:
    """A booking on each local day it touches: (moment, starts, ends, note).

    The first day shows it whole (``22:00``–``00:45 (next day)``); a day it runs on into shows the part
    on that day (``00:00``–``00:45``) and says where it began (``continued from Sat 22:00``).
    """
    pieces = split_at_midnights(starts_at, ends_at, tz_name)
    if not pieces:
        return []
    first = pieces[0][0]
    starts_text, ends_text = _span_ends(starts_at, ends_at, tz_name)
    found = [(pieces[0][0], starts_text, ends_text, "")]
    for start, end in pieces[1:]:
        ends = "24:00" if end.date() > start.date() else f"{end:%H:%M}"
        began = f"{short_day_name(first.date())} {first:%H:%M}"
        found.append((start, f"{start:%H:%M}", ends, _("continued from %(began)s") % {"began": began}))
    return found


def _open_text(spans: list[tuple[datetime, datetime]], day: date, tz_name: str) -> str:
    """A day's opening as the week shows it: hours that begin that day whole, with ``(next day)`` when they run
    past midnight (``18:00–01:00 (next day)``); hours run on from the day before as that day's part
    (``00:00–01:00``); ``all day`` when open from midnight to midnight."""
    day_start = local_datetime(day, time(0), tz_name)
    day_end = local_datetime(day + timedelta(days=1), time(0), tz_name)
    texts = []
    for a, b in spans:
        if not (a < day_end and b > day_start):
            continue
        if a <= day_start and b >= day_end:
            texts.append(_("all day"))
        elif a >= day_start and day_end < b <= local_datetime(day + timedelta(days=2), time(0), tz_name):
            texts.append(clock_span(a, b, tz_name))
        else:
            texts.append(f"{_clock(max(a, day_start), tz_name)}–{_clock(min(b, day_end), tz_name)}")
    return ", ".join(texts)  # empty: the template says Closed


async def venue_week(venue: Venue, week_start: date) -> VenueWeek:
    tz = venue.timezone
    days = [week_start + timedelta(days=offset) for offset in range(7)]
    starts = local_datetime(week_start, time(0), tz)
    ends = local_datetime(week_start + timedelta(days=7), time(0), tz)
    spaces, _count = await list_spaces(venue.id, include_archived=False, limit=100, offset=0)
    by_id = {space.id: space for space in spaces}
    parts = await parts_by_space(by_id)
    combined_in = await combined_in_by_space(by_id)
    # A day past the week, so Sunday's late finish is quoted whole.
    opening_ends = local_datetime(week_start + timedelta(days=8), time(0), tz)
    calendar = await load_calendar([venue.id], starts, opening_ends)
    found, _count = await venue_bookings(venue.id, BookingFilters(starts_from=starts, ends_by=ends), MAX_BOOKINGS, 0)
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
        title = booking.title or _("Booking")
        space_name = shown(space, "name").text
        booker = groups.get(booking.group, "") if booking.group is not None else booking.booker_name
        for moment, starts_text, ends_text, continued in _day_spans(booking.starts_at, booking.ends_at, tz):
            span = (starts_text, ends_text)
            add(
                space.id,
                moment,
                WeekItem(
                    booking.status, *span, title, continued or _buffer_note(space, booking, tz), booking.id, booker
                ),
            )
            for part in parts.get(space.id, []):
                add(
                    part,
                    moment,
                    WeekItem("held", *span, title, _joined(continued, _("held by %(space)s") % {"space": space_name})),
                )
            for combined in combined_in.get(space.id, []):
                booked = _("%(space)s is booked") % {"space": space_name}
                add(combined, moment, WeekItem("held", *span, title, _joined(continued, booked)))

    rows = []
    for space in spaces:
        opening = space_opening(
            calendar, venue.id, tz, space.id, starts, opening_ends, closure_space_ids=parts.get(space.id, ())
        )
        for closure in opening.closures:
            moment = max(closure.starts_at, starts)
            while moment < min(closure.ends_at, ends):
                add(space.id, moment, WeekItem("closure", "", "", _("Closed: %(reason)s") % {"reason": closure.reason}))
                moment = local_datetime(moment.astimezone(zone(tz)).date() + timedelta(days=1), time(0), tz)
        open_hours = [_open_text(opening.open, day, tz) for day in days]
        week = SpaceWeek(space, open_hours)
        week.days = [[item for _, item in sorted(items[(space.id, day)], key=lambda pair: pair[0])] for day in days]
        rows.append(week)
    return VenueWeek(days, rows)
