"""An area's officers: named by an existing account's email (404 without one), once (409, at the same moment too),
removed; admins only."""

from __future__ import annotations

import asyncio

import pytest

from tests.factories import Factory
from venues.areas.areas import create_area
from venues.areas.officers import add_officer, list_officers, remove_officer
from venues.core.errors import Conflict, Forbidden, NotFound
from venues.models import AreaOfficer


async def test_an_officer_is_named_by_email_in_any_case_and_listed(factory: Factory) -> None:
    admin = (await factory.account("admin", admin=True)).user
    officer = await factory.account("officer")
    area = await create_area(admin, "Area")
    named = await add_officer(admin, area.id, f"  {officer.user.email.upper()} ")
    assert named.user_id == officer.id
    found, total = await list_officers(area.id)
    assert ([o.email for o in found], total) == ([officer.user.email], 1)


async def test_an_email_without_an_account_is_not_found_and_naming_twice_is_a_conflict(factory: Factory) -> None:
    admin = (await factory.account("admin", admin=True)).user
    officer = await factory.account("officer")
    area = await create_area(admin, "Area")
    with pytest.raises(NotFound) as nobody:
        await add_officer(admin, area.id, "nobody@example.org")
    assert nobody.value.extra["field"] == "email"
    await add_officer(admin, area.id, officer.user.email)
    with pytest.raises(Conflict):
        await add_officer(admin, area.id, officer.user.email)
    with pytest.raises(NotFound):
        await add_officer(admin, area.id + 1, officer.user.email)


async def test_naming_the_same_officer_twice_at_once_keeps_one_row(factory: Factory) -> None:
    admin = (await factory.account("admin", admin=True)).user
    officer = await factory.account("officer")
    area = await create_area(admin, "Area")
    results = await asyncio.gather(
        add_officer(admin, area.id, officer.user.email),
        add_officer(admin, area.id, officer.user.email),
        return_exceptions=True,
    )
    assert sorted(type(result).__name__ for result in results) == ["Conflict", "Officer"]
    assert await AreaOfficer.count() == 1


async def test_removing_an_officer_and_removing_one_who_is_not(factory: Factory) -> None:
    admin = (await factory.account("admin", admin=True)).user
    officer = await factory.account("officer")
    area = await create_area(admin, "Area")
    await add_officer(admin, area.id, officer.user.email)
    await remove_officer(admin, area.id, officer.id)
    assert await AreaOfficer.count() == 0
    with pytest.raises(NotFound):
        await remove_officer(admin, area.id, officer.id)


async def test_only_an_admin_names_or_removes_officers(factory: Factory) -> None:
    admin = (await factory.account("admin", admin=True)).user
    officer = await factory.account("officer")
    area = await create_area(admin, "Area")
    with pytest.raises(Forbidden):
        await add_officer(officer.user, area.id, officer.user.email)  # nobody names themselves
    await add_officer(admin, area.id, officer.user.email)
    with pytest.raises(Forbidden):
        await remove_officer(officer.user, area.id, officer.id)
    assert await AreaOfficer.count() == 1
