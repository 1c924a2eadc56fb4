"""A series' skipped dates: the rule's dates up to where it is booked that never became a booking."""

from __future__ import annotations

from datetime import timedelta

from scheduling.models import Booking, Series
from scheduling.series.access import skipped_occurrences
from scheduling.series.create import create_series
from tests.factories import Factory
from tests.scheduling.series.test_create import weekly
from venues.models import Closure


async def test_skipped_dates_are_the_rules_dates_without_a_booking_and_a_date_cancelled_later_is_not_one(
    factory: Factory,
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, name="Main hall", horizon_days=400)
    draft = weekly(space.id, 6, skip_conflicts=True)
    closed = draft.dtstart + timedelta(weeks=2)
    await Closure(venue=venue.id, starts_on=closed, ends_on=closed, reason="Polling station").save()
    made = await create_series(manager.user, draft)
    assert len(made.booked) == 5

    series = await Series.objects().where(Series.id == made.series.id).first()
    assert series is not None
    assert [each.local_date for each in await skipped_occurrences(series)] == [closed]

    await Booking.update({Booking.status: "cancelled"}).where(Booking.id == made.booked[0].id)
    assert [each.local_date for each in await skipped_occurrences(series)] == [closed]


async def test_a_series_not_yet_booked_anywhere_has_no_skipped_dates(factory: Factory) -> None:
    manager = await factory.account("manager")
    space = await factory.space(await factory.venue(manager=manager), horizon_days=400)
    made = await create_series(manager.user, weekly(space.id, 3))
    series = await Series.objects().where(Series.id == made.series.id).first()
    assert series is not None
    series.materialised_until = None
    assert await skipped_occurrences(series) == []
