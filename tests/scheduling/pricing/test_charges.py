"""Hire priced by charge rules (bands by the venue's wall clock, daily caps, minimums, fixed prices), extras and
the deposit: every amount below is worked out by hand in its comment. January in London is UTC, so those
instants read as the venue's clock."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from scheduling.pricing.asked import venue_pricing
from scheduling.pricing.quotes import ChosenExtra, Quote, quote, resolve_tier
from tests.factories import Factory
from venues.charging.rules import ChargeRuleIn, add_rule
from venues.models import Extra, PriceTier, Space, SpaceRate, VenueMoneySettings

WEDNESDAY = datetime(2027, 1, 13, tzinfo=UTC)
FRIDAY = datetime(2027, 1, 15, tzinfo=UTC)
WEEKDAYS, WEEKEND = [0, 1, 2, 3, 4], [5, 6]


async def hall(factory: Factory, hourly: int = 1200, timezone: str = "Europe/London") -> tuple[Space, PriceTier]:
    venue = await factory.venue(timezone=timezone)
    space = await factory.space(venue, name="Main hall")
    await factory.rate(space, "standard", hourly)
    return space, await resolve_tier(venue.id)


async def rule(space: Space, tier: PriceTier, kind: str, **fields: Any) -> None:
    await add_rule(space, ChargeRuleIn(tier_id=tier.id, kind=kind, **fields))


def amounts(priced: Quote) -> list[int]:
    return [line.amount_minor for line in priced.lines]


async def test_a_booking_across_the_evening_band_is_two_lines_split_at_the_band_edge(factory: Factory) -> None:
    space, tier = await hall(factory)
    await rule(
        space,
        tier,
        "band",
        name="Evening",
        hourly_rate_minor=1800,
        weekdays=WEEKDAYS,
        band_starts=time(18),
        band_ends=time(0),
    )
    # 16:00–18:00 at £12 = £24; 18:00–20:00 at £18 = £36; £60 in all.
    priced = await quote(space, tier, WEDNESDAY + timedelta(hours=16), WEDNESDAY + timedelta(hours=20))
    assert amounts(priced) == [2400, 3600]
    assert priced.total_minor == 6000
    assert [(line.minutes, line.hourly_rate_minor, line.kind) for line in priced.lines] == [
        (120, 1200, "hire"),
        (120, 1800, "hire"),
    ]
    assert priced.lines[0].description == "Main hall, 2 h at £12.00 an hour"
    assert priced.lines[1].description == "Main hall, 2 h at £18.00 an hour (Evening)"


async def test_a_booking_crossing_midnight_into_the_weekend_takes_the_weekend_band_after_midnight(
    factory: Factory,
) -> None:
    space, tier = await hall(factory)
    await rule(
        space,
        tier,
        "band",
        name="Weekend",
        hourly_rate_minor=2000,
        weekdays=WEEKEND,
        band_starts=time(0),
        band_ends=time(0),
    )
    # Friday 22:00–24:00 at £12 = £24; Saturday 00:00–02:00 at the weekend's £20 = £40; £64.
    priced = await quote(space, tier, FRIDAY + timedelta(hours=22), FRIDAY + timedelta(hours=26))
    assert amounts(priced) == [2400, 4000]
    assert priced.total_minor == 6400
    assert "on Fri 15 Jan" in priced.lines[0].description
    assert "on Sat 16 Jan" in priced.lines[1].description


async def test_where_bands_overlap_the_first_by_position_wins(factory: Factory) -> None:
    space, tier = await hall(factory)
    await rule(
        space,
        tier,
        "band",
        name="Evening",
        hourly_rate_minor=1800,
        weekdays=WEEKDAYS,
        band_starts=time(18),
        band_ends=time(0),
        position=1,
    )
    await rule(
        space,
        tier,
        "band",
        name="Peak",
        hourly_rate_minor=3000,
        weekdays=WEEKDAYS,
        band_starts=time(17),
        band_ends=time(19),
        position=0,
    )
    # 16–17 base £12; 17–19 peak (first) 2 h × £30 = £60; 19–20 evening £18: £90.
    priced = await quote(space, tier, WEDNESDAY + timedelta(hours=16), WEDNESDAY + timedelta(hours=20))
    assert amounts(priced) == [1200, 6000, 1800]
    assert priced.total_minor == 9000


async def test_a_short_hire_is_raised_to_the_minimum_charge_and_a_longer_one_is_not(factory: Factory) -> None:
    space, tier = await hall(factory)
    await rule(space, tier, "minimum", amount_minor=3000)
    # 1 h at £12 = £12, raised by £18 to the £30 minimum.
    short = await quote(space, tier, WEDNESDAY + timedelta(hours=10), WEDNESDAY + timedelta(hours=11))
    assert amounts(short) == [1200, 1800]
    assert short.total_minor == 3000
    assert short.lines[1].description == "Minimum charge of £30.00"
    # 3 h at £12 = £36, above the minimum: one line.
    longer = await quote(space, tier, WEDNESDAY + timedelta(hours=10), WEDNESDAY + timedelta(hours=13))
    assert amounts(longer) == [3600]


async def test_the_daily_cap_limits_each_local_day_on_its_own(factory: Factory) -> None:
    space, tier = await hall(factory)
    await rule(space, tier, "daily_cap", amount_minor=10000)
    # 08:00–20:00 is 12 h × £12 = £144, capped at £100: a line of -£44.
    day = await quote(space, tier, WEDNESDAY + timedelta(hours=8), WEDNESDAY + timedelta(hours=20))
    assert amounts(day) == [14400, -4400]
    assert day.total_minor == 10000
    # Wednesday 14:00 – Thursday 14:00: Wednesday 10 h × £12 = £120 → £100 (-£20);
    # Thursday 14 h × £12 = £168 → £100 (-£68); two capped days, £200.
    both = await quote(space, tier, WEDNESDAY + timedelta(hours=14), WEDNESDAY + timedelta(hours=38))
    assert amounts(both) == [12000, -2000, 16800, -6800]
    assert both.total_minor == 20000


async def test_a_fixed_price_is_the_hire_whatever_the_length_and_other_rules_stand_aside(factory: Factory) -> None:
    space, tier = await hall(factory)
    await rule(space, tier, "minimum", amount_minor=9000)
    await rule(space, tier, "band", hourly_rate_minor=5000, weekdays=WEEKDAYS, band_starts=time(9), band_ends=time(17))
    await rule(space, tier, "fixed", name="Wedding package", amount_minor=45000)
    priced = await quote(space, tier, WEDNESDAY + timedelta(hours=10), WEDNESDAY + timedelta(hours=15))
    assert amounts(priced) == [45000]
    assert priced.total_minor == 45000
    assert "fixed price of £450.00 (Wedding package)" in priced.lines[0].description


async def test_extras_are_priced_per_booking_per_hour_and_per_item_with_their_own_vat(factory: Factory) -> None:
    space, tier = await hall(factory)
    kitchen = Extra(venue=space.venue, name="Kitchen", unit="booking", price_minor=2500, vat_treatment="standard")
    sound = Extra(venue=space.venue, name="PA system", unit="hour", price_minor=333, vat_treatment="standard")
    tables = Extra(venue=space.venue, name="Tables", unit="item", price_minor=300, vat_treatment="zero")
    for extra in (kitchen, sound, tables):
        await extra.save()
    chosen = [ChosenExtra(kitchen, 3), ChosenExtra(sound), ChosenExtra(tables, 4)]
    # Hire 2 h 30 min × £12 = £30. Kitchen once £25 (the quantity does not multiply a per-booking price);
    # PA 150 min × 333p ÷ 60 = 832.5p → 833p half-up; tables 4 × £3 = £12. Total £30 + £25 + £8.33 + £12 = £75.33.
    priced = await quote(
        space, tier, WEDNESDAY + timedelta(hours=10), WEDNESDAY + timedelta(hours=12, minutes=30), chosen
    )
    assert amounts(priced) == [3000, 2500, 833, 1200]
    assert priced.total_minor == 7533
    extras = priced.lines[1:]
    assert [(line.kind, line.extra_id, line.quantity, line.unit_minor) for line in extras] == [
        ("extra", kitchen.id, 1, 2500),
        ("extra", sound.id, 1, 333),
        ("extra", tables.id, 4, 300),
    ]
    assert [line.vat_treatment for line in priced.lines] == ["exempt", "standard", "standard", "zero"]


async def test_the_deposit_is_its_own_line_outside_vat_and_not_part_of_the_price(factory: Factory) -> None:
    space, tier = await hall(factory)
    await SpaceRate.update({SpaceRate.deposit_minor: 5000}).where(SpaceRate.space == space.id)
    # 2 h × £12 = £24 price; £50 deposit apart.
    priced = await quote(space, tier, WEDNESDAY + timedelta(hours=10), WEDNESDAY + timedelta(hours=12))
    assert amounts(priced) == [2400, 5000]
    assert (priced.total_minor, priced.deposit_minor) == (2400, 5000)
    deposit = priced.lines[-1]
    assert (deposit.kind, deposit.vat_treatment, deposit.extra_id) == ("deposit", "outside_scope", None)


async def test_hire_lines_carry_the_venues_hire_vat_treatment(factory: Factory) -> None:
    space, tier = await hall(factory)
    await rule(space, tier, "band", hourly_rate_minor=1800, weekdays=WEEKDAYS, band_starts=time(18), band_ends=time(0))
    start, end = WEDNESDAY + timedelta(hours=17), WEDNESDAY + timedelta(hours=19)
    assert {line.vat_treatment for line in (await quote(space, tier, start, end)).lines} == {"exempt"}
    await VenueMoneySettings(venue=space.venue, vat_registered=True, hire_vat_treatment="standard").save()
    assert [line.vat_treatment for line in (await quote(space, tier, start, end)).lines] == ["standard", "standard"]


async def test_the_free_tier_stays_at_nothing_with_no_lines_to_read(factory: Factory) -> None:
    space, _ = await hall(factory)
    free = await PriceTier.objects().where((PriceTier.venue == space.venue) & (PriceTier.kind == "free")).first()
    await SpaceRate(space=space.id, tier=free.id, hourly_rate_minor=0, deposit_minor=5000).save()
    kitchen = Extra(venue=space.venue, name="Kitchen", unit="booking", price_minor=2500)
    await kitchen.save()
    priced = await quote(
        space, free, WEDNESDAY + timedelta(hours=10), WEDNESDAY + timedelta(hours=12), [ChosenExtra(kitchen)]
    )
    assert (priced.total_minor, priced.lines, priced.deposit_minor, priced.priced) == (0, [], 0, True)


async def test_a_night_the_clocks_change_is_charged_for_the_time_that_really_passes(factory: Factory) -> None:
    space, tier = await hall(factory)
    # 29 March 2026, London: 00:00 GMT (00:00Z) to 06:00 BST (05:00Z) is 5 h of real time: 5 × £12 = £60.
    spring = await quote(space, tier, datetime(2026, 3, 29, 0, tzinfo=UTC), datetime(2026, 3, 29, 5, tzinfo=UTC))
    assert (amounts(spring), spring.lines[0].minutes) == ([6000], 300)
    # 25 October 2026: 00:00 BST (24 Oct 23:00Z) to 06:00 GMT (06:00Z) is 7 h: 7 × £12 = £84.
    autumn = await quote(space, tier, datetime(2026, 10, 24, 23, tzinfo=UTC), datetime(2026, 10, 25, 6, tzinfo=UTC))
    assert (amounts(autumn), autumn.lines[0].minutes) == ([8400], 420)


async def test_a_band_on_a_night_the_clocks_change_is_cut_at_its_wall_clock_edge(factory: Factory) -> None:
    space, tier = await hall(factory)
    await rule(
        space, tier, "band", name="Night", hourly_rate_minor=1800, weekdays=[6], band_starts=time(0), band_ends=time(3)
    )
    # Spring, Sunday 29 March: the band 00:00–03:00 on the wall is 00:00Z–02:00Z, 2 h × £18 = £36;
    # 03:00–06:00 BST is 3 h × £12 = £36. Autumn, Sunday 25 October: 00:00–03:00 is 23:00Z–03:00Z,
    # 4 h × £18 = £72; 03:00–06:00 GMT 3 h × £12 = £36.
    spring = await quote(space, tier, datetime(2026, 3, 29, 0, tzinfo=UTC), datetime(2026, 3, 29, 5, tzinfo=UTC))
    assert [(line.minutes, line.amount_minor) for line in spring.lines] == [(180, 3600), (120, 3600)]
    autumn = await quote(space, tier, datetime(2026, 10, 24, 23, tzinfo=UTC), datetime(2026, 10, 25, 6, tzinfo=UTC))
    assert [(line.minutes, line.amount_minor) for line in autumn.lines] == [(180, 3600), (240, 7200)]
    assert autumn.total_minor == 10800


async def test_many_dates_priced_from_one_load_follow_the_same_rules(factory: Factory, query_log: list[str]) -> None:
    space, tier = await hall(factory)
    await rule(
        space,
        tier,
        "band",
        name="Evening",
        hourly_rate_minor=1800,
        weekdays=WEEKDAYS,
        band_starts=time(18),
        band_ends=time(0),
    )
    spans = [
        (WEDNESDAY + timedelta(days=7 * week, hours=16), WEDNESDAY + timedelta(days=7 * week, hours=20))
        for week in range(10)
    ]
    query_log.clear()
    pricing = await venue_pricing(space.venue, [space.id])
    loaded = len(query_log)
    # Each Wednesday 16:00–20:00 is £24 + £36 = £60; ten of them £600, with no query per date.
    assert pricing.total(space, tier, spans) == (60000, "GBP", True)
    assert len(query_log) == loaded
