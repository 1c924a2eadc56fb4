"""Cancelling credits what was invoiced: by the venue's policy when the hirer cancels, in full when the venue does.

The credit notes are the real ones (``scheduling.invoices.credit.credit_cancelled``): each booking's invoice is
£60.00 of hire, so a credit note's total says the percent."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from typing import Any

import pytest

from scheduling.bookings.workflow import cancel_booking
from scheduling.invoices import credit
from scheduling.models import Booking, Invoice, InvoiceLine
from scheduling.venue_changes.resolve import Fate, Resolution, close
from tests.factories import Account, Factory
from tests.scheduling.payments.support import issued
from venues.models import Space, Venue, VenueMoneySettings

# London's clocks go forward on 28 March 2027. The booking starts at 00:30 on 4 April (BST), which is
# 23:30 UTC on 3 April: counted in UTC dates, 21 March would be 13 days before; in the venue's, 14.
STARTS = datetime(2027, 4, 3, 23, 30, tzinfo=UTC)
ENDS = datetime(2027, 4, 4, 1, 30, tzinfo=UTC)
PRICE = 6000


async def credited() -> list[tuple[int, int, str]]:
    """(booking, percent credited, its status) for each credit note issued, oldest first."""
    notes = await Invoice.select(Invoice.id, Invoice.credits.booking.as_alias("booking"), Invoice.total_minor).where(
        Invoice.kind == "credit_note"
    )
    found = []
    for note in sorted(notes, key=lambda row: row["id"]):
        booking = (
            note["booking"]
            or (await InvoiceLine.select(InvoiceLine.booking).where(InvoiceLine.invoice == note["id"]).first())[
                "booking"
            ]
        )
        status = (await Booking.select(Booking.status).where(Booking.id == booking).first())["status"]
        found.append((booking, note["total_minor"] * 100 // PRICE, status))
    return found


async def hall(factory: Factory, policy: Any = ((14, 100), (7, 50))) -> tuple[Account, Account, Venue, Space]:
    manager, hirer = await factory.account("manager"), await factory.account("hirer")
    venue = await factory.venue(manager=manager)
    if policy is not None:
        await VenueMoneySettings(venue=venue.id, cancellation_policy=json.dumps([list(step) for step in policy])).save()
    return manager, hirer, venue, await factory.space(venue)


async def invoiced_booking(factory: Factory, venue: Venue, space: Space, hirer: Account) -> Booking:
    booking = await factory.booking(space, STARTS, ENDS, booked_by=hirer.id)
    await issued(venue.id, [(PRICE, 0)], date(2027, 3, 1), booking=booking.id)
    return booking


@pytest.mark.parametrize(
    ("cancelled_at", "percent"),
    [
        (datetime(2027, 3, 21, 12, tzinfo=UTC), 100),
        (datetime(2027, 3, 22, 12, tzinfo=UTC), 50),
        (datetime(2027, 3, 28, 12, tzinfo=UTC), 50),
        (datetime(2027, 3, 29, 12, tzinfo=UTC), 0),
        # 23:30 UTC on 3 April is already 4 April in London: the day itself.
        (datetime(2027, 4, 3, 23, 0, tzinfo=UTC), 0),
    ],
)
async def test_the_hirer_cancelling_is_credited_by_the_policy_in_venue_dates(
    factory: Factory, cancelled_at: datetime, percent: int
) -> None:
    _, hirer, venue, space = await hall(factory)
    booking = await invoiced_booking(factory, venue, space, hirer)
    await cancel_booking(hirer.user, booking.id, "Change of plan", now=cancelled_at)
    assert await credited() == ([(booking.id, percent, "cancelled")] if percent else [])


async def test_the_venue_cancelling_credits_everything(factory: Factory) -> None:
    manager, hirer, venue, space = await hall(factory)
    booking = await invoiced_booking(factory, venue, space, hirer)
    await cancel_booking(manager.user, booking.id, "Boiler broken", now=datetime(2027, 4, 3, 20, tzinfo=UTC))
    assert await credited() == [(booking.id, 100, "cancelled")]


async def test_a_closure_that_cancels_credits_everything(
    factory: Factory,
) -> None:
    manager, hirer, venue, space = await hall(factory)
    booking = await invoiced_booking(factory, venue, space, hirer)
    await close(
        manager.user,
        venue.id,
        date(2027, 4, 4),
        date(2027, 4, 4),
        "Flood",
        None,
        Resolution(every=Fate.cancel, reason="Flood"),
        now=datetime(2027, 4, 2, tzinfo=UTC),
    )
    assert await credited() == [(booking.id, 100, "cancelled")]


async def test_no_policy_credits_the_hirer_everything_and_a_booking_never_invoiced_is_not_credited(
    factory: Factory,
) -> None:
    _, hirer, venue, space = await hall(factory, policy=None)
    booking = await invoiced_booking(factory, venue, space, hirer)
    never_invoiced = await factory.booking(space, ENDS, datetime(2027, 4, 4, 3, tzinfo=UTC), booked_by=hirer.id)
    await cancel_booking(hirer.user, booking.id, "", now=datetime(2027, 4, 3, tzinfo=UTC))
    await cancel_booking(hirer.user, never_invoiced.id, "", now=datetime(2027, 4, 3, tzinfo=UTC))
    assert await credited() == [(booking.id, 100, "cancelled")]


async def test_a_failing_credit_leaves_the_booking_as_it_was(factory: Factory, monkeypatch: pytest.MonkeyPatch) -> None:
    _, hirer, venue, space = await hall(factory)
    booking = await invoiced_booking(factory, venue, space, hirer)

    async def failing(*args: Any) -> None:
        raise RuntimeError("issuing failed")

    monkeypatch.setattr(credit, "credit_cancelled", failing)
    with pytest.raises(RuntimeError):
        await cancel_booking(hirer.user, booking.id, "", now=datetime(2027, 3, 1, tzinfo=UTC))
    assert (await Booking.select(Booking.status).where(Booking.id == booking.id).first())["status"] == "confirmed"


async def choir_series(factory: Factory, hirer: Account, space: Space, first: date, now: datetime) -> list[Booking]:
    from scheduling.recurrence.rules import parse_rrule
    from scheduling.series.create import SeriesDraft, create_series

    group = await factory.group(hirer, name="Choir")
    rule = parse_rrule("FREQ=WEEKLY;COUNT=3")
    draft = SeriesDraft(space.id, rule, first, time(10), time(12), title="Choir", group_id=group.id)
    booked = (await create_series(hirer.user, draft, now=now)).booked
    for booking in booked:
        await issued(space.venue, [(PRICE, 0)], first, booking=booking.id)
    return sorted(booked, key=lambda booking: booking.starts_at)


@pytest.mark.parametrize("by_manager", [False, True])
async def test_a_series_range_cancelled_is_credited_per_date(factory: Factory, by_manager: bool) -> None:
    from datetime import timedelta

    from scheduling.series.changes import cancel_dates
    from tests.series_support import next_weekday
    from venues.core.timezones import local_datetime

    manager, hirer, venue, space = await hall(factory)
    first = next_weekday(2, days_ahead=20)
    now = local_datetime(first - timedelta(days=10), time(12), "Europe/London")
    dates = await choir_series(factory, hirer, space, first, now)
    actor = manager if by_manager else hirer
    await cancel_dates(actor.user, dates[0].series, first, first + timedelta(days=7), "Summer break", now=now)
    # 10 days before the first date: half back; 17 days before the second: all. The venue: all, always.
    expected = [100, 100] if by_manager else [50, 100]
    assert await credited() == [(dates[0].id, expected[0], "cancelled"), (dates[1].id, expected[1], "cancelled")]
