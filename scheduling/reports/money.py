"""Hours and hire by tier, and the value of free and low-cost hours given."""

from __future__ import annotations

from scheduling.reports.figures import Money
from scheduling.reports.period import Period
from scheduling.reports.scope import Scope


async def money_figures(scope: Scope, period: Period) -> Money:
    raise NotImplementedError
