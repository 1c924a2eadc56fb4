"""Areas: only admins change them; slugs are made from names, checked, and unique (409, at the same moment too);
deleting an area takes its venue list and officers, never the venues or accounts."""

from __future__ import annotations

import asyncio

import pytest

from tests.factories import Factory
from venues.areas.areas import (
    area_by_slug,
    area_detail,
    areas_read_by,
    create_area,
    delete_area,
    list_areas,
    slugify,
    update_area,
)
from venues.areas.members import add_venue
from venues.areas.officers import add_officer
from venues.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from venues.models import Area, AreaOfficer, AreaVenue, User, Venue


async def test_a_slug_is_made_from_the_name_accents_dropped_and_numbered_past_one_taken(factory: Factory) -> None:
    admin = (await factory.account("admin", admin=True)).user
    assert slugify("  Marsh Valley Halls! ") == "marsh-valley-halls"
    assert slugify("Écoles & Salles") == "ecoles-salles"
    assert slugify("!!!") == "area"
    first = await create_area(admin, "Marsh Valley Halls")
    second = await create_area(admin, "Marsh Valley Halls")
    assert (first.slug, second.slug) == ("marsh-valley-halls", "marsh-valley-halls-2")


async def test_a_slug_given_is_checked_and_one_already_taken_is_a_conflict(factory: Factory) -> None:
    admin = (await factory.account("admin", admin=True)).user
    await create_area(admin, "North", slug="north")
    with pytest.raises(Conflict) as taken:
        await create_area(admin, "Another north", slug="north")
    assert taken.value.extra["field"] == "slug"
    for bad in ("North", "two--hyphens", "-edge", "a b", "x" * 81):
        with pytest.raises(InvalidInput):
            await create_area(admin, "Bad", slug=bad)
    south = await create_area(admin, "South")
    with pytest.raises(Conflict):
        await update_area(admin, south.id, {"slug": "north"})
    await update_area(admin, south.id, {"slug": "south"})  # its own slug again is no clash
    assert await Area.count() == 2


async def test_two_admins_taking_the_same_slug_at_once_give_one_area_and_one_conflict(factory: Factory) -> None:
    admin = (await factory.account("admin", admin=True)).user
    results = await asyncio.gather(
        create_area(admin, "One", slug="same"), create_area(admin, "Two", slug="same"), return_exceptions=True
    )
    assert sorted(type(result).__name__ for result in results) == ["Area", "Conflict"]
    assert await Area.count() == 1


async def test_only_an_admin_creates_renames_or_deletes_an_area(factory: Factory) -> None:
    admin = (await factory.account("admin", admin=True)).user
    someone = (await factory.account("someone")).user
    area = await create_area(admin, "Area")
    with pytest.raises(Forbidden):
        await create_area(someone, "Mine")
    with pytest.raises(Forbidden):
        await create_area(None, "Nobody's")
    with pytest.raises(Forbidden):
        await update_area(someone, area.id, {"name": "Renamed"})
    with pytest.raises(Forbidden):
        await delete_area(someone, area.id)
    assert [row["name"] for row in await Area.select(Area.name)] == ["Area"]


async def test_renaming_keeps_the_slug_and_a_blank_name_is_refused(factory: Factory) -> None:
    admin = (await factory.account("admin", admin=True)).user
    area = await create_area(admin, "Old name", description="Before")
    renamed = await update_area(admin, area.id, {"name": " New name ", "description": "After"})
    assert (renamed.name, renamed.slug, renamed.description) == ("New name", "old-name", "After")
    with pytest.raises(InvalidInput) as blank:
        await update_area(admin, area.id, {"name": "   "})
    assert blank.value.field == "name"
    with pytest.raises(NotFound):
        await update_area(admin, area.id + 100, {"name": "Nothing"})


async def test_deleting_an_area_takes_its_venue_list_and_officers_but_not_the_venues_or_accounts(
    factory: Factory,
) -> None:
    admin = (await factory.account("admin", admin=True)).user
    officer = await factory.account("officer")
    venue = await factory.venue()
    kept = await create_area(admin, "Kept")
    gone = await create_area(admin, "Gone")
    for area in (kept, gone):
        await add_venue(admin, area.id, venue.id)
        await add_officer(admin, area.id, officer.user.email)
    await delete_area(admin, gone.id)
    assert await AreaVenue.count() == 1 and await AreaOfficer.count() == 1
    assert await Venue.exists().where(Venue.id == venue.id)
    assert await User.exists().where(User.id == officer.id)
    with pytest.raises(NotFound):
        await area_detail(gone.id)
    with pytest.raises(NotFound):
        await delete_area(admin, gone.id)


async def test_the_list_counts_venues_leaving_out_archived_ones_as_the_public_directory_does(
    factory: Factory,
) -> None:
    admin = (await factory.account("admin", admin=True)).user
    open_venue = await factory.venue(name="Open Hall")
    archived = await factory.venue(name="Closed Hall", archived=True)
    area = await create_area(admin, "Valley")
    await create_area(admin, "Alpha")
    for venue in (open_venue, archived):
        await add_venue(admin, area.id, venue.id)
    found, total = await list_areas(50, 0)
    assert total == 2
    assert [(a.name, a.venue_count) for a in found] == [("Alpha", 0), ("Valley", 1)]
    assert [v.name for v in (await area_detail(area.id)).venues] == ["Open Hall"]
    assert [v.name for v in (await area_detail(area.id, include_archived=True)).venues] == ["Closed Hall", "Open Hall"]
    assert (await area_by_slug("valley")).id == area.id
    with pytest.raises(NotFound):
        await area_by_slug("nowhere")


async def test_an_account_reads_the_areas_it_is_an_officer_of_and_an_admin_reads_every_area(
    factory: Factory,
) -> None:
    admin = (await factory.account("admin", admin=True)).user
    officer = await factory.account("officer")
    mine = await create_area(admin, "Mine")
    await create_area(admin, "Not mine")
    await add_officer(admin, mine.id, officer.user.email)
    found, total = await areas_read_by(officer.user, 50, 0)
    assert ([area.name for area in found], total) == (["Mine"], 1)
    assert (await areas_read_by(admin, 50, 0))[1] == 2
    assert await areas_read_by(None, 50, 0) == ([], 0)
    assert await areas_read_by((await factory.account("nobody")).user, 50, 0) == ([], 0)
