"""Closures: dates, reasons, spaces and the date-range filter, without HTTP."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import Factory
from venues.core.errors import InvalidInput, NotFound
from venues.opening.closures import add_closure, get_closure, list_closures, remove_closure


async def test_add_and_remove(factory: Factory) -> None:
    venue = await factory.venue()
    space = await factory.space(venue)
    closure = await add_closure(venue.id, date(2027, 8, 1), date(2027, 8, 1), "  Floor  ", space.id)
    assert closure.reason == "Floor" and closure.space == space.id
    assert (await get_closure(closure.id)).id == closure.id
    await remove_closure(closure)
    with pytest.raises(NotFound):
        await get_closure(closure.id)


@pytest.mark.parametrize("closure_id", [0, -1, 2**31, 2**80])
async def test_ids_out_of_range_are_not_found(closure_id: int) -> None:
    with pytest.raises(NotFound):
        await get_closure(closure_id)


async def test_refusals_name_the_field(factory: Factory) -> None:
    venue = await factory.venue()
    foreign = await factory.space(await factory.venue())
    cases = [
        ((date(2027, 1, 2), date(2027, 1, 1), "Backwards", None), "ends_on"),
        ((date(2027, 1, 1), date(2027, 1, 1), " \t ", None), "reason"),
        ((date(2027, 1, 1), date(2027, 1, 1), "Foreign", foreign.id), "space_id"),
        ((date(2027, 1, 1), date(2027, 1, 1), "Huge", 2**40), "space_id"),
    ]
    for args, field in cases:
        with pytest.raises(InvalidInput) as raised:
            await add_closure(venue.id, *args)
        assert raised.value.field == field
    assert (await list_closures(venue.id, None, None, 50, 0))[1] == 0


async def test_range_filter_keeps_overlapping_closures(factory: Factory) -> None:
    venue = await factory.venue()
    easter = await add_closure(venue.id, date(2027, 3, 26), date(2027, 3, 29), "Easter", None)
    await add_closure(venue.id, date(2027, 12, 25), date(2027, 12, 26), "Christmas", None)
    found, total = await list_closures(venue.id, date(2027, 3, 29), date(2027, 4, 30), 50, 0)
    assert [closure.id for closure in found] == [easter.id] and total == 1
    with pytest.raises(InvalidInput) as raised:
        await list_closures(venue.id, date(2027, 5, 1), date(2027, 4, 1), 50, 0)
    assert raised.value.field == "to"
