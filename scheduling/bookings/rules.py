"""The rules every booking must meet when it is made or moved, each refused with a RuleViolation naming it.

The rules are generators of violations over data already loaded, so the
booking path raises the first one, availability search skips spaces that
break any, and neither costs a query per rule. Managers may override the
notice and horizon rules for their own venue; no one overrides the others,
and the overlap rule lives in the database, not here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta

from scheduling.wording import clock_span, hours_minutes, local, when
from venues.core.errors import InvalidInput, RuleViolation
from venues.core.intervals import covers
from venues.core.timezones import check_day, local_datetime
from venues.opening.calendar import Calendar, Opening, load_calendar, space_opening
from venues.spaces.bookable import Bookable, Held, hold_current

OVERRIDABLE = frozenset({"notice", "horizon"})


def require_plausible(moment: datetime, field: str) -> None:
    """Refuse instants no booking can have, before any date arithmetic could overflow on them."""
    check_day(field, moment)


def require_order(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise InvalidInput("ends_at", "The booking must end after it starts.")


def space_violations(bookable: Bookable) -> Iterator[RuleViolation]:
    space, venue = bookable.space, bookable.venue
    if venue.archived:
        yield RuleViolation("venue_archived", f"{venue.name} is archived and takes no bookings.")
    if space.archived:
        yield RuleViolation("space_archived", f"{space.name} is archived and takes no bookings.")
    if not space.bookable:
        yield RuleViolation("space_not_bookable", f"{space.name} is not open for bookings.")


def capacity_violations(bookable: Bookable, attendance: int) -> Iterator[RuleViolation]:
    capacity = bookable.space.capacity
    if attendance > capacity:
        yield RuleViolation(
            "capacity", f"{bookable.space.name} holds {capacity} people; this booking expects {attendance}."
        )


def _length_violations(bookable: Bookable, starts_at: datetime, ends_at: datetime) -> Iterator[RuleViolation]:
    space = bookable.space
    minutes = (ends_at - starts_at).total_seconds() / 60
    if minutes < space.min_booking_minutes:
        yield RuleViolation(
            "min_length", f"Bookings of {space.name} last at least {hours_minutes(space.min_booking_minutes)}."
        )
    if minutes > space.max_booking_minutes:
        yield RuleViolation(
            "max_length", f"Bookings of {space.name} last at most {hours_minutes(space.max_booking_minutes)}."
        )


def _advance_violations(
    bookable: Bookable, starts_at: datetime, ends_at: datetime, now: datetime
) -> Iterator[RuleViolation]:
    space, tz = bookable.space, bookable.tz
    earliest = now + timedelta(minutes=space.min_notice_minutes)
    if starts_at < now:
        # Still the notice rule (a manager may record a past booking), but said as what it is.
        yield RuleViolation(
            "notice",
            f"{when(starts_at, tz)} has already passed: the earliest start now is {when(earliest, tz)}.",
        )
    elif starts_at < earliest:
        yield RuleViolation(
            "notice",
            f"{space.name} needs {hours_minutes(space.min_notice_minutes)} notice: "
            f"the earliest start now is {when(earliest, tz)}.",
        )
    latest = now + timedelta(days=space.horizon_days)
    if ends_at > latest:
        yield RuleViolation(
            "horizon",
            f"{space.name} takes bookings up to {space.horizon_days} days ahead: "
            f"this one must end by {when(latest, tz)}.",
        )


def closed_days(starts_at: datetime, ends_at: datetime, tz: str) -> str:
    """A closure's whole local days: ``on Fri 4 Dec 2026`` or ``from Thu 24 Dec 2026 to Fri 1 Jan 2027``."""
    first, last = local(starts_at, tz), local(ends_at - timedelta(seconds=1), tz)
    if first.date() == last.date():
        return f"on {first:%a} {first.day} {first:%b %Y}"
    return f"from {first:%a} {first.day} {first:%b %Y} to {last:%a} {last.day} {last:%b %Y}"


def calendar_violations(
    bookable: Bookable, starts_at: datetime, ends_at: datetime, opening: Opening
) -> Iterator[RuleViolation]:
    name, tz = bookable.space.name, bookable.tz
    for closed in opening.closures:
        if closed.starts_at < ends_at and closed.ends_at > starts_at:
            because = f": {closed.reason}" if closed.reason else ""
            # A closure of the whole venue is the hall's, not the one space's the booking happens to be in.
            shut = "The hall" if closed.whole_venue else name
            yield RuleViolation(
                "closure", f"{shut} is closed {closed_days(closed.starts_at, closed.ends_at, tz)}{because}."
            )
            return
    if not covers(opening.open, starts_at, ends_at):
        day = local(starts_at, tz)
        hours = [
            clock_span(a, b, tz) for a, b in opening.open if local(a, tz).date() <= day.date() <= local(b, tz).date()
        ]
        open_text = "open " + ", ".join(hours) if hours else "closed all day"
        yield RuleViolation(
            "opening_hours",
            f"The booking must fit inside one opening period: on {day:%a} {day.day} {day:%b} {name} is {open_text}.",
        )


def time_violations(
    bookable: Bookable, starts_at: datetime, ends_at: datetime, opening: Opening, now: datetime
) -> Iterator[RuleViolation]:
    """Length, notice, horizon, closures and opening hours, in that order."""
    yield from _length_violations(bookable, starts_at, ends_at)
    yield from _advance_violations(bookable, starts_at, ends_at, now)
    yield from calendar_violations(bookable, starts_at, ends_at, opening)


def enforce(violations: Iterable[RuleViolation], override: bool = False) -> list[str]:
    """Raise the first violation that may not be overridden; return the overridden rules' names."""
    overridden: list[str] = []
    for violation in violations:
        if override and violation.rule in OVERRIDABLE:
            overridden.append(violation.rule)
            continue
        raise violation
    return overridden


def days_around(tz: str, starts_at: datetime, ends_at: datetime) -> tuple[datetime, datetime]:
    """The whole local days a booking touches, and the day after (so that a late finish is quoted whole):
    the window its opening is read over."""
    window_start = local_datetime(local(starts_at, tz).date(), datetime.min.time(), tz)
    window_end = local_datetime(local(ends_at, tz).date() + timedelta(days=2), datetime.min.time(), tz)
    return window_start, window_end


def opening_in(calendar: Calendar, bookable: Bookable, starts_at: datetime, ends_at: datetime) -> Opening:
    """The space's opening over the whole local days the booking touches, from a calendar already loaded."""
    window_start, window_end = days_around(bookable.tz, starts_at, ends_at)
    return space_opening(
        calendar,
        bookable.venue.id,
        bookable.tz,
        bookable.space.id,
        window_start,
        window_end,
        closure_space_ids=bookable.part_ids,
    )


async def opening_around(bookable: Bookable, starts_at: datetime, ends_at: datetime) -> Opening:
    """The space's opening over the whole local days the booking touches (so messages can quote the day's hours),
    and the day after, so that a late finish is quoted whole (Saturday's ``18:00–01:00 (next day)``)."""
    tz = bookable.tz
    window_start, window_end = days_around(tz, starts_at, ends_at)
    calendar = await load_calendar([bookable.venue.id], window_start, window_end)
    return space_opening(
        calendar,
        bookable.venue.id,
        tz,
        bookable.space.id,
        window_start,
        window_end,
        closure_space_ids=bookable.part_ids,
    )


async def check_booking(
    bookable: Bookable,
    starts_at: datetime,
    ends_at: datetime,
    attendance: int,
    now: datetime,
    override: bool = False,
) -> list[str]:
    """Every rule for a new or moved booking; returns the rules a manager overrode."""
    require_order(starts_at, ends_at)
    enforce(space_violations(bookable))
    enforce(capacity_violations(bookable, attendance))
    opening = await opening_around(bookable, starts_at, ends_at)
    return enforce(time_violations(bookable, starts_at, ends_at, opening, now), override)


async def opening_held(bookable: Bookable, starts_at: datetime, ends_at: datetime) -> Held:
    """Inside the write transaction, before writing held time: the space and venue held (``hold_current``) and the
    booking checked again against the venue's hours and closures as they are now, so a closure or new hours
    committed since the first check refuse it (422) rather than leave it inside them unseen; one calendar load."""
    held = await hold_current(bookable, *days_around(bookable.tz, starts_at, ends_at))
    enforce(calendar_violations(bookable, starts_at, ends_at, opening_in(held.calendar, bookable, starts_at, ends_at)))
    return held
