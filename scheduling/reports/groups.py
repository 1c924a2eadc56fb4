"""Groups hosted, new this period and regular."""

from __future__ import annotations

from scheduling.reports.figures import Groups
from scheduling.reports.period import Period
from scheduling.reports.scope import Scope


async def group_figures(scope: Scope, period: Period, *, detail: bool = True) -> Groups:
    raise NotImplementedError
