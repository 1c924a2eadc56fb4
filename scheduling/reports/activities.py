"""Sessions by activity kind, audience, public or private, run or drop-in.

A session's listing is its series' (every date of a series shows the series' listing) or else its own, taken
whole (category, audience and drop-in all from the one listing, never mixed); the listing counts for what it says whether or not the public sees it now (a booking made private keeps its listing,
hidden). Sessions without one count under ``unlisted`` in the category and audience breakdowns and are left out
of run against drop-in, which is a property of a listing. Public or private is the booking's ``is_public``.
Sessions count by their start; minutes are the time inside the period (``scheduling.reports.booked``), so a
booking from the evening before gives its minutes after midnight with no session. One grouped query; the few rows it returns are folded into the four breakdowns.
"""

from __future__ import annotations

from collections import defaultdict

from scheduling.reports.booked import ACTIVITY, BOOKING, CONFIRMED, Sql, fetch, minutes, whole, window
from scheduling.reports.figures import Activities, Breakdown
from scheduling.reports.period import Period
from scheduling.reports.scope import Scope

UNLISTED = "unlisted"
PUBLIC = "public"
PRIVATE = "private"
RUN = "run"
DROP_IN = "drop_in"


async def activity_figures(scope: Scope, period: Period) -> Activities:
    booked = window(scope, period)
    if booked.empty:
        return Activities()
    # All of a session's listing comes from one row: its series' listing when it has one, else its own.
    listing = 'CASE WHEN sa."id" IS NOT NULL THEN sa."{0}" ELSE oa."{0}" END AS {0}'
    query = (
        Sql(
            f"SELECT {listing.format('category')}, {listing.format('audience')}, {listing.format('drop_in')}, "
            'b."is_public" AS is_public, COUNT(CASE WHEN '
        )
        + booked.started("b")
        + Sql(
            f" THEN 1 END) AS sessions, SUM({booked.seconds('b')}) AS seconds "
            f'FROM "{BOOKING}" b '
            f'LEFT JOIN "{ACTIVITY}" sa ON sa."series" = b."series" '
            f'LEFT JOIN "{ACTIVITY}" oa ON oa."booking" = b."id" WHERE '
        )
        + booked.overlaps("b")
        + f' AND b."status" = {CONFIRMED} GROUP BY 1, 2, 3, 4'
    )
    category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    audience: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    visibility: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    format_: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in await fetch(query):
        sessions, seconds = whole(row["sessions"]), whole(row["seconds"])
        listed = row["category"] is not None
        keys = [
            (category, row["category"] if listed else UNLISTED),
            (audience, row["audience"] if listed else UNLISTED),
            (visibility, PUBLIC if row["is_public"] else PRIVATE),
        ]
        if listed:
            keys.append((format_, DROP_IN if row["drop_in"] else RUN))
        for totals, key in keys:
            totals[key][0] += sessions
            totals[key][1] += seconds
    return Activities(
        by_category=_rows(category),
        by_audience=_rows(audience),
        by_visibility=_rows(visibility, (PUBLIC, PRIVATE)),
        by_format=_rows(format_, (RUN, DROP_IN)),
    )


def _rows(totals: dict[str, list[int]], order: tuple[str, ...] = ()) -> list[Breakdown]:
    """Most sessions first (then by key); a fixed pair (public and private, run and drop-in) always, in its order."""
    if order:
        keys = list(order)
    else:
        keys = sorted(totals, key=lambda key: (-totals[key][0], key))
    return [Breakdown(key, totals[key][0], minutes(totals[key][1])) for key in keys]
