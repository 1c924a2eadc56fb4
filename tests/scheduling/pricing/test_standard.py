"""The hire and its standard-tier price, fixed on a booking with its price by every path that prices it.

Reports value free and low-cost hours by ``standard_hire_minor - hire_minor``; every amount is worked out by hand
in its comment. January in London is UTC, so the instants read as the venue's clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from scheduling.bookings.changes import change_booking
from scheduling.bookings.workflow import BookingDraft, confirm_booking, request_booking
from scheduling.models import Booking
from scheduling.recurrence.rules import parse_rrule
from scheduling.series.create import SeriesDraft, create_series
from scheduling.series.decisions import confirm_series
from tests.factories import Account, Factory
from tests.series_support import next_weekday
from venues.charging.rules import ChargeRuleIn, add_rule
from venues.core import clock
from venues.models import Extra, PriceTier, Space, Venue

NOW = datetime(2027, 1, 4, 9, tzinfo=UTC)
WEDNESDAY = datetime(2027, 1, 13, tzinfo=UTC)
EVERY_DAY = [0, 1, 2, 3, 4, 5, 6]


async def tier(venue_id: int, kind: str) -> PriceTier:
    found = await PriceTier.objects().where((PriceTier.venue == venue_id) & (PriceTier.kind == kind)).first()
    assert found is not None
    return found


async def hall(factory: Factory, **fields: Any) -> tuple[Account, Venue, Space]:
    """A hall at £12 an hour standard (£18 from 18:00 every day) and £6 an hour low-cost, no band."""
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, name="Main hall", horizon_days=400, **fields)
    await factory.rate(space, "standard", 1200)
    await factory.rate(space, "low_cost", 600)
    standard = await tier(venue.id, "standard")
    await add_rule(
        space,
        ChargeRuleIn(
            tier_id=standard.id,
            kind="band",
            name="Evening",
            hourly_rate_minor=1800,
            weekdays=EVERY_DAY,
            band_starts=time(18),
            band_ends=time(0),
        ),
    )
    return manager, venue, space


async def booked(
    manager: Account, space: Space, tier_kind: str, starts: int = 16, ends: int = 20, **fields: Any
) -> Booking:
    """A manager books (confirmed at once) ``starts``:00–``ends``:00 on Wednesday at ``tier_kind``."""
    chosen = await tier(space.venue, tier_kind)
    draft = BookingDraft(
        space_id=space.id,
        starts_at=WEDNESDAY + timedelta(hours=starts),
        ends_at=WEDNESDAY + timedelta(hours=ends),
        tier_id=chosen.id,
        **fields,
    )
    with clock.frozen_at(NOW):
        booking = await request_booking(manager.user, draft)
    return await stored(booking.id)


async def stored(booking_id: int) -> Booking:
    found = await Booking.objects().where(Booking.id == booking_id).first()
    assert found is not None
    return found


async def test_a_free_hire_costs_nothing_and_keeps_what_it_would_cost_at_the_standard_tier(factory: Factory) -> None:
    manager, _, space = await hall(factory)
    booking = await booked(manager, space, "free")
    # Standard, through its evening band: 16:00–18:00 at £12 = £24, 18:00–20:00 at £18 = £36.
    assert (booking.status, booking.price_minor) == ("confirmed", 0)
    assert (booking.hire_minor, booking.standard_hire_minor) == (0, 6000)


async def test_a_low_cost_hire_is_valued_at_the_standard_tier_through_its_own_charge_rules(factory: Factory) -> None:
    manager, _, space = await hall(factory)
    booking = await booked(manager, space, "low_cost")
    # Low-cost has no band: 4 h at £6 = £24. Standard: £24 + £36 = £60 (its band applies to it alone).
    assert (booking.price_minor, booking.hire_minor, booking.standard_hire_minor) == (2400, 2400, 6000)


async def test_a_standard_hire_is_its_own_standard_price_and_extras_are_not_hire(factory: Factory) -> None:
    manager, venue, space = await hall(factory)
    urn = Extra(venue=venue.id, name="Tea urn", price_minor=500, unit="booking")
    await urn.save()
    booking = await booked(manager, space, "standard", extras=((urn.id, 1),))
    # £60 of hire and a £5 urn: the price is £65, the hire £60 at either reading.
    assert (booking.price_minor, booking.hire_minor, booking.standard_hire_minor) == (6500, 6000, 6000)


async def test_without_a_standard_tier_or_a_standard_rate_there_is_no_standard_price(factory: Factory) -> None:
    manager, venue, space = await hall(factory)
    no_rate = await factory.space(venue, name="Small room")
    await factory.rate(no_rate, "low_cost", 600)
    assert (await booked(manager, no_rate, "low_cost")).standard_hire_minor is None
    standard = await tier(venue.id, "standard")
    assert (await booked(manager, no_rate, "standard", 9, 10)).standard_hire_minor is None

    await PriceTier.delete().where(PriceTier.id == standard.id)
    booking = await booked(manager, space, "low_cost", 9, 11)
    assert (booking.hire_minor, booking.standard_hire_minor) == (1200, None)


async def test_a_request_has_no_hire_until_confirmed_and_a_move_fixes_both_again(factory: Factory) -> None:
    manager, venue, space = await hall(factory, requires_approval=True)
    organiser = await factory.account("organiser")
    group = await factory.group(organiser)
    draft = BookingDraft(
        space_id=space.id,
        starts_at=WEDNESDAY + timedelta(hours=16),
        ends_at=WEDNESDAY + timedelta(hours=20),
        group_id=group.id,
        tier_id=(await tier(venue.id, "free")).id,
    )
    with clock.frozen_at(NOW):
        asked = await request_booking(organiser.user, draft)
        waiting = await stored(asked.id)
        assert (waiting.status, waiting.hire_minor, waiting.standard_hire_minor) == ("requested", 0, None)
        await confirm_booking(manager.user, asked.id)
        assert (await stored(asked.id)).standard_hire_minor == 6000
        # Moved an hour later: 17:00–18:00 at £12 and 18:00–21:00 at £18 = £12 + £54.
        await change_booking(
            manager.user,
            asked.id,
            {"starts_at": WEDNESDAY + timedelta(hours=17), "ends_at": WEDNESDAY + timedelta(hours=21)},
        )
    moved = await stored(asked.id)
    assert (moved.hire_minor, moved.standard_hire_minor) == (0, 6600)


async def test_a_series_booked_at_once_fixes_both_on_every_date(factory: Factory) -> None:
    manager, venue, space = await hall(factory)
    draft = SeriesDraft(
        space.id,
        parse_rrule("FREQ=WEEKLY;COUNT=5"),
        next_weekday(2),
        time(17),
        time(19),
        tier_id=(await tier(venue.id, "low_cost")).id,
    )
    made = await create_series(manager.user, draft)
    rows = await Booking.select(Booking.status, Booking.hire_minor, Booking.standard_hire_minor).where(
        Booking.series == made.series.id
    )
    # Low-cost 2 h at £6 = £12; standard 17:00–18:00 at £12 + 18:00–19:00 at £18 = £30.
    assert [(r["status"], r["hire_minor"], r["standard_hire_minor"]) for r in rows] == [("confirmed", 1200, 3000)] * 5


async def confirmed_series(factory: Factory, weeks: int, query_log: list[str]) -> tuple[int, list[dict[str, Any]]]:
    """A group's weekly request at the free tier, confirmed by a manager: the queries the confirmation ran
    and every date's hire and standard hire."""
    manager, venue, space = await hall(factory, requires_approval=True)
    organiser = await factory.account("organiser")
    group = await factory.group(organiser)
    draft = SeriesDraft(
        space.id,
        parse_rrule(f"FREQ=WEEKLY;COUNT={weeks}"),
        next_weekday(2),
        time(17),
        time(19),
        group_id=group.id,
        tier_id=(await tier(venue.id, "free")).id,
    )
    series = (await create_series(organiser.user, draft)).series
    query_log.clear()
    await confirm_series(manager.user, series.id)
    count = len(query_log)
    rows = await Booking.select(Booking.status, Booking.hire_minor, Booking.standard_hire_minor).where(
        Booking.series == series.id
    )
    return count, rows


async def test_confirming_a_series_fixes_both_on_every_date_in_as_many_queries_for_four_dates_as_for_fifty_two(
    factory: Factory, query_log: list[str]
) -> None:
    four, four_rows = await confirmed_series(factory, 4, query_log)
    year, year_rows = await confirmed_series(factory, 52, query_log)
    assert four == year
    # Free: nothing charged; standard £30 a date as above.
    assert [(r["status"], r["hire_minor"], r["standard_hire_minor"]) for r in four_rows] == [("confirmed", 0, 3000)] * 4
    assert {(r["status"], r["hire_minor"], r["standard_hire_minor"]) for r in year_rows} == {("confirmed", 0, 3000)}
    assert len(year_rows) == 52
