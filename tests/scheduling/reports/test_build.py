"""A report reads its sections and periods at once on pooled connections, and one after another in a transaction."""

from __future__ import annotations

from datetime import UTC, date, datetime

from scheduling.reports.build import report, venue_scope
from scheduling.reports.period import Period
from tests.factories import Factory
from venues.core.database import current_engine

OCTOBER = Period(date(2026, 10, 1), date(2026, 10, 31))


async def test_a_report_read_inside_a_transaction_gives_the_same_figures_as_outside(factory: Factory) -> None:
    space = await factory.space(await factory.venue())
    await factory.booking(space, datetime(2026, 10, 6, 9, tzinfo=UTC), datetime(2026, 10, 6, 11, tzinfo=UTC))
    await factory.booking(space, datetime(2026, 9, 8, 9, tzinfo=UTC), datetime(2026, 9, 8, 10, tzinfo=UTC))
    now = datetime(2026, 11, 5, tzinfo=UTC)
    scope = await venue_scope(space.venue)
    outside = await report(scope, OCTOBER, now)
    # One connection cannot run two queries at once (PostgreSQL refuses): in a transaction the reads queue.
    async with current_engine().transaction():
        inside = await report(scope, OCTOBER, now)
    assert inside == outside
    assert (inside.current.sessions.sessions, inside.previous.sessions.sessions) == (1, 1)
    assert inside.previous.period == Period(date(2026, 9, 1), date(2026, 9, 30))  # a month beside the month before


def test_whole_months_are_compared_with_as_many_whole_months_before_and_other_periods_by_days() -> None:
    assert Period(date(2026, 3, 1), date(2026, 3, 31)).previous() == Period(date(2026, 2, 1), date(2026, 2, 28))
    assert Period(date(2024, 3, 1), date(2024, 3, 31)).previous() == Period(date(2024, 2, 1), date(2024, 2, 29))
    assert Period(date(2026, 1, 1), date(2026, 3, 31)).previous() == Period(date(2025, 10, 1), date(2025, 12, 31))
    assert Period(date(2026, 3, 5), date(2026, 3, 9)).previous() == Period(date(2026, 2, 28), date(2026, 3, 4))
