"""What a mark reaches: a space's held time reaches the days its buffers reach, a space's own change its listings."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from scheduling.openactive.owners import Mark, resolve
from tests.factories import Factory
from venues.core import clock

NOW = datetime(2027, 1, 4, 8, tzinfo=UTC)


async def test_held_time_just_after_midnight_reaches_the_day_before_when_the_buffer_does(factory: Factory) -> None:
    venue = await factory.venue()
    buffered = await factory.space(venue, name="Main hall", setup_buffer_minutes=60)
    plain = await factory.space(venue, name="Small hall")
    for space in (buffered, plain):
        await factory.rate(space, "standard", 1500)  # a space with no standard price publishes no slots
    starts = datetime(2027, 1, 7, 0, 15, tzinfo=UTC)  # 00:15 in London in winter
    span = (int(starts.timestamp()), int((starts + timedelta(hours=1)).timestamp()))

    with clock.frozen_at(NOW):
        targets = await resolve([Mark(1, "space", buffered.id, *span), Mark(2, "space", plain.id, *span)], NOW)

    assert targets.slot_days[buffered.id] == {date(2027, 1, 6), date(2027, 1, 7)}
    assert targets.slot_days[plain.id] == {date(2027, 1, 7)}


async def test_a_space_of_its_own_reaches_the_listings_held_there(factory: Factory) -> None:
    venue = await factory.venue()
    space = await factory.space(venue, name="Main hall")
    other = await factory.space(venue, name="Small hall")
    booking = await factory.booking(space, datetime(2027, 1, 6, 10, tzinfo=UTC), datetime(2027, 1, 6, 11, tzinfo=UTC))
    elsewhere = await factory.booking(other, datetime(2027, 1, 6, 10, tzinfo=UTC), datetime(2027, 1, 6, 11, tzinfo=UTC))
    listing = await factory.activity(booking=booking, title="Yoga")
    await factory.activity(booking=elsewhere, title="Pilates")

    with clock.frozen_at(NOW):
        targets = await resolve([Mark(1, "space", space.id, None, None)], NOW)

    assert targets.activities == {listing.id}
    assert space.id in targets.spaces
