"""The rules every booking must meet when it is made or moved, each refused with a RuleViolation naming it.

The rules are generators of violations over data already loaded, so the
booking path raises the first one, availability search skips spaces that
break any, and neither costs a query per rule. Managers may override the
notice and horizon rules for their own venue; no one overrides the others,
and the overlap rule lives in the database, not here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta

from scheduling.wording import clock_span, hours_minutes, local, when
from venues.core.errors import InvalidInput, RuleViolation
from venues.core.i18n import DEFAULT_LANGUAGE, _, current_language, ngettext
from venues.core.i18n.formatting import short_day
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
        raise InvalidInput("ends_at", _("The booking must end after it starts."))


def space_violations(bookable: Bookable) -> Iterator[RuleViolation]:
    space, venue = bookable.space, bookable.venue
    if venue.archived:
        yield RuleViolation("venue_archived", _("%(name)s is archived and takes no bookings.") % {"name": venue.name})
    if space.archived:
        yield RuleViolation("space_archived", _("%(name)s is archived and takes no bookings.") % {"name": space.name})
    if not space.bookable:
        yield RuleViolation("space_not_bookable", _("%(name)s is not open for bookings.") % {"name": space.name})


def capacity_violations(bookable: Bookable, attendance: int) -> Iterator[RuleViolation]:
    capacity = bookable.space.capacity
    if attendance > capacity:
        yield RuleViolation(
            "capacity",
            ngettext(
                "%(name)s holds %(capacity)s person; this booking expects %(attendance)s.",
                "%(name)s holds %(capacity)s people; this booking expects %(attendance)s.",
                capacity,
            )
            % {"name": bookable.space.name, "capacity": capacity, "attendance": attendance},
        )


def _length_violations(bookable: Bookable, starts_at: datetime, ends_at: datetime) -> Iterator[RuleViolation]:
    space = bookable.space
    minutes = (ends_at - starts_at).total_seconds() / 60
    if minutes < space.min_booking_minutes:
        yield RuleViolation(
            "min_length",
            _("Bookings of %(name)s last at least %(min_booking_minutes)s.")
            % {"name": space.name, "min_booking_minutes": hours_minutes(space.min_booking_minutes)},
        )
    if minutes > space.max_booking_minutes:
        yield RuleViolation(
            "max_length",
            _("Bookings of %(name)s last at most %(max_booking_minutes)s.")
            % {"name": space.name, "max_booking_minutes": hours_minutes(space.max_booking_minutes)},
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
            _("%(starts_at)s has already passed: the earliest start now is %(earliest)s.")
            % {"starts_at": when(starts_at, tz), "earliest": when(earliest, tz)},
        )
    elif starts_at < earliest:
        yield RuleViolation(
            "notice",
            _("%(name)s needs %(min_notice_minutes)s notice: the earliest start now is %(earliest)s.")
            % {
                "name": space.name,
                "min_notice_minutes": hours_minutes(space.min_notice_minutes),
                "earliest": when(earliest, tz),
            },
        )
    latest = now + timedelta(days=space.horizon_days)
    if ends_at > latest:
        yield RuleViolation(
            "horizon",
            _("%(name)s takes bookings up to %(horizon_days)s days ahead: this one must end by %(latest)s.")
            % {"name": space.name, "horizon_days": space.horizon_days, "latest": when(latest, tz)},
        )


def day_text(day: date, with_year: bool = True) -> str:
    """``Fri 4 Dec 2026`` (``Fri 4 Dec`` without the year) in the language in force; English as it always read."""
    if current_language() == DEFAULT_LANGUAGE:
        return f"{day:%a} {day.day} {day:%b %Y}" if with_year else f"{day:%a} {day.day} {day:%b}"
    return short_day(day, with_year=with_year)


def closure_sentence(whole_venue: bool, name: str, first: date, last: date, reason: str) -> str:
    """``The hall is closed on Fri 4 Dec 2026: Christmas.``, ``Main hall is closed from … to ….``: one sentence each."""
    values = {"name": name, "day": day_text(first), "first": day_text(first), "last": day_text(last), "reason": reason}
    # A closure of the whole venue is the hall's, not the one space's the booking happens to be in.
    if first == last:
        if whole_venue:
            text = _("The hall is closed on %(day)s: %(reason)s.") if reason else _("The hall is closed on %(day)s.")
        else:
            text = _("%(name)s is closed on %(day)s: %(reason)s.") if reason else _("%(name)s is closed on %(day)s.")
    elif whole_venue:
        text = (
            _("The hall is closed from %(first)s to %(last)s: %(reason)s.")
            if reason
            else _("The hall is closed from %(first)s to %(last)s.")
        )
    else:
        text = (
            _("%(name)s is closed from %(first)s to %(last)s: %(reason)s.")
            if reason
            else _("%(name)s is closed from %(first)s to %(last)s.")
        )
    return text % values


def calendar_violations(
    bookable: Bookable, starts_at: datetime, ends_at: datetime, opening: Opening
) -> Iterator[RuleViolation]:
    name, tz = bookable.space.name, bookable.tz
    for closed in opening.closures:
        if closed.starts_at < ends_at and closed.ends_at > starts_at:
            first, last = local(closed.starts_at, tz), local(closed.ends_at - timedelta(seconds=1), tz)
            yield RuleViolation(
                "closure",
                closure_sentence(closed.whole_venue, name, first.date(), last.date(), closed.reason or ""),
            )
            return
    if not covers(opening.open, starts_at, ends_at):
        day = local(starts_at, tz)
        hours = [
            clock_span(a, b, tz) for a, b in opening.open if local(a, tz).date() <= day.date() <= local(b, tz).date()
        ]
        values = {"day": day_text(day.date(), with_year=False), "name": name, "hours": ", ".join(hours)}
        yield RuleViolation(
            "opening_hours",
            _("The booking must fit inside one opening period: on %(day)s %(name)s is open %(hours)s.") % values
            if hours
            else _("The booking must fit inside one opening period: on %(day)s %(name)s is closed all day.") % values,
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
