"""/venues and /venues/{id}: the directory, and one venue's spaces, prices in plain words and what's on there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import Template

from api.feeds.links import FeedLinks, feed_links
from api.pages.activities import osm_link
from api.pages.support.rendering import current_user, page
from api.pages.support.wording import TIER_MEANING
from api.pages.whats_on import by_day
from scheduling.listings.whats_on import WhatsOnFilters, whats_on_page
from venues.core import clock
from venues.core.i18n import _, formatting
from venues.core.timezones import zone
from venues.directory.search import VenueFilters, find_venues
from venues.models import PriceTier, Space
from venues.opening.closures import list_closures
from venues.opening.hours import weekly_hours
from venues.spaces.operations import list_spaces, parts_by_space
from venues.tiers import Rate, list_tiers, rates_by_space
from venues.visibility import visible_venue
from venues.vocabulary import TierKind

WHATS_ON_DAYS = 30
MAX_SPACES = 100


@dataclass(frozen=True)
class SpaceCard:
    """A space as the venue page shows it: its rates by tier and, for a combined space, what it is made of (its
    parts as spaces, or for a part the page does not list, a name to show)."""

    space: Space
    rates: list[Rate]
    parts: list[Space | dict[str, str]]
    feed: FeedLinks


@dataclass(frozen=True)
class TierWords:
    tier: PriceTier
    meaning: str


def tier_words(tiers: list[PriceTier]) -> list[TierWords]:
    return [TierWords(tier, TIER_MEANING.get(TierKind(tier.kind), "")) for tier in tiers]


async def space_cards(venue_id: int) -> list[SpaceCard]:
    spaces, _ = await list_spaces(venue_id, include_archived=False, limit=MAX_SPACES, offset=0)
    ids = [space.id for space in spaces]
    rates, parts = await rates_by_space(ids), await parts_by_space(ids)
    by_id = {space.id: space for space in spaces}
    return [
        SpaceCard(
            space=space,
            rates=rates.get(space.id, []),
            parts=[by_id.get(part) or _unlisted_part(part) for part in parts.get(space.id, [])],
            feed=feed_links(f"/feeds/spaces/{space.id}.ics"),
        )
        for space in spaces
    ]


def _unlisted_part(space_id: int) -> dict[str, str]:
    name = _("space %(id)s") % {"id": space_id}
    return {"name": name, "name_cy": name}


class VenuePages(Controller):
    path = "/venues"

    @get("/", name="venues")
    async def directory(self, request: Request[Any, Any, Any]) -> Template:
        found, total = await find_venues(VenueFilters(), limit=200, offset=0)
        return await page(request, "venues.html.j2", nav="venues", venues=[venue for venue, _ in found], total=total)

    @get("/{venue_id:int}", name="venue")
    async def venue(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template:
        venue, manages = await visible_venue(current_user(request), venue_id)
        now = clock.now()
        today = now.astimezone(zone(venue.timezone)).date()
        tiers, _ = await list_tiers(venue.id, limit=50, offset=0)
        closures, _ = await list_closures(venue.id, today, today + timedelta(days=90), limit=20, offset=0)
        filters = WhatsOnFilters(starts_from=now, ends_before=now + timedelta(days=WHATS_ON_DAYS), venue_id=venue.id)
        found, total, _ = await whats_on_page(filters, limit=100)
        hours = await weekly_hours(venue.id)
        return await page(
            request,
            "venue.html.j2",
            nav="venues",
            venue=venue,
            manages=manages,
            cards=await space_cards(venue.id),
            tiers=tier_words(tiers),
            hours=[
                (name, [h for h in hours if h.weekday == day]) for day, name in enumerate(formatting.weekday_names())
            ],
            closures=closures,
            days=by_day(found),
            total=total,
            whats_on_days=WHATS_ON_DAYS,
            map_url=osm_link(venue.latitude, venue.longitude),
            feed=feed_links(f"/feeds/venues/{venue.id}.ics"),
        )
