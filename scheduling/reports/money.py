"""Hours and hire by tier, and the value of free and low-cost hours given.

Over the period's confirmed bookings, grouped by the kind of the tier they were booked at (``unknown`` where the
booking has none, or its tier was deleted): sessions, minutes booked and the hire charged
(``Booking.hire_minor``, fixed with the price). Minutes are the time inside the period, clipped at both ends as
``use`` clips them, so free hours over midnight at a period's edge are split between the two periods and the
free minutes agree with the hours booked; sessions, hire and the value given count by the session's start, so
a booking's money is counted once, in the period it starts. The value given is, for free and low-cost bookings whose
standard-tier price is known (``standard_hire_minor``), that price less what was charged, never below nothing
per booking; those whose standard price is unknown are counted as ``unvalued_sessions`` rather than guessed.
Commonroom bills in one currency (pounds), so the figures carry it rather than adding across currencies.
"""

from __future__ import annotations

from scheduling.reports.booked import BOOKING, CONFIRMED, TIER, Sql, fetch, minutes, whole, window
from scheduling.reports.figures import Money, TierMoney
from scheduling.reports.period import Period
from scheduling.reports.scope import Scope
from venues.vocabulary import COMMUNITY_TIERS, TierKind

CURRENCY = "GBP"
UNKNOWN = "unknown"
# Tier kinds in the order a report lists them, then anything else a row holds.
_ORDER = [str(kind) for kind in TierKind] + [UNKNOWN]


async def money_figures(scope: Scope, period: Period) -> Money:
    booked = window(scope, period)
    if booked.empty:
        return Money(CURRENCY, 0, 0, 0, 0)
    # Sessions and money count by start (a booking's hire once, in the period it starts); minutes inside the period.
    started = booked.started("b")
    query = (
        Sql(f"SELECT COALESCE(t.\"kind\", '{UNKNOWN}') AS kind, COUNT(CASE WHEN ")
        + started
        + Sql(f" THEN 1 END) AS sessions, SUM({booked.seconds('b')}) AS seconds, SUM(CASE WHEN ")
        + started
        + ' THEN b."hire_minor" ELSE 0 END) AS hire, SUM(CASE WHEN '
        + started
        + ' AND b."standard_hire_minor" > b."hire_minor" '
        + 'THEN b."standard_hire_minor" - b."hire_minor" ELSE 0 END) AS value_given, '
        + "COUNT(CASE WHEN "
        + started
        + ' AND b."standard_hire_minor" IS NULL THEN 1 END) AS unvalued '
        + f'FROM "{BOOKING}" b LEFT JOIN "{TIER}" t ON t."id" = b."tier" WHERE '
        + booked.overlaps("b")
        + f' AND b."status" = {CONFIRMED} GROUP BY 1'
    )
    rows = await fetch(query)
    rows.sort(key=lambda row: (_ORDER.index(row["kind"]) if row["kind"] in _ORDER else len(_ORDER), row["kind"]))
    community = [row for row in rows if row["kind"] in COMMUNITY_TIERS]
    free = [row for row in rows if row["kind"] == TierKind.free]
    low_cost = [row for row in rows if row["kind"] == TierKind.low_cost]
    return Money(
        currency=CURRENCY,
        free_minutes=sum(minutes(row["seconds"]) for row in free),
        low_cost_minutes=sum(minutes(row["seconds"]) for row in low_cost),
        value_given_minor=sum(whole(row["value_given"]) for row in community),
        unvalued_sessions=sum(whole(row["unvalued"]) for row in community),
        by_tier=[
            TierMoney(
                tier_kind=row["kind"],
                sessions=whole(row["sessions"]),
                booked_minutes=minutes(row["seconds"]),
                hire_minor=whole(row["hire"]),
            )
            for row in rows
        ],
    )
