"""Which bookings a change to a venue's opening would contradict.

A change is described by the bookings it can reach (a venue's, or some of its
spaces'; between two instants) and by what it does to the venue's calendar
(``venues.opening.calendar``): a closure added, a week of hours replaced. A
live (requested or confirmed) booking still to come is reached when it fits
the opening as it is and would not fit it after the change, by the same rule a
new booking must meet (``scheduling.bookings.rules.calendar_violations``). A
booking that already did not fit (one kept as an exception to an earlier
change, say) is not reported again.

Series dates are bookings of their series, so they are listed like any other,
each with its own date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from scheduling.bookings.rules import calendar_violations, opening_in
from scheduling.bookings.status import HOLDS_TIME_VALUES
from scheduling.models import Booking
from scheduling.wording import local_iso, span
from venues.core.i18n import DEFAULT_LANGUAGE, _, current_language, using
from venues.core.i18n.formatting import day_month_year
from venues.core.timezones import local_datetime, supported_day, to_utc
from venues.lookups import get_venue
from venues.models import Closure, Space, SpacePart
from venues.opening.calendar import Calendar, load_calendar
from venues.opening.hours import Interval
from venues.spaces.bookable import Bookable, parts_of

LISTED = 100  # bookings listed in one refusal; ``total`` says how many there are
PHRASED = 5  # of which the detail sentence spells out the first few


@dataclass(frozen=True)
class VenueChange:
    """What a change can reach and what it does to the calendar; ``words`` name it in the language in force: ``label``
    in a refusal, ``history_label`` (always English, as everything stored) in the bookings' history."""

    venue_id: int
    words: Callable[[], str]
    changed: Callable[[Calendar], Calendar]
    space_ids: tuple[int, ...] | None = None  # None: every space of the venue
    starts_at: datetime | None = None  # bookings ending after this (and after now)
    ends_at: datetime | None = None  # bookings starting before this; None: no end

    @property
    def label(self) -> str:
        """The change named in the language in force, for the refusal listing the bookings it reaches."""
        return self.words()

    @property
    def history_label(self) -> str:
        """The change named as the bookings' history stores it: in English, whoever made it in whichever language."""
        with using(DEFAULT_LANGUAGE):
            return self.words()


@dataclass(frozen=True)
class Reached:
    """A booking the change would contradict, and why, in plain words."""

    id: int
    title: str
    status: str
    starts_at: datetime
    ends_at: datetime
    series_id: int | None
    booker_name: str
    space_name: str
    why: str
    tz: str

    def as_json(self) -> dict[str, Any]:
        """The shape of ``api.errors.AffectedBooking``: UTC instants and venue-local times."""
        return {
            "id": self.id,
            "title": self.title,
            "starts_at": self.starts_at.isoformat().replace("+00:00", "Z"),
            "ends_at": self.ends_at.isoformat().replace("+00:00", "Z"),
            "starts_local": local_iso(self.starts_at, self.tz),
            "ends_local": local_iso(self.ends_at, self.tz),
            "status": self.status,
            "series_id": self.series_id,
            "space": self.space_name,
            "booker": self.booker_name,
            "why": self.why,
        }

    def phrase(self) -> str:
        title = self.title or _("Booking")
        return f"{title} ({self.space_name}, {span(self.starts_at, self.ends_at, self.tz)})"


def _copy(calendar: Calendar) -> Calendar:
    return Calendar(
        hours=defaultdict(list, {key: list(rows) for key, rows in calendar.hours.items()}),
        closures=defaultdict(list, {key: list(rows) for key, rows in calendar.closures.items()}),
    )


def _day(day: date) -> str:
    """``04 Dec 2026`` as the history has always named a closure's day; in Welsh ``4 Rhagfyr 2026``."""
    return f"{day:%d %b %Y}" if current_language() == DEFAULT_LANGUAGE else day_month_year(day)


def _day_start(day: date, tz_name: str) -> datetime:
    return to_utc(local_datetime(supported_day(day), time(0), tz_name), tz_name)


async def closure_change(closure: Closure, tz_name: str) -> VenueChange:
    """Adding ``closure`` (checked, not yet saved): it reaches the bookings of its days, on its space or all."""
    space_ids: tuple[int, ...] | None = None
    if closure.space is not None:
        combined = await SpacePart.select(SpacePart.combined).where(SpacePart.part == closure.space)
        space_ids = tuple(sorted({closure.space, *(row["combined"] for row in combined)}))

    def changed(calendar: Calendar) -> Calendar:
        after = _copy(calendar)
        after.closures[closure.venue].append(closure)
        return after

    first, last = closure.starts_on, closure.ends_on

    def words() -> str:
        days = _day(first) if first == last else f"{_day(first)}–{_day(last)}"
        values = {"days": days, "reason": closure.reason}
        return (
            _("closure of the whole venue %(days)s: %(reason)s")
            if closure.space is None
            else _("closure of a space %(days)s: %(reason)s")
        ) % values

    return VenueChange(
        venue_id=closure.venue,
        words=words,
        changed=changed,
        space_ids=space_ids,
        starts_at=_day_start(first, tz_name),
        ends_at=_day_start(last + timedelta(days=1), tz_name),
    )


def hours_change(venue_id: int, space_id: int | None, week: Sequence[Interval]) -> VenueChange:
    """Replacing the venue's weekly hours (or one space's): it reaches every booking to come there."""
    rows = [(interval.weekday, interval.opens, interval.closes) for interval in week]

    def changed(calendar: Calendar) -> Calendar:
        after = _copy(calendar)
        after.hours.pop((venue_id, space_id), None)
        if rows:
            after.hours[(venue_id, space_id)] = list(rows)
        return after

    return VenueChange(
        venue_id=venue_id,
        words=lambda: _("new opening hours") if space_id is None else _("new opening hours of a space"),
        changed=changed,
        space_ids=None if space_id is None else (space_id,),
    )


async def reached_by(change: VenueChange, now: datetime) -> list[Reached]:
    """The live bookings still to come that fit the opening now and would not after ``change``: three queries."""
    since = max(now, change.starts_at) if change.starts_at else now
    query = (
        Booking.select(
            Booking.id,
            Booking.title,
            Booking.status,
            Booking.starts_at,
            Booking.ends_at,
            Booking.series,
            Booking.booker_name,
            Booking.space,
        )
        .where((Booking.venue == change.venue_id) & Booking.status.is_in(HOLDS_TIME_VALUES) & (Booking.ends_at > since))
        .order_by(Booking.starts_at)
        .order_by(Booking.id)
    )
    if change.ends_at is not None:
        query = query.where(Booking.starts_at < change.ends_at)
    if change.space_ids is not None:
        query = query.where(Booking.space.is_in(list(change.space_ids)))
    rows = await query
    if not rows:
        return []
    venue = await get_venue(change.venue_id)
    space_ids = sorted({row["space"] for row in rows})
    spaces = {space.id: space for space in await Space.objects().where(Space.id.is_in(space_ids))}
    parts = await parts_of(space_ids)
    before = await load_calendar(
        [venue.id], min(row["starts_at"] for row in rows) - timedelta(days=1), max(row["ends_at"] for row in rows)
    )
    after = change.changed(before)
    found = []
    for row in rows:
        bookable = Bookable(spaces[row["space"]], venue, parts.get(row["space"], ()))
        starts_at, ends_at = row["starts_at"], row["ends_at"]
        if next(
            calendar_violations(bookable, starts_at, ends_at, opening_in(before, bookable, starts_at, ends_at)), None
        ):
            continue
        broken = next(
            calendar_violations(bookable, starts_at, ends_at, opening_in(after, bookable, starts_at, ends_at)), None
        )
        if broken is not None:
            found.append(
                Reached(
                    id=row["id"],
                    title=row["title"],
                    status=row["status"],
                    starts_at=starts_at,
                    ends_at=ends_at,
                    series_id=row["series"],
                    booker_name=row["booker_name"],
                    space_name=bookable.space.name,
                    why=broken.detail,
                    tz=venue.timezone,
                )
            )
    return found


def listed(found: Sequence[Reached]) -> list[dict[str, Any]]:
    return [item.as_json() for item in found[:LISTED]]


def phrases(found: Sequence[Reached]) -> str:
    named = [item.phrase() for item in found[:PHRASED]]
    more = len(found) - len(named)
    if more:
        return _("%(listed)s and %(more)s more") % {"listed": "; ".join(named), "more": more}
    return "; ".join(named)
