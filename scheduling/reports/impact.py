"""What the public may see of a venue's or an area's report: its impact page holds no private data.

Counts are public (sessions, hours, private sessions counted as such, headcounts in total); what names a
group, a booker or a private booking is not. So the public figures drop the group rows (names and each
group's sessions) and what each tier paid (a tier used by one hirer would tell what that hirer paid); a
group's own report is never public. Titles, purposes and bookers never reach a report at all: the figures
are counts and minutes by vocabulary keys.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from scheduling.reports.build import report
from scheduling.reports.figures import Figures, Report, TierMoney
from scheduling.reports.period import Period
from scheduling.reports.scope import Scope, ScopeKind


def public_figures(figures: Figures) -> Figures:
    return replace(
        figures,
        groups=replace(figures.groups, rows=[]),
        money=replace(
            figures.money,
            by_tier=[
                TierMoney(tier.tier_kind, tier.sessions, tier.booked_minutes, 0) for tier in figures.money.by_tier
            ],
        ),
    )


def public_report(found: Report) -> Report:
    return replace(
        found,
        current=public_figures(found.current),
        previous=public_figures(found.previous),
        last_year=public_figures(found.last_year),
    )


async def impact(scope: Scope, period: Period, now: datetime | None = None) -> Report:
    """A venue's or an area's public report (a group has none: it is not a place the public asks about)."""
    if scope.kind is ScopeKind.group:
        raise ValueError("a group has no public impact report")
    return public_report(await report(scope, period, now))
