"""The home page: what's on, by day, with the filters residents ask for and subscribe links for the view."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from babel.dates import format_date
from litestar import Controller, Request, get
from litestar.response import Template

from api.feeds.links import FeedLinks, feed_links
from api.pages.support.rendering import page, query_int, query_string
from scheduling.feeds.broad import NARROW_RADIUS_KM, broad_rule
from scheduling.listings.whats_on import (
    MAX_SEARCH_LENGTH,
    MAX_SEARCH_WORDS,
    WhatsOnFilters,
    WhatsOnItem,
    search_words,
    whats_on_page,
)
from scheduling.listings.whats_on_window import MAX_DAYS, window
from scheduling.vocabulary import ActivityCategory, Audience
from venues.core import clock
from venues.core.errors import InvalidInput
from venues.core.i18n import _, formatting
from venues.core.timezones import DEFAULT_TIMEZONE, zone
from venues.directory.places import PlaceMatch, place_from_venues
from venues.vocabulary import Accessibility

DEFAULT_DAYS = 14
PAGE_SIZE = 200
RADII_KM = (1, 3, 5, 10, 25)
DEFAULT_RADIUS_KM = 5


@dataclass
class WhatsOnQuery:
    """The filters as the form sent them, checked; ``problems`` say what was ignored and why."""

    first_day: date
    last_day: date
    categories: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)
    free_only: bool = False
    accessibility: list[str] = field(default_factory=list)
    near: str = ""
    within_km: int = DEFAULT_RADIUS_KM
    q: str = ""
    problems: list[str] = field(default_factory=list)

    def feed_pairs(self, place: PlaceMatch | None) -> list[tuple[str, Any]]:
        """The what's-on feed's parameters for this view (the API's, without from/to)."""
        pairs: list[tuple[str, Any]] = [("q", self.q)] if self.q else []
        pairs += [("category", c) for c in self.categories]
        pairs += [("audience", a) for a in self.audiences]
        if self.free_only:
            pairs.append(("free_only", "true"))
        pairs += [("accessibility", a) for a in self.accessibility]
        if place is not None:
            pairs += [("lat", place.latitude), ("lng", place.longitude), ("within_km", self.within_km)]
        return pairs

    @property
    def filters_on(self) -> int:
        """How many filters narrow the list (the dates aside), for the folded filters' summary."""
        return (
            len(self.categories)
            + len(self.audiences)
            + int(self.free_only)
            + len(self.accessibility)
            + int(bool(self.near))
            + int(bool(self.q))
        )


def _known(values: list[str], words: type[Any], unknown: str, problems: list[str]) -> list[str]:
    """The values ``words`` knows; ``unknown`` is the whole sentence saying some were left out."""
    known = [value for value in values if value in words.__members__]
    if len(known) < len([v for v in values if v]):
        problems.append(unknown)
    return known


def _day(raw: str | None, default: date, what: str, problems: list[str]) -> date:
    if not raw:
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError:
        used = format_date(default, "dd MMMM", locale=formatting.babel_locale())
        if what == "from":
            sentence = _("The from date %(typed)s is not a date such as 2027-03-30, so %(day)s was used.")
        else:
            sentence = _("The to date %(typed)s is not a date such as 2027-03-30, so %(day)s was used.")
        problems.append(sentence % {"typed": repr(raw), "day": used})
        return default


def _search(raw: str | None, problems: list[str]) -> str:
    """The search as typed, its spaces tidied; left out (with a problem) when longer than the API allows."""
    text = " ".join((raw or "").split())
    if len(text) > MAX_SEARCH_LENGTH:
        problems.append(
            _("The search was longer than %(most)d characters, so it was not used.") % {"most": MAX_SEARCH_LENGTH}
        )
        return ""
    try:
        search_words(text)
    except InvalidInput:
        problems.append(_("The search had more than %(most)d words, so it was not used.") % {"most": MAX_SEARCH_WORDS})
        return ""
    return text


def read_query(request: Request[Any, Any, Any], today: date) -> WhatsOnQuery:
    params = request.query_params
    problems: list[str] = []
    first = _day(params.get("from"), today, "from", problems)
    last = _day(params.get("to"), first + timedelta(days=DEFAULT_DAYS - 1), "to", problems)
    if last < first:
        problems.append(_("The 'to' date was before the 'from' date, so two weeks from 'from' are shown."))
        last = first + timedelta(days=DEFAULT_DAYS - 1)
    if (last - first).days >= MAX_DAYS:
        problems.append(_("At most %(days)d days are shown at once.") % {"days": MAX_DAYS})
        last = first + timedelta(days=MAX_DAYS - 1)
    radius = query_int(params.get("within_km"), DEFAULT_RADIUS_KM) or DEFAULT_RADIUS_KM
    return WhatsOnQuery(
        first_day=first,
        last_day=last,
        categories=_known(
            params.getall("category", []),
            ActivityCategory,
            _("Some categories were not recognised and were left out."),
            problems,
        ),
        audiences=_known(
            params.getall("audience", []),
            Audience,
            _("Some audiences were not recognised and were left out."),
            problems,
        ),
        free_only=params.get("free_only", "") in ("on", "true", "1"),
        accessibility=_known(
            params.getall("accessibility", []),
            Accessibility,
            _("Some access needs were not recognised and were left out."),
            problems,
        ),
        q=_search(params.get("q"), problems),
        near=" ".join((params.get("near") or "").split())[:100],
        within_km=radius if radius in RADII_KM else DEFAULT_RADIUS_KM,
        problems=problems,
    )


def by_day(occurrences: list[WhatsOnItem]) -> list[tuple[date, list[WhatsOnItem]]]:
    """Occurrences grouped by the local date they start on, in time order."""
    days: dict[date, list[WhatsOnItem]] = defaultdict(list)
    for occurrence in occurrences:
        days[occurrence.starts_local.date()].append(occurrence)
    return sorted(days.items())


def subscribe_links(query: WhatsOnQuery, place: PlaceMatch | None) -> FeedLinks | None:
    """The feed of this view, with every filter it shows; none for a place we could not find, whose feed
    would otherwise hold every activity everywhere."""
    if query.near and place is None:
        return None
    pairs = query.feed_pairs(place)
    return feed_links("/feeds/whats-on.ics" + (f"?{query_string(pairs)}" if pairs else ""))


class WhatsOnPages(Controller):
    path = "/"

    @get("/", name="whats_on")
    async def whats_on(self, request: Request[Any, Any, Any]) -> Template:
        now = clock.now()
        today = now.astimezone(zone(DEFAULT_TIMEZONE)).date()
        query = read_query(request, today)
        place = await place_from_venues(query.near) if query.near else None
        if query.near and place is None:
            query.problems.append(
                _(
                    "We couldn't place %(near)s: we match postcodes and place names against the venues we know. "
                    "Try a venue's postcode, its first half (such as LM1) or a village name."
                )
                % {"near": repr(query.near)}
            )
        starts, ends = window(query.first_day, query.last_day, DEFAULT_TIMEZONE)
        if query.first_day <= today:
            starts = max(starts, now)
        found: list[WhatsOnItem] = []
        total, more = 0, False
        if not (query.near and place is None):
            filters = WhatsOnFilters(
                starts_from=starts,
                ends_before=ends,
                categories=tuple(query.categories),
                audiences=tuple(query.audiences),
                free_only=query.free_only,
                accessibility=tuple(query.accessibility),
                near=(place.latitude, place.longitude) if place else None,
                within_km=float(query.within_km) if place else None,
                q=search_words(query.q),
            )
            try:
                found, total, more = await whats_on_page(filters, PAGE_SIZE)
            except InvalidInput as error:
                query.problems.append(error.detail)
        return await page(
            request,
            "whats_on.html.j2",
            nav="whats-on",
            query=query,
            place=place,
            days=by_day(found),
            total=total,
            more=more,
            shown=len(found),
            feed=subscribe_links(query, place),
            broad_feed=broad_rule() if place is None or float(query.within_km) > NARROW_RADIUS_KM else "",
            place_described=place.described if place is not None else "",
            search_length=MAX_SEARCH_LENGTH,
            categories=list(ActivityCategory),
            audiences=list(Audience),
            features=list(Accessibility),
            radii=RADII_KM,
        )
