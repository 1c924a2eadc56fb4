"""Emailed links: stored only as digests, taken once, only for their purpose, only before they expire."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import Factory
from venues.accounts import links
from venues.core.clock import frozen_at
from venues.core.database import write_transaction
from venues.core.errors import RuleViolation
from venues.models import AccountLink

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


async def take(purpose: str, token: str) -> links.TakenLink:
    async with write_transaction():
        return await links.take_link(purpose, token)


async def test_only_a_digest_of_the_secret_is_stored(factory: Factory) -> None:
    account = await factory.account()
    token = await links.new_link(links.RESET, user_id=account.id, email=account.user.email)
    stored = await AccountLink.select(AccountLink.token_hash).first()
    assert stored is not None and stored["token_hash"] == links.link_digest(token) and token not in str(stored)


async def test_a_link_is_taken_once_and_only_for_its_purpose(factory: Factory) -> None:
    account = await factory.account()
    token = await links.new_link(links.VERIFY, user_id=account.id, email=account.user.email)
    with pytest.raises(RuleViolation):
        await take(links.RESET, token)
    taken = await take(links.VERIFY, token)
    assert (taken.user_id, taken.email) == (account.id, account.user.email)
    with pytest.raises(RuleViolation):
        await take(links.VERIFY, token)


async def test_a_link_expires_after_its_lifetime(factory: Factory) -> None:
    account = await factory.account()
    with frozen_at(T0):
        token = await links.new_link(links.RESET, user_id=account.id, email=account.user.email)
    with frozen_at(T0 + links.LIFETIMES[links.RESET] + timedelta(seconds=1)), pytest.raises(RuleViolation):
        await take(links.RESET, token)


async def test_two_clicks_at_once_take_the_link_once(factory: Factory) -> None:
    account = await factory.account()
    token = await links.new_link(links.VERIFY, user_id=account.id, email=account.user.email)
    results = await asyncio.gather(take(links.VERIFY, token), take(links.VERIFY, token), return_exceptions=True)
    assert sum(isinstance(r, links.TakenLink) for r in results) == 1
    assert sum(isinstance(r, RuleViolation) for r in results) == 1


async def test_a_rolled_back_use_leaves_the_link_usable(factory: Factory) -> None:
    account = await factory.account()
    token = await links.new_link(links.VERIFY, user_id=account.id, email=account.user.email)
    with pytest.raises(RuntimeError):
        async with write_transaction():
            await links.take_link(links.VERIFY, token)
            raise RuntimeError("the change that used it failed")
    assert (await take(links.VERIFY, token)).user_id == account.id
