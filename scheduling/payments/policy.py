"""A venue's cancellation policy: how much of a booking's hire and extras a hirer gets back when they cancel.

The policy is a list of ``[days_before, percent]`` steps (``VenueMoneySettings.cancellation_policy``).
``days_before`` counts whole calendar days in the venue's local time, from the day the hirer cancels to the
day the booking starts (so clock changes in between change nothing). The first step whose ``days_before`` is
no more than that count gives the percent; below every step nothing is refunded. No policy at all means the
venue has not said it keeps anything: a full refund.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from venues.core.errors import InvalidInput

NO_POLICY_PERCENT = 100


def refund_percent(policy: Any, starts_at_local_date: date, cancelled_local_date: date) -> int:
    """The percent refunded when a booking starting on ``starts_at_local_date`` is cancelled on
    ``cancelled_local_date`` (both venue-local). ``[[14, 100], [7, 50]]``: 14 or more days before 100,
    7 to 13 days 50, fewer than 7 (or after the start) 0. No policy set (``[]`` or ``None``): 100."""
    steps = _steps(policy)
    if not steps:
        return NO_POLICY_PERCENT
    days = (starts_at_local_date - cancelled_local_date).days
    for days_before, percent in sorted(steps, key=lambda step: step[0], reverse=True):
        if days >= days_before:
            return percent
    return 0


def _steps(policy: Any) -> list[list[int]]:
    if policy is None or policy == "":
        return []
    if isinstance(policy, str):
        policy = json.loads(policy)
    return [[int(step[0]), int(step[1])] for step in policy]


def check_policy(steps: Any) -> list[list[int]]:
    """A policy as stored: a list of ``[days_before, percent]`` pairs of whole numbers, days ``>= 0`` and all
    different, percent 0 to 100, most days first and refunding no more as the start comes nearer.
    Raises ``InvalidInput("cancellation_policy", …)`` naming what is wrong."""
    field = "cancellation_policy"
    if not isinstance(steps, list):
        raise InvalidInput(field, "The cancellation policy is a list of [days before, percent refunded] steps.")
    checked: list[list[int]] = []
    for step in steps:
        if (
            not isinstance(step, list | tuple)
            or len(step) != 2
            or not all(isinstance(value, int) and not isinstance(value, bool) for value in step)
        ):
            raise InvalidInput(field, "Each step is a pair of whole numbers: [days before, percent refunded].")
        days_before, percent = step
        if days_before < 0:
            raise InvalidInput(field, "Days before the booking cannot be negative.")
        if not 0 <= percent <= 100:
            raise InvalidInput(field, "The percent refunded is between 0 and 100.")
        checked.append([days_before, percent])
    days = [step[0] for step in checked]
    if len(set(days)) != len(days):
        raise InvalidInput(field, "Each step needs its own number of days before the booking.")
    if days != sorted(days, reverse=True):
        raise InvalidInput(field, "List the steps with the most days before the booking first.")
    percents = [step[1] for step in checked]
    if percents != sorted(percents, reverse=True):
        raise InvalidInput(field, "A later step cannot refund more than an earlier one.")
    return checked
