"""Which private feeds an account holds: a manager's feed while it manages a venue, and one per group it organises.

Rotating is refused to anyone who does not hold the feed, so a token is only ever issued to someone with the
right to it (``tokens`` then checks that right again on every request).
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduling.feeds.tokens import FeedScope, current_token, rotate_token
from scheduling.groups import get_group, organised_group_ids
from scheduling.models import Group
from venues.core.errors import Forbidden, NotFound
from venues.models import User
from venues.permissions import managed_venue_ids

MANAGER_FEED_NAME = "All bookings at my venues"


@dataclass(frozen=True)
class HeldFeed:
    """One private feed of an account, named as its links list shows it, and its current token."""

    scope: FeedScope
    name: str
    token: str
    group_id: int | None = None


def _group_feed_name(group_name: str) -> str:
    return f"{group_name}: bookings"


async def held_feeds(user: User) -> list[HeldFeed]:
    """The manager's feed first (when the account manages a venue), then its groups' feeds by group name."""
    feeds: list[HeldFeed] = []
    if await managed_venue_ids(user):
        feeds.append(HeldFeed(FeedScope.manager, MANAGER_FEED_NAME, await current_token(user.id, FeedScope.manager)))
    group_ids = sorted(await organised_group_ids(user))
    groups = await Group.select(Group.id, Group.name).where(Group.id.is_in(group_ids)) if group_ids else []
    for group in sorted(groups, key=lambda g: g["name"]):
        token = await current_token(user.id, FeedScope.group, group["id"])
        feeds.append(HeldFeed(FeedScope.group, _group_feed_name(group["name"]), token, group["id"]))
    return feeds


async def rotate_held_feed(user: User, scope: FeedScope, group_id: int | None) -> HeldFeed:
    """A new token for one of the account's feeds; the old URL stops working. 403 for a feed it does not hold."""
    if scope == FeedScope.manager:
        if not await managed_venue_ids(user):
            raise Forbidden("Only venue managers have a manager's feed.")
        return HeldFeed(FeedScope.manager, MANAGER_FEED_NAME, await rotate_token(user.id, FeedScope.manager))
    if group_id is None:
        raise NotFound("Say which group's feed to rotate (group_id).", field="group_id")
    group = await get_group(group_id)
    if group.id not in await organised_group_ids(user):
        raise Forbidden("Only the group's organisers have its private feed.")
    token = await rotate_token(user.id, FeedScope.group, group.id)
    return HeldFeed(FeedScope.group, _group_feed_name(group.name), token, group.id)
