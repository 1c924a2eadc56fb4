"""Prices in integer pence: minutes at the hourly rate, rounded half-up; free tiers at zero."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from scheduling.pricing.quotes import charge, kept_tier, quote, resolve_tier
from scheduling.pricing.quoting import quote_time
from tests.factories import Factory
from venues.core.errors import InvalidInput, RuleViolation
from venues.models import PriceTier

START = datetime(2027, 1, 9, 14, tzinfo=UTC)


def test_charge_rounds_half_up_to_the_penny_without_floats() -> None:
    assert charge(60, 1800) == 1800
    assert charge(135, 1800) == 4050
    assert charge(20, 1000) == 333  # 333.33…
    assert charge(1, 50) == 1  # 0.83…
    assert charge(30, 1) == 1  # exactly 0.5 rounds up
    assert charge(29, 1) == 0


async def test_quote_uses_the_tier_rate_and_a_free_tier_costs_nothing(factory: Factory) -> None:
    venue = await factory.venue()
    space = await factory.space(venue)
    await factory.rate(space, "standard", 1800)
    await factory.rate(space, "free", 900)
    standard = await resolve_tier(venue.id)
    assert standard.kind == "standard"
    priced = await quote(space, standard, START, START + timedelta(hours=2, minutes=15, seconds=59))
    assert (priced.total_minor, priced.lines[0].minutes, priced.priced) == (4050, 135, True)
    free = await PriceTier.objects().where((PriceTier.venue == venue.id) & (PriceTier.kind == "free")).first()
    assert (await quote(space, free, START, START + timedelta(hours=3))).total_minor == 0


async def test_a_space_without_a_rate_for_the_tier_is_quoted_as_unpriced(factory: Factory) -> None:
    venue = await factory.venue()
    space = await factory.space(venue)
    priced = await quote(space, await resolve_tier(venue.id), START, START + timedelta(hours=1))
    assert (priced.total_minor, priced.priced) == (0, False)
    assert "no Standard rate" in priced.lines[0].description


async def test_a_quoted_time_is_read_in_the_venue_zone_and_checked_as_a_booking_would_be(factory: Factory) -> None:
    venue = await factory.venue(timezone="America/New_York")
    space = await factory.space(venue)
    await factory.rate(space, "standard", 1200)
    wall_clock = datetime(2027, 1, 9, 14)

    quoted = await quote_time(space.id, wall_clock, wall_clock + timedelta(hours=1, minutes=30))
    assert (quoted.space_id, quoted.starts_at) == (space.id, datetime(2027, 1, 9, 19, tzinfo=UTC))
    assert (quoted.quote.total_minor, quoted.quote.tier_kind) == (1800, "standard")

    with pytest.raises(InvalidInput) as backwards:
        await quote_time(space.id, wall_clock, wall_clock - timedelta(hours=1))
    assert backwards.value.field == "ends_at"
    with pytest.raises(RuleViolation) as skipped:
        await quote_time(space.id, datetime(2027, 3, 14, 2, 30), datetime(2027, 3, 14, 4))
    assert skipped.value.rule == "nonexistent_local_time"


async def test_a_kept_tier_stands_unless_it_is_gone_or_another_venues(factory: Factory) -> None:
    venue, other = await factory.venue(), await factory.venue()
    standard = await resolve_tier(venue.id)
    free = await PriceTier.objects().where((PriceTier.venue == venue.id) & (PriceTier.kind == "free")).first()
    assert (await kept_tier(venue.id, free.id, None)).id == free.id
    assert (await kept_tier(venue.id, None, None)).id == standard.id
    assert (await kept_tier(venue.id, (await resolve_tier(other.id)).id, None)).id == standard.id
    await PriceTier.delete().where(PriceTier.id == free.id)
    assert (await kept_tier(venue.id, free.id, None)).id == standard.id
