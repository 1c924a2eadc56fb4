"""An area's venues: added once (a second add, even at the same moment, is a 409), taken out, admins only."""

from __future__ import annotations

import asyncio

import pytest

from tests.factories import Factory
from venues.areas.areas import area_detail, create_area
from venues.areas.members import add_venue, remove_venue
from venues.core.errors import Conflict, Forbidden, NotFound
from venues.models import AreaVenue


async def test_a_venue_is_added_once_and_may_be_in_several_areas(factory: Factory) -> None:
    admin = (await factory.account("admin", admin=True)).user
    venue = await factory.venue(name="Marsh Hall")
    north, south = await create_area(admin, "North"), await create_area(admin, "South")
    await add_venue(admin, north.id, venue.id)
    await add_venue(admin, south.id, venue.id)
    with pytest.raises(Conflict) as twice:
        await add_venue(admin, north.id, venue.id)
    assert "Marsh Hall is already in this area" in twice.value.detail
    assert await AreaVenue.count() == 2


async def test_adding_the_same_venue_twice_at_once_keeps_one_row_and_gives_one_conflict(factory: Factory) -> None:
    admin = (await factory.account("admin", admin=True)).user
    venue = await factory.venue()
    area = await create_area(admin, "Area")
    results = await asyncio.gather(
        add_venue(admin, area.id, venue.id), add_venue(admin, area.id, venue.id), return_exceptions=True
    )
    assert sorted(type(result).__name__ for result in results) == ["Conflict", "NoneType"]
    assert await AreaVenue.count() == 1


async def test_unknown_areas_and_venues_are_not_found(factory: Factory) -> None:
    admin = (await factory.account("admin", admin=True)).user
    venue = await factory.venue()
    area = await create_area(admin, "Area")
    with pytest.raises(NotFound):
        await add_venue(admin, area.id + 1, venue.id)
    with pytest.raises(NotFound):
        await add_venue(admin, area.id, venue.id + 1)
    with pytest.raises(NotFound):
        await add_venue(admin, area.id, 0)
    with pytest.raises(NotFound):
        await remove_venue(admin, area.id, venue.id)  # not in it


async def test_taking_a_venue_out_leaves_it_in_other_areas(factory: Factory) -> None:
    admin = (await factory.account("admin", admin=True)).user
    venue = await factory.venue()
    north, south = await create_area(admin, "North"), await create_area(admin, "South")
    await add_venue(admin, north.id, venue.id)
    await add_venue(admin, south.id, venue.id)
    await remove_venue(admin, north.id, venue.id)
    assert (await area_detail(north.id)).venues == []
    assert [v.id for v in (await area_detail(south.id)).venues] == [venue.id]


async def test_only_an_admin_adds_or_removes_venues(factory: Factory) -> None:
    admin = (await factory.account("admin", admin=True)).user
    manager = await factory.account("manager")
    venue = await factory.venue(manager)
    area = await create_area(admin, "Area")
    with pytest.raises(Forbidden):
        await add_venue(manager.user, area.id, venue.id)  # managing the venue is not enough
    await add_venue(admin, area.id, venue.id)
    with pytest.raises(Forbidden):
        await remove_venue(manager.user, area.id, venue.id)
    assert await AreaVenue.count() == 1
