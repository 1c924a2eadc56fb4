"""Hours open, hours booked and use, by space, weekday and hour of day, in each venue's own time."""

from __future__ import annotations

from scheduling.reports.figures import Use
from scheduling.reports.period import Period
from scheduling.reports.scope import Scope


async def use_figures(scope: Scope, period: Period, *, detail: bool = True) -> Use:
    raise NotImplementedError
