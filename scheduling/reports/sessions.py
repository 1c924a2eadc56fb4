"""Sessions held, not held, unrecorded, to come and cancelled (by the hirer or the venue)."""

from __future__ import annotations

from datetime import datetime

from scheduling.reports.figures import Sessions
from scheduling.reports.period import Period
from scheduling.reports.scope import Scope


async def session_figures(scope: Scope, period: Period, now: datetime) -> Sessions:
    raise NotImplementedError
