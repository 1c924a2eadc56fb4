"""/feeds/…: iCalendar feeds (public, no sign-in; private at secret URLs) and /api/v1/feeds for the links."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from litestar import Controller, HttpMethod, Request, Response, get, post, route
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from api.auth import requires_login
from api.feeds.conditional import CALENDAR_MEDIA_TYPE, serve_feed
from api.feeds.links import feed_links
from api.feeds.schemas import PrivateFeed, RotateRequest
from api.settings import get_settings
from scheduling.feed_tokens import FeedScope, current_token, resolve_token, rotate_token
from scheduling.groups import get_group, organised_group_ids
from scheduling.ical import render_calendar
from scheduling.models import Group
from scheduling.private_feeds import private_feed
from venues.errors import Forbidden, NotFound
from venues.models import User
from venues.permissions import managed_venue_ids
from venues.publication import publication_version

FEED_NAME = re.compile(r"^([A-Za-z0-9_-]{1,64})\.ics$")
FEED_RESPONSES: dict[int, Any] = {}


def feed_stem(name: str) -> str:
    """``12.ics`` → ``12``; anything else names no feed."""
    match = FEED_NAME.match(name)
    if match is None:
        raise NotFound("Feed addresses end in .ics, for example /feeds/venues/12.ics.")
    return match.group(1)


def private_feed_path(token: str) -> str:
    return f"/feeds/private/{token}.ics"


class PrivateFeedController(Controller):
    path = "/feeds/private"
    tags = ["feeds"]

    @route(
        "/{name:str}",
        http_method=[HttpMethod.GET, HttpMethod.HEAD],
        media_type=CALENDAR_MEDIA_TYPE,
        summary="A private feed (secret URL)",
        description="All bookings of a manager's venues, or of one group, with status. Rotate the link to revoke it.",
    )
    async def private(self, request: Request, name: FromPath[str]) -> Response[bytes]:
        token = await resolve_token(feed_stem(name))
        version, changed_at = await publication_version()
        today = datetime.now(timezone.utc).date().isoformat()
        base_url = get_settings().public_base_url

        async def build() -> bytes:
            return render_calendar(await private_feed(token, base_url))

        return await serve_feed(
            request,
            key=f"private:{token.id}:{today}",
            version=version,
            last_modified=changed_at,
            filename="bookings.ics",
            build=build,
            private=True,
        )


class PrivateFeedLinksController(Controller):
    path = "/api/v1/feeds/private"
    tags = ["feeds"]
    guards = [requires_login]

    @get("/", summary="My private feed links", description="A manager's feed, and one per group the account organises.")
    async def links(self, user: NamedDependency[User]) -> list[PrivateFeed]:
        feeds: list[PrivateFeed] = []
        if await managed_venue_ids(user):
            token = await current_token(user.id, FeedScope.manager)
            feeds.append(PrivateFeed(scope="manager", name="All bookings at my venues", links=feed_links(private_feed_path(token))))
        group_ids = sorted(await organised_group_ids(user))
        groups = await Group.select(Group.id, Group.name).where(Group.id.is_in(group_ids)) if group_ids else []
        for group in sorted(groups, key=lambda g: g["name"]):
            token = await current_token(user.id, FeedScope.group, group["id"])
            feeds.append(
                PrivateFeed(
                    scope="group",
                    name=f"{group['name']}: bookings",
                    group_id=group["id"],
                    links=feed_links(private_feed_path(token)),
                )
            )
        return feeds

    @post("/rotate", status_code=200, summary="Replace a private feed link; the old one stops working at once")
    async def rotate(self, user: NamedDependency[User], data: JSONBody[RotateRequest]) -> PrivateFeed:
        if data.scope == "manager":
            if not await managed_venue_ids(user):
                raise Forbidden("Only venue managers have a manager's feed.")
            token = await rotate_token(user.id, FeedScope.manager)
            return PrivateFeed(scope="manager", name="All bookings at my venues", links=feed_links(private_feed_path(token)))
        if data.group_id is None:
            raise NotFound("Say which group's feed to rotate (group_id).", field="group_id")
        group = await get_group(data.group_id)
        if group.id not in await organised_group_ids(user):
            raise Forbidden("Only the group's organisers have its private feed.")
        token = await rotate_token(user.id, FeedScope.group, group.id)
        return PrivateFeed(scope="group", name=f"{group.name}: bookings", group_id=group.id, links=feed_links(private_feed_path(token)))
