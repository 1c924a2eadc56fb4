"""Sessions held, not held, unrecorded, to come and cancelled (by the hirer or the venue).

One query over the period's bookings and their records. A confirmed session is exactly one of ``held`` and
``not_held`` (recorded), ``unrecorded`` (started before ``now`` with no record) and ``to_come`` (not started, no
record), so the four add up to ``sessions``. A cancelled booking counts by its start, whoever it was for; one
cancelled before who cancelled was kept (``cancelled_by`` empty) counts in neither.
"""

from __future__ import annotations

from datetime import datetime

from scheduling.reports.booked import BOOKING, CANCELLED, CONFIRMED, RECORD, Sql, fetch, whole, window
from scheduling.reports.figures import Sessions
from scheduling.reports.period import Period
from scheduling.reports.scope import Scope
from scheduling.vocabulary import CancelledBy


async def session_figures(scope: Scope, period: Period, now: datetime) -> Sessions:
    booked = window(scope, period)
    if booked.empty:
        return Sessions(0, 0, 0, 0, 0, 0, 0)
    confirmed = f'b."status" = {CONFIRMED}'
    cancelled = f'b."status" = {CANCELLED}'
    query = (
        Sql(
            f"SELECT COUNT(CASE WHEN {confirmed} THEN 1 END) AS sessions, "
            f'COUNT(CASE WHEN {confirmed} AND r."held" THEN 1 END) AS held, '
            f'COUNT(CASE WHEN {confirmed} AND NOT r."held" THEN 1 END) AS not_held, '
            f'COUNT(CASE WHEN {confirmed} AND r."id" IS NULL AND b."starts_at" < {{}} THEN 1 END) AS unrecorded, '
            f'COUNT(CASE WHEN {confirmed} AND r."id" IS NULL AND b."starts_at" >= {{}} THEN 1 END) AS to_come, '
            f"COUNT(CASE WHEN {cancelled} AND b.\"cancelled_by\" = '{CancelledBy.hirer}' THEN 1 END) AS by_hirer, "
            f"COUNT(CASE WHEN {cancelled} AND b.\"cancelled_by\" = '{CancelledBy.venue}' THEN 1 END) AS by_venue "
            f'FROM "{BOOKING}" b LEFT JOIN "{RECORD}" r ON r."booking" = b."id" WHERE ',
            (now, now),
        )
        + booked.starts_in("b")
        + f' AND b."status" IN ({CONFIRMED}, {CANCELLED})'
    )
    row = (await fetch(query))[0]
    return Sessions(
        sessions=whole(row["sessions"]),
        held=whole(row["held"]),
        not_held=whole(row["not_held"]),
        unrecorded=whole(row["unrecorded"]),
        to_come=whole(row["to_come"]),
        cancelled_by_hirer=whole(row["by_hirer"]),
        cancelled_by_venue=whole(row["by_venue"]),
    )
