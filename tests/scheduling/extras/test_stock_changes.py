"""Changing an extra's stock: an unlimited extra given a stock counts what live bookings chose; no lost updates."""

from __future__ import annotations

import pytest

from scheduling.bookings.workflow import cancel_booking, request_booking
from scheduling.extras.holds import StockOut
from scheduling.extras.stock import StockBelowHeld, change_extra, remove_extra
from scheduling.models import ExtraHold
from tests.bookings_support import future_day
from tests.factories import Account, Factory
from tests.scheduling.extras.test_holds import draft
from venues.extras.catalogue import add_extra, get_extra, update_extra
from venues.models import Extra, Space


async def _unlimited_hall(factory: Factory) -> tuple[Account, list[Space], Extra]:
    manager, member = await factory.account("manager"), await factory.account("member")
    venue = await factory.venue(manager=manager)
    spaces = [await factory.space(venue, name=name, requires_approval=True) for name in ("A", "B", "C")]
    chairs = await add_extra(venue.id, {"name": "Chairs", "unit": "item", "price_minor": 50})
    return member, spaces, chairs


async def test_stock_below_what_live_bookings_chose_of_an_unlimited_extra_is_a_409_naming_them(
    factory: Factory,
) -> None:
    member, spaces, chairs = await _unlimited_hall(factory)
    day = future_day()
    first = await request_booking(member.user, draft(spaces[0], day, 10, 12, (chairs.id, 30)))
    second = await request_booking(member.user, draft(spaces[1], day, 11, 13, (chairs.id, 25)))
    await request_booking(member.user, draft(spaces[2], day, 13, 14, (chairs.id, 40)))  # after the others
    assert await ExtraHold.count() == 0  # unlimited: nothing is counted yet
    with pytest.raises(StockBelowHeld) as refused:
        await change_extra(chairs.id, {"stock": 54})  # 30 + 25 are out 11:00–12:00
    assert "55 × Chairs" in refused.value.detail
    assert {b["booking_id"] for b in refused.value.extra["bookings"]} == {first.id, second.id}
    assert (await get_extra(chairs.id)).stock is None
    assert await ExtraHold.count() == 0


async def test_an_unlimited_extra_given_enough_stock_holds_units_for_live_bookings_so_none_over_books(
    factory: Factory,
) -> None:
    member, spaces, chairs = await _unlimited_hall(factory)
    day = future_day()
    await request_booking(member.user, draft(spaces[0], day, 10, 12, (chairs.id, 30)))
    second = await request_booking(member.user, draft(spaces[1], day, 11, 13, (chairs.id, 25)))
    gone = await request_booking(member.user, draft(spaces[2], day, 10, 12, (chairs.id, 40)))
    await cancel_booking(member.user, gone.id)  # no longer counts
    await change_extra(chairs.id, {"stock": 60})
    assert await ExtraHold.count() == 55
    assert await ExtraHold.count().where(ExtraHold.booking == second.id) == 25
    with pytest.raises(StockOut):  # 55 of 60 are out at 11:30: 6 more do not fit
        await request_booking(member.user, draft(spaces[2], day, 11, 12, (chairs.id, 6)))
    await request_booking(member.user, draft(spaces[2], day, 11, 12, (chairs.id, 5)))
    assert await ExtraHold.count() == 60
    await change_extra(chairs.id, {"stock": None})  # unlimited again: units mean nothing
    assert await ExtraHold.count() == 0
    await change_extra(chairs.id, {"stock": 60})  # and are counted afresh
    assert await ExtraHold.count() == 60


async def test_a_change_saved_from_an_old_copy_keeps_what_another_change_saved(factory: Factory) -> None:
    _, _, chairs = await _unlimited_hall(factory)
    old_copy = await get_extra(chairs.id)
    await change_extra(chairs.id, {"name": "Folding chairs"})
    await update_extra(old_copy, {"price_minor": 75})  # read before the rename, saved after it
    found = await get_extra(chairs.id)
    assert (found.name, found.price_minor) == ("Folding chairs", 75)


async def test_removing_an_extra_a_booking_chose_archives_it(factory: Factory) -> None:
    member, spaces, chairs = await _unlimited_hall(factory)
    await request_booking(member.user, draft(spaces[0], future_day(), 10, 12, (chairs.id, 3)))
    assert await remove_extra(chairs.id) is False
    assert (await get_extra(chairs.id)).archived
    spare = await add_extra(chairs.venue, {"name": "Urn"})
    assert await remove_extra(spare.id) is True
    assert not await Extra.exists().where(Extra.id == spare.id)
