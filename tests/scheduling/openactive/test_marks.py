"""What leaves a mark for the OpenActive stamper: every change a feed shows, in the writer's own transaction,
and nothing that the feeds do not show (a venue's cache version, a booking's payment-side columns)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scheduling.models import Booking, OpenActiveChange
from tests.factories import Factory
from venues.core.database import write_transaction
from venues.models import ChargeRule, PriceTier, Venue


async def marks() -> set[tuple[str, int]]:
    rows = await OpenActiveChange.select(OpenActiveChange.kind, OpenActiveChange.row_id)
    return {(row["kind"], row["row_id"]) for row in rows}


async def test_a_venues_town_county_and_name_mark_it_and_its_cache_version_does_not(factory: Factory) -> None:
    venue = await factory.venue()
    await OpenActiveChange.delete(force=True)

    await Venue.update({Venue.version: Venue.version + 1}).where(Venue.id == venue.id)
    assert await marks() == set(), "a cache version bump is not something the feeds show"

    for column, value in ((Venue.locality, "Great Marsh"), (Venue.region, "Suffolk"), (Venue.name, "The Hall")):
        await OpenActiveChange.delete(force=True)
        await Venue.update({column: value}).where(Venue.id == venue.id)
        assert await marks() == {("venue", venue.id)}, column._meta.name


async def test_a_charge_rule_marks_its_space(factory: Factory) -> None:
    venue = await factory.venue()
    space = await factory.space(venue)
    tier = await PriceTier.objects().where((PriceTier.venue == venue.id) & (PriceTier.kind == "standard")).first()
    await OpenActiveChange.delete(force=True)

    await ChargeRule(space=space.id, tier=tier.id, kind="minimum", amount_minor=2000).save()

    assert await marks() == {("space", space.id)}


async def test_a_booking_marks_itself_on_what_feeds_show_and_not_on_its_money(factory: Factory) -> None:
    venue = await factory.venue()
    space = await factory.space(venue)
    booking = await factory.booking(space, datetime(2027, 1, 5, 10, tzinfo=UTC), datetime(2027, 1, 5, 11, tzinfo=UTC))
    await OpenActiveChange.delete(force=True)

    await Booking.update({Booking.price_minor: 1200, Booking.sequence: 3}).where(Booking.id == booking.id)
    assert await marks() == set()
    await Booking.update({Booking.status: "cancelled"}).where(Booking.id == booking.id)
    assert await marks() == {("booking", booking.id)}


async def test_a_rolled_back_change_leaves_no_mark(factory: Factory) -> None:
    venue = await factory.venue()
    await OpenActiveChange.delete(force=True)

    with pytest.raises(RuntimeError):
        async with write_transaction():
            await Venue.update({Venue.name: "Renamed"}).where(Venue.id == venue.id)
            raise RuntimeError("the change fails after its write")

    assert await marks() == set()
