"""The public feeds there are: each one found (or refused, 404) from its address, then assembled as a calendar.

Finders are all async, even those that read nothing, so the HTTP side calls every one the same way.

Finding a feed decides whether the public may see it (through ``venues.visibility``) and names it; what it
holds is a what's-on query over the feed window, plus, for a space, every other booking as an anonymous
block. A broad feed (every activity, a kind everywhere, a what's-on search tied to no place) holds only the
next weeks' first dates instead, and says so (``scheduling.feeds.broad``). The HTTP side only serves what
this returns (conditional GET, cache, headers).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from scheduling.feeds.broad import BROAD_CAP, BROAD_DAYS, broad_description, is_broad
from scheduling.feeds.events import FeedWindow, language_of
from scheduling.feeds.ical import FeedCalendar, FeedEvent
from scheduling.feeds.public import busy_events, first_public_events, public_events, window_filters
from scheduling.feeds.words import category_word
from scheduling.groups import get_group
from scheduling.listings.whats_on import WhatsOnFilters, WhatsOnScope
from scheduling.vocabulary import ActivityCategory
from venues.core.errors import NotFound
from venues.core.i18n import _, current_language
from venues.core.i18n.content import shown
from venues.visibility import visible_space_and_venue, visible_venue

Scope = Callable[[FeedWindow], WhatsOnFilters]


@dataclass(frozen=True)
class PublicFeed:
    """A public feed found public: how it is named and what it holds (``busy_space``: a space's booked times)."""

    filename: str
    name: str
    description: str
    path: str
    scope: Scope
    busy_space: int | None = None
    broad: bool = False
    name_language: str = "en"
    description_language: str = "en"


async def all_feed() -> PublicFeed:
    return PublicFeed(
        "commonroom.ics",
        _("Commonroom: what's on"),
        _("Every public activity at every venue."),
        "/feeds/all.ics",
        window_filters,
        broad=True,
        name_language=current_language(),
        description_language=current_language(),
    )


async def whats_on_feed(scope: WhatsOnScope, query: str) -> PublicFeed:
    """A what's-on search under its query string: broad unless it names a venue, space, group or place."""
    return PublicFeed(
        "whats-on.ics",
        _("Commonroom: what's on (filtered)"),
        _("Public activities matching a what's-on search."),
        f"/feeds/whats-on.ics{'?' + query if query else ''}",
        lambda window: scope.within(window.starts, window.ends),
        broad=is_broad(scope),
        name_language=current_language(),
        description_language=current_language(),
    )


def feed_category(stem: str) -> ActivityCategory:
    try:
        return ActivityCategory(stem)
    except ValueError:
        raise NotFound(f"There is no activity category {stem!r}.") from None


async def category_feed(category: ActivityCategory) -> PublicFeed:
    label = category_word(str(category))
    return PublicFeed(
        f"{category}.ics",
        _("Commonroom: %(kind)s") % {"kind": label},
        _("Every public %(kind)s activity.") % {"kind": label},
        f"/feeds/categories/{category}.ics",
        lambda window: window_filters(window, categories=(str(category),)),
        broad=True,
        name_language=current_language(),
        description_language=current_language(),
    )


async def venue_feed(venue_id: int) -> PublicFeed:
    venue, _seen = await visible_venue(None, venue_id)
    name = shown(venue, "name")
    return PublicFeed(
        f"{venue.slug}.ics",
        name.text,
        _("What's on at %(venue)s.") % {"venue": name.text},
        f"/feeds/venues/{venue.id}.ics",
        lambda window: window_filters(window, venue_id=venue.id),
        name_language=name.language,
        description_language=current_language(),
    )


async def space_feed(space_id: int) -> PublicFeed:
    space, venue, _seen = await visible_space_and_venue(None, space_id)
    space_name, venue_name = shown(space, "name"), shown(venue, "name")
    return PublicFeed(
        f"{venue.slug}-space-{space.id}.ics",
        f"{space_name.text}, {venue_name.text}",
        _("Activities and booked times of %(space)s at %(venue)s.")
        % {"space": space_name.text, "venue": venue_name.text},
        f"/feeds/spaces/{space.id}.ics",
        lambda window: window_filters(window, space_id=space.id),
        busy_space=space.id,
        name_language=language_of((space_name, venue_name)),
        description_language=current_language(),
    )


async def group_feed(group_id: int) -> PublicFeed:
    group = await get_group(group_id)
    name = shown(group, "name")
    return PublicFeed(
        f"{group.slug}.ics",
        name.text,
        _("What's on with %(group)s.") % {"group": name.text},
        f"/feeds/groups/{group.id}.ics",
        lambda window: window_filters(window, group_id=group.id),
        name_language=name.language,
        description_language=current_language(),
    )


def _feed_url(base_url: str, path: str) -> str:
    """The feed's own address (URL), asking for the language it is worded in."""
    language = current_language()
    if language == "en" or "lang=" in path:
        return f"{base_url}{path}"
    return f"{base_url}{path}{'&' if '?' in path else '?'}lang={language}"


async def public_feed_calendar(feed: PublicFeed, base_url: str, now: datetime) -> FeedCalendar:
    """The feed's events in the window around ``now``: its activities, then a space's other bookings; for a
    broad feed, its first ``BROAD_CAP`` dates in the ``BROAD_DAYS`` from today, described as such."""
    if feed.broad:
        ahead = FeedWindow.ahead(now, BROAD_DAYS)
        first, held, cut_at = await first_public_events(feed.scope(ahead), BROAD_CAP, base_url)
        return FeedCalendar(
            name=feed.name,
            description=broad_description(feed.description, ahead, held, cut_at),
            events=first,
            url=_feed_url(base_url, feed.path),
            name_language=feed.name_language,
            description_language=current_language(),
        )
    window = FeedWindow.around(now)
    shown: set[int] = set()
    events: list[FeedEvent] = await public_events(feed.scope(window), base_url, shown)
    if feed.busy_space is not None:
        events += await busy_events(feed.busy_space, window, shown, base_url)
    return FeedCalendar(
        name=feed.name,
        description=feed.description,
        events=events,
        url=_feed_url(base_url, feed.path),
        name_language=feed.name_language,
        description_language=feed.description_language,
    )
