"""Recorded headcounts and first-timers.

Over the period's confirmed sessions whose record says held: ``recorded_sessions`` those with a headcount and
``headcount`` its sum (so the average per session divides like by like); ``first_timers`` the sum where they were
counted and ``first_timer_sessions`` over how many sessions. A session not held has no headcount to count.
"""

from __future__ import annotations

from scheduling.reports.booked import BOOKING, CONFIRMED, RECORD, Sql, fetch, whole, window
from scheduling.reports.figures import Attendance
from scheduling.reports.period import Period
from scheduling.reports.scope import Scope


async def attendance_figures(scope: Scope, period: Period) -> Attendance:
    booked = window(scope, period)
    if booked.empty:
        return Attendance(0, 0, 0, 0)
    query = (
        Sql(
            'SELECT COUNT(r."headcount") AS recorded, SUM(r."headcount") AS headcount, '
            'SUM(r."first_timers") AS first_timers, COUNT(r."first_timers") AS first_timer_sessions '
            f'FROM "{BOOKING}" b JOIN "{RECORD}" r ON r."booking" = b."id" WHERE '
        )
        + booked.starts_in("b")
        + f' AND b."status" = {CONFIRMED} AND r."held"'
    )
    row = (await fetch(query))[0]
    return Attendance(
        recorded_sessions=whole(row["recorded"]),
        headcount=whole(row["headcount"]),
        first_timers=whole(row["first_timers"]),
        first_timer_sessions=whole(row["first_timer_sessions"]),
    )
