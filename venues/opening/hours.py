"""Weekly opening hours: checking a week's intervals and replacing the stored set in one go.

A venue's rows (``space`` null) say when the building is open. A space's own
rows narrow that for the space; a space with no rows follows the venue.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time

from piccolo.custom_types import Combinable

from venues.core.database import write_transaction
from venues.core.errors import InvalidInput
from venues.models import OpeningHours
from venues.publication import touch_venue

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, order=True)
class Interval:
    """Open from ``opens`` to ``closes`` (local time) on ``weekday``, 0 = Monday."""

    weekday: int
    opens: time
    closes: time


def parse_clock(value: str, field: str) -> time:
    """``"HH:MM"`` (24-hour clock) as a time."""
    try:
        hours, minutes = value.split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise InvalidInput(field, f"{value!r} is not a time of day such as '09:30'.") from None


def check_week(intervals: Sequence[Interval], field: str = "hours") -> list[Interval]:
    """The intervals sorted, or InvalidInput naming the first bad row as ``hours[i].<member>``."""
    for index, interval in enumerate(intervals):
        if not 0 <= interval.weekday <= 6:
            raise InvalidInput(f"{field}[{index}].weekday", "weekday runs from 0 (Monday) to 6 (Sunday).")
        if interval.closes <= interval.opens:
            raise InvalidInput(
                f"{field}[{index}].closes",
                f"On {WEEKDAYS[interval.weekday]} closes ({interval.closes:%H:%M}) must be after opens "
                f"({interval.opens:%H:%M}); split an interval that runs past midnight in two.",
            )
    order = sorted(range(len(intervals)), key=lambda i: intervals[i])
    for before, after in zip(order, order[1:], strict=False):
        first, second = intervals[before], intervals[after]
        if first.weekday == second.weekday and second.opens < first.closes:
            raise InvalidInput(
                f"{field}[{after}].opens",
                f"On {WEEKDAYS[second.weekday]} {second.opens:%H:%M}–{second.closes:%H:%M} overlaps "
                f"{first.opens:%H:%M}–{first.closes:%H:%M} ({field}[{before}]); merge them into one interval.",
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
