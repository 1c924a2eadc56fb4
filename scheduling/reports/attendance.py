"""Recorded headcounts and first-timers."""

from __future__ import annotations

from scheduling.reports.figures import Attendance
from scheduling.reports.period import Period
from scheduling.reports.scope import Scope


async def attendance_figures(scope: Scope, period: Period) -> Attendance:
    raise NotImplementedError
