"""An account holds a manager's feed while it manages a venue and one feed per group it organises; no other."""

from __future__ import annotations

import pytest

from scheduling.feeds.private_links import held_feeds, rotate_held_feed
from scheduling.feeds.tokens import FeedScope, resolve_token
from tests.factories import Factory
from venues.core.errors import Forbidden


async def test_an_account_holds_its_managers_feed_then_its_groups_feeds_by_name(factory: Factory) -> None:
    someone = await factory.account("someone")
    await factory.venue(manager=someone)
    knitting = await factory.group(someone, name="Knitting circle")
    choir = await factory.group(someone, name="Choir")

    held = await held_feeds(someone.user)
    assert [(feed.scope, feed.name, feed.group_id) for feed in held] == [
        (FeedScope.manager, "All bookings at my venues", None),
        (FeedScope.group, "Choir: bookings", choir.id),
        (FeedScope.group, "Knitting circle: bookings", knitting.id),
    ]
    rotated = await rotate_held_feed(someone.user, FeedScope.group, choir.id)
    assert rotated.token != held[1].token and (await resolve_token(rotated.token)).group == choir.id
    assert [feed.token for feed in await held_feeds(someone.user)][1] == rotated.token


async def test_only_holders_rotate_a_feed_even_a_site_admin_who_organises_nothing(factory: Factory) -> None:
    admin = await factory.account("admin", admin=True)
    group = await factory.group(await factory.account("organiser"))

    assert await held_feeds(admin.user) == []
    with pytest.raises(Forbidden, match="Only venue managers"):
        await rotate_held_feed(admin.user, FeedScope.manager, None)
    with pytest.raises(Forbidden, match="Only the group's organisers"):
        await rotate_held_feed(admin.user, FeedScope.group, group.id)
