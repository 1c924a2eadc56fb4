"""Extras chosen on a request hold units of limited stock under the database's guard; freed with the time."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest

from scheduling.bookings.workflow import BookingDraft, cancel_rows, confirm_booking, decline_booking, request_booking
from scheduling.extras import holds
from scheduling.extras.holds import StockOut, busiest, chosen_extras, is_stock_refusal
from scheduling.models import Booking, BookingExtra, ExtraHold
from scheduling.pricing import quotes
from scheduling.vocabulary import CancelledBy
from tests.bookings_support import future_day
from tests.factories import Account, Factory
from venues.core.database import write_transaction
from venues.core.timezones import local_datetime
from venues.extras.catalogue import add_extra
from venues.models import Extra, Space


def at(day: date, hour: int) -> datetime:
    return local_datetime(day, time(hour), "Europe/London")


async def hall(factory: Factory) -> tuple[Account, Account, list[Space], Extra]:
    manager, member = await factory.account("manager"), await factory.account("member")
    venue = await factory.venue(manager=manager)
    spaces = [await factory.space(venue, name=name, requires_approval=True) for name in ("A", "B", "C")]
    projector = await add_extra(venue.id, {"name": "Projector", "stock": 2, "price_minor": 1500})
    return manager, member, spaces, projector


def draft(space: Space, day: date, starts: int, ends: int, *extras: tuple[int, int]) -> BookingDraft:
    return BookingDraft(space_id=space.id, starts_at=at(day, starts), ends_at=at(day, ends), extras=tuple(extras))


def test_busiest_finds_the_most_out_at_once_and_when() -> None:
    assert busiest([(0, 10), (5, 15), (8, 20)], 0, 20) == (3, 8, 10)
    assert busiest([(0, 10), (10, 20)], 0, 20) == (1, 0, 20)
    assert busiest([], 0, 20) == (0, 0, 20)


async def test_the_database_refuses_a_unit_out_twice_at_once(factory: Factory) -> None:
    _, member, spaces, projector = await hall(factory)
    day = future_day()
    booking = await request_booking(member.user, draft(spaces[0], day, 10, 12))
    await ExtraHold.insert(ExtraHold(booking=booking.id, extra=projector.id, unit=1, starts_ts=1000, ends_ts=2000))
    await ExtraHold.insert(ExtraHold(booking=booking.id, extra=projector.id, unit=1, starts_ts=2000, ends_ts=3000))
    await ExtraHold.insert(ExtraHold(booking=booking.id, extra=projector.id, unit=2, starts_ts=1500, ends_ts=2500))
    with pytest.raises(Exception) as refused:
        async with write_transaction():
            await ExtraHold.insert(
                ExtraHold(booking=booking.id, extra=projector.id, unit=1, starts_ts=2999, ends_ts=4000)
            )
    assert is_stock_refusal(refused.value)
    assert await ExtraHold.count() == 3


async def test_the_guards_refusal_is_a_stock_409_even_when_the_check_was_fooled(
    factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, member, spaces, projector = await hall(factory)
    day = future_day()
    await request_booking(member.user, draft(spaces[0], day, 10, 12, (projector.id, 1)))
    await request_booking(member.user, draft(spaces[1], day, 10, 12, (projector.id, 1)))

    async def nothing_held(*_: object) -> list[tuple[int, int, int]]:
        return []

    monkeypatch.setattr(holds, "_held", nothing_held)
    with pytest.raises(StockOut) as refused:
        await request_booking(member.user, draft(spaces[2], day, 11, 13, (projector.id, 1)))
    assert refused.value.rule == "extra-stock"
    assert await Booking.count() == 2 and await ExtraHold.count() == 2 and await BookingExtra.count() == 2


async def test_declining_or_cancelling_frees_the_units_and_keeps_what_was_chosen(factory: Factory) -> None:
    manager, member, spaces, projector = await hall(factory)
    day = future_day()
    first = await request_booking(member.user, draft(spaces[0], day, 10, 12, (projector.id, 1)))
    second = await request_booking(member.user, draft(spaces[1], day, 10, 12, (projector.id, 1)))
    await decline_booking(manager.user, first.id, "Sorry")
    assert [row["booking"] for row in await ExtraHold.select(ExtraHold.booking)] == [second.id]
    async with write_transaction():
        await cancel_rows(
            [{"id": second.id, "status": second.status}], manager.user.id, "Closed", first.created_at, CancelledBy.venue
        )
    assert await ExtraHold.count() == 0
    assert await BookingExtra.count() == 2


async def test_confirming_prices_the_booking_with_the_extras_it_chose(
    factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager, member, spaces, projector = await hall(factory)
    tables = await add_extra(projector.venue, {"name": "Tables", "unit": "item", "price_minor": 200})
    day = future_day()
    booking = await request_booking(member.user, draft(spaces[0], day, 10, 12, (projector.id, 1), (tables.id, 6)))
    assert [(c.extra.name, c.quantity) for c in await chosen_extras(booking.id)] == [("Projector", 1), ("Tables", 6)]
    priced_with: list[list[tuple[str, int]]] = []
    real = quotes.quote

    async def watching(*args: Any, **kwargs: Any) -> quotes.Quote:
        extras = args[4] if len(args) > 4 else kwargs.get("extras", ())
        priced_with.append([(c.extra.name, c.quantity) for c in extras])
        return await real(*args, **kwargs)

    monkeypatch.setattr("scheduling.bookings.workflow.quote", watching)
    await confirm_booking(manager.user, booking.id)
    assert priced_with == [[("Projector", 1), ("Tables", 6)]]
