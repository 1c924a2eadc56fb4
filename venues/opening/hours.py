"""Weekly opening hours: checking a week's intervals and replacing the stored set in one go.

A venue's rows (``space`` null) say when the building is open. A space's own
rows narrow that for the space; a space with no rows follows the venue.

A row whose ``closes`` is earlier than its ``opens`` runs past midnight and closes
on the next day (Saturday 18:00 – 01:00 closes at 01:00 on Sunday); ``00:00 – 00:00``
is the whole day. Any other row with equal times is refused, being empty. Overlaps
are checked on the week as a loop, so Saturday's late finish meets Sunday's early
hours and Sunday's meets Monday's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time

from piccolo.custom_types import Combinable

from venues.core.database import write_transaction
from venues.core.errors import InvalidInput
from venues.core.i18n import _
from venues.core.i18n.formatting import clock, weekday_names
from venues.models import OpeningHours
from venues.publication import touch_venue

MIDNIGHT = time(0, 0)
DAY_MINUTES = 24 * 60
WEEK_MINUTES = 7 * DAY_MINUTES


@dataclass(frozen=True, order=True)
class Interval:
    """Open from ``opens`` to ``closes`` (local time) on ``weekday``, 0 = Monday."""

    weekday: int
    opens: time
    closes: time

    @property
    def closes_next_day(self) -> bool:
        """True when the row runs past midnight: it closes on the following day."""
        return self.closes <= self.opens

    @property
    def whole_day(self) -> bool:
        return self.opens == self.closes == MIDNIGHT

    def week_minutes(self) -> tuple[int, int]:
        """Minutes from Monday 00:00 to opening and to closing (past the week's end for Sunday's late finish)."""
        opens = self.weekday * DAY_MINUTES + self.opens.hour * 60 + self.opens.minute
        length = (self.closes.hour * 60 + self.closes.minute) - (self.opens.hour * 60 + self.opens.minute)
        return opens, opens + (length if length > 0 else length + DAY_MINUTES)


def weekday_name(weekday: int) -> str:
    """``Monday`` for 0 … ``Sunday`` for 6, in the language in force."""
    return weekday_names()[weekday]


def times_text(opens: time, closes: time) -> str:
    """``18:00 – 01:00 (next day)``, ``09:00 – 17:00``, ``00:00 – 00:00 (all day)``."""
    times = {"opens": clock(opens), "closes": clock(closes)}
    if opens == closes == MIDNIGHT:
        return _("%(opens)s – %(closes)s (all day)") % times
    if closes <= opens:
        return _("%(opens)s – %(closes)s (next day)") % times
    return f"{times['opens']} – {times['closes']}"


def interval_text(interval: Interval) -> str:
    """``Saturday 18:00 – 01:00 (next day)``: a row as a manager reads it."""
    return f"{weekday_name(interval.weekday)} {times_text(interval.opens, interval.closes)}"


def parse_clock(value: str, field: str) -> time:
    """``"HH:MM"`` (24-hour clock) as a time."""
    try:
        hours, minutes = value.split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise InvalidInput(field, _("%(value)r is not a time of day such as '09:30'.") % {"value": value}) from None


def check_week(intervals: Sequence[Interval], field: str = "hours") -> list[Interval]:
    """The intervals sorted, or InvalidInput naming the first bad row as ``hours[i].<member>``.

    The week is a loop: a row's spill past midnight is checked against the next day's rows,
    Sunday's against Monday's.
    """
    for index, interval in enumerate(intervals):
        if not 0 <= interval.weekday <= 6:
            raise InvalidInput(f"{field}[{index}].weekday", _("weekday runs from 0 (Monday) to 6 (Sunday)."))
        if interval.opens == interval.closes and not interval.whole_day:
            raise InvalidInput(
                f"{field}[{index}].closes",
                _(
                    "On %(day)s opens and closes are both %(time)s, which leaves no time open. A closing time earlier "
                    "than the opening time closes on the next day (18:00 – 01:00); 00:00 – 00:00 is open all day."
                )
                % {"day": weekday_name(interval.weekday), "time": clock(interval.opens)},
            )
    order = sorted(range(len(intervals)), key=lambda i: (intervals[i].week_minutes(), intervals[i]))
    pairs = list(zip(order, order[1:], strict=False))
    if len(order) > 1:
        pairs.append((order[-1], order[0]))
    for before, after in pairs:
        first, second = intervals[before], intervals[after]
        first_ends = first.week_minutes()[1]
        second_opens = second.week_minutes()[0]
        if after == order[0] and before == order[-1]:
            second_opens += WEEK_MINUTES
        if second_opens < first_ends:
            same_day = first.weekday == second.weekday
            raise InvalidInput(
                f"{field}[{after}].opens",
                (
                    _("%(second)s overlaps %(first)s (%(row)s); merge them into one interval.")
                    if same_day
                    else _("%(second)s overlaps %(first)s (%(row)s); close the first one earlier or open later.")
                )
                % {"second": interval_text(second), "first": interval_text(first), "row": f"{field}[{before}]"},
            )
    return sorted(intervals)


def _scope(venue_id: int, space_id: int | None) -> Combinable:
    where = OpeningHours.venue == venue_id
    if space_id is None:
        return where & OpeningHours.space.is_null()
    return where & (OpeningHours.space == space_id)


async def weekly_hours(venue_id: int, space_id: int | None = None) -> list[Interval]:
    """The venue's own rows, or with ``space_id`` that space's narrowing rows."""
    rows = await OpeningHours.select(OpeningHours.weekday, OpeningHours.opens, OpeningHours.closes).where(
        _scope(venue_id, space_id)
    )
    return sorted(Interval(row["weekday"], row["opens"], row["closes"]) for row in rows)


async def spaces_with_own_hours(venue_id: int) -> set[int]:
    """The venue's spaces that have hours of their own (the rest follow the venue's): one query."""
    rows = await OpeningHours.select(OpeningHours.space).where(
        (OpeningHours.venue == venue_id) & OpeningHours.space.is_not_null()
    )
    return {row["space"] for row in rows}


async def replace_weekly_hours(venue_id: int, space_id: int | None, intervals: Sequence[Interval]) -> list[Interval]:
    """Check the whole week first, then swap the stored set in one transaction: all or nothing."""
    week = check_week(intervals)
    async with write_transaction():
        await OpeningHours.delete().where(_scope(venue_id, space_id))
        if week:
            await OpeningHours.insert(
                *[
                    OpeningHours(
                        venue=venue_id, space=space_id, weekday=row.weekday, opens=row.opens, closes=row.closes
                    )
                    for row in week
                ]
            )
        await touch_venue(venue_id)
    return week
