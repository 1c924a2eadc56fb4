"""/feeds/…: iCalendar feeds (public, no sign-in; private at secret URLs) and /api/v1/feeds for the links."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Any

from litestar import Controller, HttpMethod, Request, Response, get, post, route
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, QueryParameter

from api.auth import requires_login
from api.errors import problem_responses
from api.feeds.conditional import CALENDAR_MEDIA_TYPE, serve_feed, serve_known
from api.feeds.links import feed_links
from api.feeds.schemas import PrivateFeed, RotateRequest
from api.settings import get_settings
from api.whats_on.filters import provide_whats_on_scope
from scheduling.feeds.broad import BROAD_CAP, BROAD_DAYS
from scheduling.feeds.ical import render_calendar
from scheduling.feeds.private import private_feed
from scheduling.feeds.private_links import HeldFeed, held_feeds, rotate_held_feed
from scheduling.feeds.public_feeds import (
    PublicFeed,
    all_feed,
    category_feed,
    feed_category,
    group_feed,
    public_feed_calendar,
    space_feed,
    venue_feed,
    whats_on_feed,
)
from scheduling.feeds.tokens import FeedScope, resolve_token
from scheduling.listings.whats_on import WhatsOnScope
from venues.core import clock
from venues.core.errors import InvalidInput, NotFound
from venues.core.i18n import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, using
from venues.core.i18n.languages import supported
from venues.core.ids import in_id_range
from venues.models import User
from venues.publication import public_version, publication_version

FEED_NAME = re.compile(r"^([A-Za-z0-9_-]{1,64})\.ics$")


def feed_stem(name: str) -> str:
    """``12.ics`` → ``12``; anything else names no feed."""
    match = FEED_NAME.match(name)
    if match is None:
        raise NotFound("Feed addresses end in .ics, for example /feeds/venues/12.ics.")
    return match.group(1)


def private_feed_path(token: str) -> str:
    return f"/feeds/private/{token}.ics"


def provide_feed_language(
    lang: Annotated[
        str | None,
        QueryParameter(
            description="The subscriber's language: `cy` (Cymraeg) or `en` (English, the default), in any case and "
            "with or without a region (`cy-GB` is `cy`). Interface words "
            "are in it, and content in it where the venue, group or activity gave it, else in the other language; "
            "each text property carries LANGUAGE for the language it is actually in.",
            max_length=8,
        ),
    ] = None,
) -> str:
    """``?lang=``: a language Commonroom speaks, as the pages read one (``cy``, ``CY``, ``cy-GB`` → ``cy``); English
    when absent; anything else is a 400 naming the languages there are."""
    if lang is None:
        return DEFAULT_LANGUAGE
    language = supported(lang)
    if language is None:
        spoken = " or ".join(f"{code} ({LANGUAGE_NAMES[code]})" for code in LANGUAGES)
        raise InvalidInput("lang", f"lang is {spoken}, optionally with a region such as cy-GB; not {lang!r}.")
    return language


FEED_LANGUAGE = {"language": Provide(provide_feed_language, sync_to_thread=False)}


class PrivateFeedController(Controller):
    path = "/feeds/private"
    tags = ["feeds"]
    dependencies = FEED_LANGUAGE

    @route(
        "/{name:str}",
        http_method=[HttpMethod.GET, HttpMethod.HEAD],
        media_type=CALENDAR_MEDIA_TYPE,
        summary="A private feed (secret URL)",
        responses=problem_responses(400, 404),
        description="All bookings of a manager's venues, or of one group, with status. Rotate the link to revoke "
        "it. `?lang=cy` words it in Welsh.",
    )
    async def private(self, request: Request, name: FromPath[str], language: NamedDependency[str]) -> Response[bytes]:
        token = await resolve_token(feed_stem(name))
        version, changed_at = await publication_version()
        today = clock.now_exact().date().isoformat()
        base_url = get_settings().public_base_url

        async def build() -> bytes:
            return render_calendar(await private_feed(token, base_url))

        with using(language):  # the body, its cache entry and its ETag are in the subscriber's language
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
        return [_private_feed_out(held) for held in await held_feeds(user)]

    @post(
        "/rotate",
        status_code=200,
        summary="Replace a private feed link; the old one stops working at once",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def rotate(self, user: NamedDependency[User], data: JSONBody[RotateRequest]) -> PrivateFeed:
        return _private_feed_out(await rotate_held_feed(user, FeedScope(data.scope), data.group_id))


def _private_feed_out(held: HeldFeed) -> PrivateFeed:
    return PrivateFeed(
        scope="manager" if held.scope == FeedScope.manager else "group",
        name=held.name,
        group_id=held.group_id,
        links=feed_links(private_feed_path(held.token)),
    )


async def _serve_public(
    request: Request, key: str, find: Callable[[], Awaitable[PublicFeed]], language: str
) -> Response[bytes]:
    """Every public feed: a 304 or this worker's body for the current version first (no query while the version
    watch is live, else one), then ``find``
    (its 404s), then a body rendered once per version and day.

    ``key`` must name the feed from the request alone (path id, category, full query string), since it is
    used before ``find`` reads anything; bad input (400) is refused before this is called. The ETag or the
    body only ever came from a request that found the feed public at this version, and every change that could
    take the feed away or change it bumps the version. ``*`` and If-Modified-Since go the long way.
    """
    version, changed_at = await public_version()
    now = clock.now_exact()
    day_key = f"{key}:{now.date().isoformat()}"
    # Everything below is in the subscriber's language: the feed's words, and the key of its body and ETag.
    with using(language):
        known = serve_known(request, day_key, version, changed_at)
        if known is not None:
            return known
        feed = await find()
        base_url = get_settings().public_base_url
        return await serve_feed(
            request,
            key=day_key,
            version=version,
            last_modified=changed_at,
            filename=feed.filename,
            build=lambda: _render(feed, base_url, now),
        )


async def _render(feed: PublicFeed, base_url: str, now: datetime) -> bytes:
    return render_calendar(await public_feed_calendar(feed, base_url, now))


def _public_route(path: str, summary: str, description: str, *errors: int, broad: bool = False) -> Any:
    return route(
        path,
        http_method=[HttpMethod.GET, HttpMethod.HEAD],
        media_type=CALENDAR_MEDIA_TYPE,
        summary=summary,
        description=" ".join((description, BROAD_NOTE if broad else WINDOW_NOTE, SERIES_NOTE, LANGUAGE_NOTE)),
        responses=problem_responses(*sorted({400, *(errors or (404,))})),
    )


WINDOW_NOTE = "Public activities from 30 days ago to 400 days ahead."
BROAD_NOTE = (
    f"Public activities in the next {BROAD_DAYS} days, at most the first {BROAD_CAP:,} dates by start time (the "
    "calendar's description says where it stops); narrower feeds (a venue's, a space's, a group's, or this "
    "search with a venue, group or place) hold 30 days ago to 400 days ahead."
)
LANGUAGE_NOTE = "`?lang=cy` words it in Welsh (`en`, English, is the default); anything else is a 400."
SERIES_NOTE = (
    "A series is one event with its RRULE, bounded (UNTIL) by its last occurrence the feed holds; cancelled "
    "dates are EXDATEs, moved ones overrides."
)


class PublicFeedController(Controller):
    path = "/feeds"
    tags = ["feeds"]
    dependencies = {"filters": Provide(provide_whats_on_scope, sync_to_thread=False), **FEED_LANGUAGE}

    @_public_route("/all.ics", "Every public activity", "Every public activity at every venue.", broad=True)
    async def all_activities(self, request: Request, language: NamedDependency[str]) -> Response[bytes]:
        return await _serve_public(request, "all", all_feed, language)

    @_public_route(
        "/whats-on.ics",
        "A what's-on search as a feed",
        "The same filters as GET /api/v1/whats-on (without from/to): subscribe to a filtered view. Without "
        "`venue_id`, `space_id`, `group_id` or `lat`+`lng` it is a broad feed:",
        400,
        broad=True,
    )
    async def whats_on(
        self, request: Request, filters: NamedDependency[WhatsOnScope], language: NamedDependency[str]
    ) -> Response[bytes]:
        # ``filters`` was resolved (or refused with a 400) before this runs; the key is the whole query string.
        query = request.url.query
        return await _serve_public(request, f"whats-on:{query}", lambda: whats_on_feed(filters, query), language)

    @_public_route("/venues/{name:str}", "A venue's public activities", "For example /feeds/venues/12.ics.")
    async def venue(self, request: Request, name: FromPath[str], language: NamedDependency[str]) -> Response[bytes]:
        venue_id = _feed_id(name)
        return await _serve_public(request, f"venue:{venue_id}", lambda: venue_feed(venue_id), language)

    @_public_route(
        "/spaces/{name:str}",
        "A space's calendar",
        "Its public activities in full; every other booking only as an anonymous 'Booked' block.",
    )
    async def space(self, request: Request, name: FromPath[str], language: NamedDependency[str]) -> Response[bytes]:
        space_id = _feed_id(name)
        return await _serve_public(request, f"space:{space_id}", lambda: space_feed(space_id), language)

    @_public_route("/groups/{name:str}", "A group's public activities", "For example /feeds/groups/3.ics.")
    async def group(self, request: Request, name: FromPath[str], language: NamedDependency[str]) -> Response[bytes]:
        group_id = _feed_id(name)
        return await _serve_public(request, f"group:{group_id}", lambda: group_feed(group_id), language)

    @_public_route(
        "/categories/{name:str}",
        "Public activities of one kind",
        "For example /feeds/categories/coffee_morning.ics.",
        broad=True,
    )
    async def category(self, request: Request, name: FromPath[str], language: NamedDependency[str]) -> Response[bytes]:
        category = feed_category(feed_stem(name))
        return await _serve_public(request, f"category:{category}", lambda: category_feed(category), language)


def _feed_id(name: str) -> int:
    stem = feed_stem(name)
    if not stem.isdigit() or not in_id_range(int(stem)):
        raise NotFound("Feed addresses use the numeric id, for example /feeds/venues/12.ics.")
    return int(stem)
