"""A venue's treasurers: added by a confirmed account's email, once, listed and removed."""

from __future__ import annotations

import pytest

from tests.factories import Factory
from venues.billing.treasurers import add_treasurer, list_treasurers, remove_treasurer
from venues.core.errors import Conflict, InvalidInput, NotFound
from venues.models import User
from venues.permissions import handles_money, manages_venue


async def test_a_treasurer_handles_money_without_managing(factory: Factory) -> None:
    venue = await factory.venue(manager=await factory.account("manager"))
    person = await factory.account("treasurer")
    added = await add_treasurer(venue.id, f"  {person.user.email.upper()} ")
    assert added.user_id == person.id
    assert [t.email for t in await list_treasurers(venue.id)] == [person.user.email]
    assert await handles_money(person.user, venue.id) and not await manages_venue(person.user, venue.id)
    await remove_treasurer(venue.id, person.id)
    assert await list_treasurers(venue.id) == [] and not await handles_money(person.user, venue.id)


async def test_only_a_confirmed_account_can_be_added(factory: Factory) -> None:
    venue = await factory.venue()
    with pytest.raises(InvalidInput) as none:
        await add_treasurer(venue.id, "nobody@example.org")
    unconfirmed = await factory.account("new")
    await User.update({User.email_verified: False}).where(User.id == unconfirmed.id)
    with pytest.raises(InvalidInput) as not_confirmed:
        await add_treasurer(venue.id, unconfirmed.user.email)
    assert none.value.field == not_confirmed.value.field == "email"
    assert await list_treasurers(venue.id) == []


async def test_adding_the_same_treasurer_twice_is_a_conflict(factory: Factory) -> None:
    venue = await factory.venue()
    person = await factory.account()
    await add_treasurer(venue.id, person.user.email)
    with pytest.raises(Conflict):
        await add_treasurer(venue.id, person.user.email)
    assert len(await list_treasurers(venue.id)) == 1


async def test_removing_someone_who_is_not_a_treasurer_is_not_found(factory: Factory) -> None:
    venue, other = await factory.venue(), await factory.venue()
    person = await factory.account()
    await add_treasurer(other.id, person.user.email)
    with pytest.raises(NotFound):
        await remove_treasurer(venue.id, person.id)
    assert len(await list_treasurers(other.id)) == 1
