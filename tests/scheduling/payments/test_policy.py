"""The cancellation policy's percent, counted in whole venue-local days, and what a policy may say."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from scheduling.payments.policy import refund_percent

POLICY = [[14, 100], [7, 50]]
START = date(2026, 6, 20)


@pytest.mark.parametrize(
    ("days_before", "percent"), [(30, 100), (14, 100), (13, 50), (7, 50), (6, 0), (1, 0), (0, 0), (-2, 0)]
)
def test_the_step_reached_by_the_whole_days_left_gives_the_percent(days_before: int, percent: int) -> None:
    assert refund_percent(POLICY, START, START - timedelta(days=days_before)) == percent


def test_steps_stored_out_of_order_or_as_text_read_the_same() -> None:
    assert refund_percent("[[7, 50], [14, 100]]", START, START - timedelta(days=13)) == 50
    assert refund_percent([[7, 50], [14, 100]], START, START - timedelta(days=14)) == 100


@pytest.mark.parametrize("policy", [[], None, "[]", ""])
def test_no_policy_refunds_everything(policy: object) -> None:
    assert refund_percent(policy, START, START) == 100


def test_days_across_the_spring_clock_change_count_calendar_dates_not_hours() -> None:
    # London goes forward on 29 March 2026: 22 March to 5 April is 14 dates, though 335 hours.
    assert refund_percent(POLICY, date(2026, 4, 5), date(2026, 3, 22)) == 100
    assert refund_percent(POLICY, date(2026, 4, 5), date(2026, 3, 23)) == 50
