"""A venue's cancellation policy: how much of a booking's hire and extras a hirer gets back when they cancel.

The policy is a list of ``[days_before, percent]`` steps (``VenueMoneySettings.cancellation_policy``), checked
when it is set by ``venues.billing.operations.check_policy``.
``days_before`` counts whole calendar days in the venue's local time, from the day the hirer cancels to the
day the booking starts (so clock changes in between change nothing). The first step whose ``days_before`` is
no more than that count gives the percent; below every step nothing is refunded. No policy at all means the
venue has not said it keeps anything: a full refund.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from venues.billing.operations import policy_steps

NO_POLICY_PERCENT = 100


def refund_percent(policy: Any, starts_at_local_date: date, cancelled_local_date: date) -> int:
    """The percent refunded when a booking starting on ``starts_at_local_date`` is cancelled on
    ``cancelled_local_date`` (both venue-local). ``[[14, 100], [7, 50]]``: 14 or more days before 100,
    7 to 13 days 50, fewer than 7 (or after the start) 0. No policy set (``[]`` or ``None``): 100."""
    steps = policy_steps(policy) if policy not in (None, "") else []
    if not steps:
        return NO_POLICY_PERCENT
    days = (starts_at_local_date - cancelled_local_date).days
    for days_before, percent in sorted(steps, key=lambda step: step[0], reverse=True):
        if days >= days_before:
            return percent
    return 0
