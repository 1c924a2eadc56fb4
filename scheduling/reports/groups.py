"""Groups hosted, new this period and regular.

A group is hosted when it has a confirmed session that starts in the period (sessions count by start, as
``sessions`` counts them); its minutes are the time inside the period of all its confirmed bookings there,
clipped at both ends as ``use`` clips them (a Friday night over the turn of the month gives the new month its
hours after midnight). New when it has no confirmed booking at the scope's venues that started before the
period (its first confirmed session there falls in it; requests and cancelled bookings do not count, so a group
whose earlier bookings were all called off is still new); regular when one of its sessions starting in the
period is a date of a series that meets weekly or more often: the rule
``FREQ=WEEKLY`` every week (any BYDAY), or ``FREQ=DAILY`` every day up to every seventh day. Rules are stored as
``format_rrule`` writes them (INTERVAL right after FREQ, left out when 1), so a LIKE reads the frequency.
One grouped query, one row per group: counted as a whole, or returned as the rows when ``detail`` asks.
"""

from __future__ import annotations

from scheduling.reports.booked import BOOKING, CONFIRMED, GROUP, SERIES, Sql, fetch, minutes, whole, window
from scheduling.reports.figures import GroupRow, Groups
from scheduling.reports.period import Period
from scheduling.reports.scope import Scope
from scheduling.vocabulary import Frequency

# Every day up to every seventh day is weekly or more often.
_DAILY_INTERVALS = range(2, 8)


def regular_rule(column: str) -> str:
    """SQL: the stored RRULE text in ``column`` meets weekly or more often."""
    weekly = f"({column} LIKE 'FREQ={Frequency.weekly.value}%' AND {column} NOT LIKE '%INTERVAL=%')"
    daily = f"FREQ={Frequency.daily.value}"
    every_few_days = " OR ".join(
        f"{column} = '{daily};INTERVAL={n}' OR {column} LIKE '{daily};INTERVAL={n};%'" for n in _DAILY_INTERVALS
    )
    daily_rule = f"({column} LIKE '{daily}%' AND ({column} NOT LIKE '%INTERVAL=%' OR {every_few_days}))"
    return f"({weekly} OR {daily_rule})"


async def group_figures(scope: Scope, period: Period, *, detail: bool = True) -> Groups:
    booked = window(scope, period)
    if booked.empty:
        return Groups(0, 0, 0)
    regular = regular_rule('s."rrule"')
    started = booked.started("b")
    per_group = (
        Sql('SELECT b."group" AS group_id, g."name" AS name, COUNT(CASE WHEN ')
        + started
        + Sql(f" THEN 1 END) AS sessions, SUM({booked.seconds('b')}) AS seconds, MAX(CASE WHEN ")
        + started
        + f' AND s."id" IS NOT NULL AND {regular} THEN 1 ELSE 0 END) AS is_regular, '
        + f'CASE WHEN EXISTS (SELECT 1 FROM "{BOOKING}" p WHERE p."group" = b."group" '
        + f'AND p."status" = {CONFIRMED} AND '
        + booked.starts_before("p")
        + ") THEN 0 ELSE 1 END AS is_new "
        + f'FROM "{BOOKING}" b JOIN "{GROUP}" g ON g."id" = b."group" '
        + f'LEFT JOIN "{SERIES}" s ON s."id" = b."series" WHERE '
        + booked.overlaps("b")
        + f' AND b."status" = {CONFIRMED} GROUP BY b."group", g."name" HAVING COUNT(CASE WHEN '
        + started
        + " THEN 1 END) > 0"
    )
    if not detail:
        totals = (
            await fetch(
                "SELECT COUNT(*) AS hosted, SUM(t.is_new) AS new_groups, SUM(t.is_regular) AS regular_groups FROM ("
                + per_group
                + ") t"
            )
        )[0]
        return Groups(whole(totals["hosted"]), whole(totals["new_groups"]), whole(totals["regular_groups"]))
    rows = [
        GroupRow(
            group_id=row["group_id"],
            name=row["name"],
            sessions=whole(row["sessions"]),
            booked_minutes=minutes(row["seconds"]),
            new=bool(row["is_new"]),
            regular=bool(row["is_regular"]),
        )
        for row in await fetch(per_group)
    ]
    rows.sort(key=lambda row: (-row.sessions, row.name.casefold(), row.group_id))
    return Groups(
        hosted=len(rows),
        new=sum(row.new for row in rows),
        regular=sum(row.regular for row in rows),
        rows=rows,
    )
