"""Sessions by activity kind, audience, public or private, run or drop-in."""

from __future__ import annotations

from scheduling.reports.figures import Activities
from scheduling.reports.period import Period
from scheduling.reports.scope import Scope


async def activity_figures(scope: Scope, period: Period) -> Activities:
    raise NotImplementedError
