"""What the public may see of a venue's or an area's report: its impact page holds no private data.

Counts are public (sessions, hours, private sessions counted as such, headcounts in total); what names a
group, a booker or a private booking is not. So the public figures drop the group rows (names and each
group's sessions) and what each tier paid (a tier used by one hirer would tell what that hirer paid); a
group's own report is never public. Titles, purposes and bookers never reach a report at all: the figures
are counts and minutes by vocabulary keys.

Nor does a public report name what the public cannot see (``venues.visibility``): an area's public scope leaves
out its archived venues (``area_scope(public=True)``), and the use by space leaves out archived spaces (their
hours still count in the totals, unnamed).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from scheduling.reports.build import report
from scheduling.reports.figures import Figures, Report, TierMoney
from scheduling.reports.period import Period
from scheduling.reports.scope import Scope, ScopeKind
from venues.models import Space


def public_figures(figures: Figures, hidden_spaces: frozenset[int] = frozenset()) -> Figures:
    use = figures.use
    if use is not None and hidden_spaces:
        use = replace(use, by_space=[row for row in use.by_space if row.space_id not in hidden_spaces])
    return replace(
        figures,
        use=use,
        groups=replace(figures.groups, rows=[]),
        money=replace(
            figures.money,
            by_tier=[
                TierMoney(tier.tier_kind, tier.sessions, tier.booked_minutes, 0) for tier in figures.money.by_tier
            ],
        ),
    )


def public_report(found: Report, hidden_spaces: frozenset[int] = frozenset()) -> Report:
    return replace(
        found,
        current=public_figures(found.current, hidden_spaces),
        previous=public_figures(found.previous, hidden_spaces),
        last_year=public_figures(found.last_year, hidden_spaces),
    )


async def hidden_spaces(scope: Scope) -> frozenset[int]:
    """The scope's spaces the public may not see: archived ones (its venues are visible ones: see ``impact``)."""
    if not scope.venues:
        return frozenset()
    rows = await Space.select(Space.id).where(
        Space.venue.is_in(scope.venue_ids) & (Space.archived == True)  # noqa: E712  # Piccolo builds SQL from ==
    )
    return frozenset(row["id"] for row in rows)


async def impact(scope: Scope, period: Period, now: datetime | None = None) -> Report:
    """A venue's or an area's public report (a group has none: it is not a place the public asks about).

    ``scope`` is a public one: a venue the public may see, or ``area_scope(public=True)``."""
    if scope.kind is ScopeKind.group:
        raise ValueError("a group has no public impact report")
    return public_report(await report(scope, period, now), await hidden_spaces(scope))
