"""/feeds/…: iCalendar feeds (public, no sign-in; private at secret URLs) and /api/v1/feeds for the links."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from litestar import Controller, HttpMethod, Request, Response, get, post, route
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody

from api.auth import requires_login
from api.errors import problem_responses
from api.feeds.cache import feed_bodies
from api.feeds.conditional import CALENDAR_MEDIA_TYPE, etag_for, serve_feed
from api.feeds.links import feed_links
from api.feeds.schemas import PrivateFeed, RotateRequest
from api.settings import get_settings
from api.whats_on.filters import provide_whats_on_scope
from scheduling.feeds.events import FeedWindow
from scheduling.feeds.ical import FeedCalendar, FeedEvent, render_calendar
from scheduling.feeds.private import private_feed
from scheduling.feeds.public import busy_events, public_events, window_filters
from scheduling.feeds.tokens import FeedScope, current_token, resolve_token, rotate_token
from scheduling.groups import get_group, organised_group_ids
from scheduling.listings.whats_on import WhatsOnScope
from scheduling.models import Group
from scheduling.vocabulary import ActivityCategory
from venues.core import clock
from venues.core.errors import Forbidden, NotFound
from venues.core.ids import in_id_range
from venues.lookups import get_space, get_venue
from venues.models import User, Venue
from venues.permissions import managed_venue_ids
from venues.publication import publication_version

FEED_NAME = re.compile(r"^([A-Za-z0-9_-]{1,64})\.ics$")


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
        responses=problem_responses(404),
        description="All bookings of a manager's venues, or of one group, with status. Rotate the link to revoke it.",
    )
    async def private(self, request: Request, name: FromPath[str]) -> Response[bytes]:
        token = await resolve_token(feed_stem(name))
        version, changed_at = await publication_version()
        today = clock.now_exact().date().isoformat()
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

    @get(
        "/",
        summary="My private feed links",
        description="A manager's feed, and one per group the account organises.",
        responses=problem_responses(401),
    )
    async def links(self, user: NamedDependency[User]) -> list[PrivateFeed]:
        feeds: list[PrivateFeed] = []
        if await managed_venue_ids(user):
            token = await current_token(user.id, FeedScope.manager)
            feeds.append(
                PrivateFeed(
                    scope="manager", name="All bookings at my venues", links=feed_links(private_feed_path(token))
                )
            )
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

    @post(
        "/rotate",
        status_code=200,
        summary="Replace a private feed link; the old one stops working at once",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def rotate(self, user: NamedDependency[User], data: JSONBody[RotateRequest]) -> PrivateFeed:
        if data.scope == "manager":
            if not await managed_venue_ids(user):
                raise Forbidden("Only venue managers have a manager's feed.")
            token = await rotate_token(user.id, FeedScope.manager)
            return PrivateFeed(
                scope="manager", name="All bookings at my venues", links=feed_links(private_feed_path(token))
            )
        if data.group_id is None:
            raise NotFound("Say which group's feed to rotate (group_id).", field="group_id")
        group = await get_group(data.group_id)
        if group.id not in await organised_group_ids(user):
            raise Forbidden("Only the group's organisers have its private feed.")
        token = await rotate_token(user.id, FeedScope.group, group.id)
        return PrivateFeed(
            scope="group", name=f"{group.name}: bookings", group_id=group.id, links=feed_links(private_feed_path(token))
        )


@dataclass(frozen=True)
class PublicFeed:
    """A public feed once its venue, space or group has been found public: how to name it and what it holds."""

    filename: str
    name: str
    description: str
    path: str
    events: Callable[[FeedWindow, str], Awaitable[list[FeedEvent]]]


async def _unchanged(request: Request, key: str) -> tuple[Response[bytes] | None, tuple[int, datetime]]:
    """A 304 when If-None-Match names this feed's current ETag, or this version's body when this worker has it.

    That ETag, or that body, only ever came from a request that found the feed public at this version,
    and every change that could take the feed away or change it (archiving a venue or space, renaming a
    group, any booking or listing) bumps the version, so the answer still holds: one query on the paths
    calendar clients poll most. ``*`` and If-Modified-Since go the long way, past the 404 checks. Also
    returns the version read, so the long way reads it only once.
    """
    current = await publication_version()
    day_key = f"{key}:{clock.now_exact().date().isoformat()}"
    header = request.headers.get("if-none-match")
    matches = bool(header) and etag_for(day_key, current[0]) in [
        tag.strip().removeprefix("W/") for tag in (header or "").split(",")
    ]
    cached = feed_bodies.entry(day_key, current[0])
    if matches or cached is not None:

        async def unused() -> bytes:
            raise AssertionError("a 304 or a cached body renders nothing")

        filename = cached[1] if cached is not None else ""
        return await serve_feed(
            request, key=day_key, version=current[0], last_modified=current[1], filename=filename, build=unused
        ), current
    return None, current


async def _serve_public(request: Request, key: str, find: Callable[[], Awaitable[PublicFeed]]) -> Response[bytes]:
    """Every public feed: the shortcut first (one query), then ``find`` (its 404s), then a body rendered once
    per version and day.

    ``key`` must name the feed from the request alone (path id, category, full query string), since it is
    used before ``find`` reads anything; bad input (400) is refused before this is called.
    """
    early, (version, changed_at) = await _unchanged(request, key)
    if early is not None:
        return early
    feed = await find()
    now = clock.now_exact()
    base_url = get_settings().public_base_url

    async def build() -> bytes:
        events = await feed.events(FeedWindow.around(now), base_url)
        return render_calendar(
            FeedCalendar(name=feed.name, description=feed.description, events=events, url=f"{base_url}{feed.path}")
        )

    return await serve_feed(
        request,
        key=f"{key}:{now.date().isoformat()}",
        version=version,
        last_modified=changed_at,
        filename=feed.filename,
        build=build,
    )


def _public_route(path: str, summary: str, description: str, *errors: int) -> Any:
    return route(
        path,
        http_method=[HttpMethod.GET, HttpMethod.HEAD],
        media_type=CALENDAR_MEDIA_TYPE,
        summary=summary,
        description=description + " " + WINDOW_NOTE,
        responses=problem_responses(*(errors or (404,))),
    )


WINDOW_NOTE = (
    "Public activities from 30 days ago to 400 days ahead; a series is one event with its RRULE, bounded "
    "(UNTIL) by its last booked occurrence in that window; cancelled dates are EXDATEs, moved ones overrides."
)


class PublicFeedController(Controller):
    path = "/feeds"
    tags = ["feeds"]
    dependencies = {"filters": Provide(provide_whats_on_scope, sync_to_thread=False)}

    @_public_route("/all.ics", "Every public activity", "Every public activity at every venue.")
    async def all_activities(self, request: Request) -> Response[bytes]:
        async def find() -> PublicFeed:
            async def events(window: FeedWindow, base_url: str) -> list[FeedEvent]:
                return await public_events(window_filters(window), base_url)

            return PublicFeed(
                "commonroom.ics",
                "Commonroom: what's on",
                "Every public activity at every venue.",
                "/feeds/all.ics",
                events,
            )

        return await _serve_public(request, "all", find)

    @_public_route(
        "/whats-on.ics",
        "A what's-on search as a feed",
        "The same filters as GET /api/v1/whats-on (without from/to): subscribe to a filtered view.",
        400,
    )
    async def whats_on(self, request: Request, filters: NamedDependency[WhatsOnScope]) -> Response[bytes]:
        query = request.url.query

        async def find() -> PublicFeed:
            async def events(window: FeedWindow, base_url: str) -> list[FeedEvent]:
                return await public_events(filters.within(window.starts, window.ends), base_url)

            return PublicFeed(
                "whats-on.ics",
                "Commonroom: what's on (filtered)",
                "Public activities matching a what's-on search.",
                f"/feeds/whats-on.ics{'?' + query if query else ''}",
                events,
            )

        # ``filters`` was resolved (or refused with a 400) before this runs; the key is the whole query string.
        return await _serve_public(request, f"whats-on:{query}", find)

    @_public_route("/venues/{name:str}", "A venue's public activities", "For example /feeds/venues/12.ics.")
    async def venue(self, request: Request, name: FromPath[str]) -> Response[bytes]:
        venue_id = _feed_id(name)
        return await _serve_public(request, f"venue:{venue_id}", lambda: _venue_feed(venue_id))

    @_public_route(
        "/spaces/{name:str}",
        "A space's calendar",
        "Its public activities in full; every other booking only as an anonymous 'Booked' block.",
    )
    async def space(self, request: Request, name: FromPath[str]) -> Response[bytes]:
        space_id = _feed_id(name)
        return await _serve_public(request, f"space:{space_id}", lambda: _space_feed(space_id))

    @_public_route("/groups/{name:str}", "A group's public activities", "For example /feeds/groups/3.ics.")
    async def group(self, request: Request, name: FromPath[str]) -> Response[bytes]:
        group_id = _feed_id(name)
        return await _serve_public(request, f"group:{group_id}", lambda: _group_feed(group_id))

    @_public_route(
        "/categories/{name:str}", "Public activities of one kind", "For example /feeds/categories/coffee_morning.ics."
    )
    async def category(self, request: Request, name: FromPath[str]) -> Response[bytes]:
        stem = feed_stem(name)
        try:
            category = ActivityCategory(stem)
        except ValueError:
            raise NotFound(f"There is no activity category {stem!r}.") from None

        async def find() -> PublicFeed:
            async def events(window: FeedWindow, base_url: str) -> list[FeedEvent]:
                return await public_events(window_filters(window, categories=(str(category),)), base_url)

            label = str(category).replace("_", " ")
            return PublicFeed(
                f"{category}.ics",
                f"Commonroom: {label}",
                f"Every public {label} activity.",
                f"/feeds/categories/{category}.ics",
                events,
            )

        return await _serve_public(request, f"category:{category}", find)


async def _venue_feed(venue_id: int) -> PublicFeed:
    venue = await get_public_venue(venue_id)

    async def events(window: FeedWindow, base_url: str) -> list[FeedEvent]:
        return await public_events(window_filters(window, venue_id=venue.id), base_url)

    return PublicFeed(
        f"{venue.slug}.ics", venue.name, f"What's on at {venue.name}.", f"/feeds/venues/{venue.id}.ics", events
    )


async def _space_feed(space_id: int) -> PublicFeed:
    space = await get_space(space_id)
    venue = await get_public_venue(space.venue)
    if space.archived:
        raise NotFound(f"There is no space with id {space.id}.")

    async def events(window: FeedWindow, base_url: str) -> list[FeedEvent]:
        shown: set[int] = set()
        listed = await public_events(window_filters(window, space_id=space.id), base_url, shown)
        return listed + await busy_events(space.id, window, shown, base_url)

    return PublicFeed(
        f"{venue.slug}-space-{space.id}.ics",
        f"{space.name}, {venue.name}",
        f"Activities and booked times of {space.name} at {venue.name}.",
        f"/feeds/spaces/{space.id}.ics",
        events,
    )


async def _group_feed(group_id: int) -> PublicFeed:
    group = await get_group(group_id)

    async def events(window: FeedWindow, base_url: str) -> list[FeedEvent]:
        return await public_events(window_filters(window, group_id=group.id), base_url)

    return PublicFeed(
        f"{group.slug}.ics", group.name, f"What's on with {group.name}.", f"/feeds/groups/{group.id}.ics", events
    )


def _feed_id(name: str) -> int:
    stem = feed_stem(name)
    if not stem.isdigit() or not in_id_range(int(stem)):
        raise NotFound("Feed addresses use the numeric id, for example /feeds/venues/12.ics.")
    return int(stem)


async def get_public_venue(venue_id: int) -> Venue:
    venue = await get_venue(venue_id)
    if venue.archived:
        raise NotFound(f"There is no venue with id {venue_id}.")
    return venue
