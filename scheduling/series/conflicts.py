"""Checking every occurrence of a series at once, and the 409 that lists each date that cannot be booked.

A series may have hundreds of dates, so nothing here costs a query per date:
opening hours and closures for the whole span come from ``load_calendar`` (two
queries), the time already held from ``load_held`` (one), and each occurrence
is then judged in Python with the same rules a one-off booking meets. The
database's overlap guard still has the last word when the rows are written.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from scheduling.bookings.rules import time_violations
from scheduling.holds.occupancy import Hold, from_epoch, hold_for
from scheduling.holds.windows import occupancy_overlaps
from scheduling.models import Occupancy
from scheduling.recurrence.rules import Occurrence
from scheduling.wording import local, span
from venues.core.errors import Conflict
from venues.core.i18n import _
from venues.core.timezones import local_datetime
from venues.opening.calendar import Calendar, space_opening
from venues.spaces.bookable import Bookable

# The four kinds of reason a person reads; ``rule`` keeps the precise rule.
REASONS = {"overlap": "taken", "closure": "closed", "opening_hours": "outside_opening_hours"}
OTHER_RULE = "other_rule"
# Clashes spelled out in a 409's detail; all of them are in its ``clashes`` member.
DETAIL_LIMIT = 10


@dataclass(frozen=True)
class HeldRow:
    """Time a booking holds on one physical space; ``booking_id`` is None for the series' own earlier dates."""

    space_id: int
    space_name: str
    starts_ts: int
    ends_ts: int
    booking_id: int | None
    title: str


@dataclass(frozen=True)
class Clash:
    """Why one occurrence cannot be booked: the rule it breaks, or the held time it meets."""

    occurrence: Occurrence
    rule: str
    detail: str
    held: HeldRow | None = None

    @property
    def reason(self) -> str:
        return REASONS.get(self.rule, OTHER_RULE)


@dataclass(frozen=True)
class Verdict:
    bookable: list[Occurrence]
    clashes: list[Clash]


class _Timeline:
    """Held rows of one space, sorted by start. Rows of one space never overlap (the guard sees to it),
    so they are sorted by end as well and one bisection finds the only row that can meet a new one."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._rows: list[HeldRow] = []

    def add(self, row: HeldRow) -> None:
        index = bisect_right(self._starts, row.starts_ts)
        self._starts.insert(index, row.starts_ts)
        self._rows.insert(index, row)

    def meeting(self, starts_ts: int, ends_ts: int) -> HeldRow | None:
        index = bisect_left(self._starts, ends_ts)
        if index and self._rows[index - 1].ends_ts > starts_ts:
            return self._rows[index - 1]
        return None


def day_window(occurrence: Occurrence, tz_name: str) -> tuple[datetime, datetime]:
    """The whole local days an occurrence touches, so a refusal can quote that day's hours."""
    first = local(occurrence.starts_at, tz_name).date()
    last = local(occurrence.ends_at, tz_name).date()
    return local_datetime(first, time(0), tz_name), local_datetime(last + timedelta(days=1), time(0), tz_name)


def calendar_span(occurrences: Sequence[Occurrence], tz_name: str) -> tuple[datetime, datetime]:
    """From the first occurrence's day to the end of the last one's: what ``load_calendar`` needs."""
    return day_window(occurrences[0], tz_name)[0], day_window(occurrences[-1], tz_name)[1]


async def load_held(
    bookable: Bookable, holds: Sequence[Hold], exclude_booking_ids: Iterable[int] = ()
) -> list[HeldRow]:
    """Every occupancy row on the series' physical spaces across all its holds: one indexed query."""
    if not holds:
        return []
    excluded = set(exclude_booking_ids)
    rows = (
        await Occupancy.select(
            Occupancy.space,
            Occupancy.space.name,
            Occupancy.starts_ts,
            Occupancy.ends_ts,
            Occupancy.booking,
            Occupancy.booking.title,
        )
        .where(
            Occupancy.space.is_in(list(bookable.physical_ids))
            & occupancy_overlaps(min(hold.starts_ts for hold in holds), max(hold.ends_ts for hold in holds))
        )
        .order_by(Occupancy.starts_ts)
    )
    return [
        HeldRow(row["space"], row["space.name"], row["starts_ts"], row["ends_ts"], row["booking"], row["booking.title"])
        for row in rows
        if row["booking"] not in excluded
    ]


def holds_of(bookable: Bookable, occurrences: Iterable[Occurrence]) -> list[Hold]:
    return [hold_for(bookable, occurrence.starts_at, occurrence.ends_at) for occurrence in occurrences]


def evaluate(
    bookable: Bookable,
    occurrences: Sequence[Occurrence],
    calendar: Calendar,
    held: Iterable[HeldRow],
    now: datetime,
    title: str = "",
) -> Verdict:
    """Judge each occurrence in order: the booking rules first, then the time held (earlier dates included)."""
    tz = bookable.tz
    timelines = {space_id: _Timeline() for space_id in bookable.physical_ids}
    for row in held:
        timelines[row.space_id].add(row)
    fine: list[Occurrence] = []
    clashes: list[Clash] = []
    for occurrence in occurrences:
        opening = space_opening(
            calendar,
            bookable.venue.id,
            tz,
            bookable.space.id,
            *day_window(occurrence, tz),
            closure_space_ids=bookable.part_ids,
        )
        violation = next(time_violations(bookable, occurrence.starts_at, occurrence.ends_at, opening, now), None)
        if violation is not None:
            clashes.append(Clash(occurrence, violation.rule, violation.detail))
            continue
        hold = hold_for(bookable, occurrence.starts_at, occurrence.ends_at)
        met = next(
            (
                seen
                for space_id in hold.space_ids
                if (seen := timelines[space_id].meeting(hold.starts_ts, hold.ends_ts))
            ),
            None,
        )
        if met is not None:
            clashes.append(Clash(occurrence, "overlap", _taken_phrase(met, tz), held=met))
            continue
        for space_id in hold.space_ids:
            timelines[space_id].add(HeldRow(space_id, bookable.space.name, hold.starts_ts, hold.ends_ts, None, title))
        fine.append(occurrence)
    return Verdict(fine, clashes)


def _taken_phrase(row: HeldRow, tz_name: str) -> str:
    whose = " by an earlier date of this series" if row.booking_id is None else ""
    return f"{row.space_name} is taken {span(from_epoch(row.starts_ts), from_epoch(row.ends_ts), tz_name)}{whose} (set-up and clean-up included)."


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def clash_json(clash: Clash, tz_name: str, reveal: bool) -> dict[str, Any]:
    """A clash for an API body, in the venue's local time; who holds the time only for those who run the venue."""
    occurrence = clash.occurrence
    item: dict[str, Any] = {
        "date": occurrence.local_date.isoformat(),
        "recurrence_id": _iso(occurrence.starts_at),
        "starts_at": _iso(occurrence.starts_at),
        "ends_at": _iso(occurrence.ends_at),
        "starts_local": local(occurrence.starts_at, tz_name).isoformat(),
        "ends_local": local(occurrence.ends_at, tz_name).isoformat(),
        "reason": clash.reason,
        "rule": clash.rule,
        "detail": clash.detail,
    }
    if reveal and clash.held is not None and clash.held.booking_id is not None:
        item.update(booking_id=clash.held.booking_id, title=clash.held.title)
    return item


class SeriesConflict(Conflict):
    """Some dates of a series cannot be booked, and the caller asked for all or nothing (or none can be)."""

    rule = "series_conflict"


def series_conflict(
    clashes: Sequence[Clash], total: int, tz_name: str, reveal: bool, raced: bool = False
) -> SeriesConflict:
    listed = "; ".join(
        f"{span(c.occurrence.starts_at, c.occurrence.ends_at, tz_name)} ({c.reason.replace('_', ' ')}: {c.detail})"
        for c in clashes[:DETAIL_LIMIT]
    )
    if len(clashes) > DETAIL_LIMIT:
        listed = _("%(listed)s; and %(more)s more") % {"listed": listed, "more": len(clashes) - DETAIL_LIMIT}
    values = {"listed": listed, "total": total, "count": len(clashes)}
    if raced:
        detail = (
            _(
                "Someone booked time this series needs while it was being saved, so nothing was booked: "
                "%(listed)s (venue time). Try again."
            )
            if clashes
            else _("Someone booked time this series needs while it was being saved, so nothing was booked. Try again.")
        )
    elif len(clashes) >= total:
        detail = (
            _("None of the series' %(total)s dates can be booked: %(listed)s (venue time).")
            if clashes
            else _("None of the series' %(total)s dates can be booked.")
        )
    else:
        detail = (
            _(
                "%(count)s of the series' %(total)s dates cannot be booked, so nothing was booked: %(listed)s "
                "(venue time). Send skip_conflicts=true to book the other dates."
            )
            if clashes
            else _(
                "%(count)s of the series' %(total)s dates cannot be booked, so nothing was booked. "
                "Send skip_conflicts=true to book the other dates."
            )
        )
    return SeriesConflict(
        detail % values,
        rule=SeriesConflict.rule,
        clashes=[clash_json(clash, tz_name, reveal) for clash in clashes],
        total=total,
    )
