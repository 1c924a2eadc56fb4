"""/api/v1/whats-on: what residents can go to, in time order, filtered by place, kind, cost and access."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

from litestar import Controller, Request, get
from litestar.di import NamedDependency, Provide
from litestar.params import QueryParameter

from api.activities.controllers import activity_url
from api.activities.schemas import Cost, PublicContact
from api.errors import problem_responses
from api.pagination import Paging, page_of, provide_paging
from api.schemas import Page
from api.settings import get_settings
from api.whats_on.filters import provide_whats_on_scope
from api.whats_on.schemas import GroupLabelOut, ListingOut, OccurrenceOut, SpaceLabelOut, VenuePlaceOut
from scheduling.listings.whats_on import COUNT_CAP, MAX_SEARCH_LENGTH, WhatsOnItem, WhatsOnScope, whats_on_page
from scheduling.listings.whats_on_window import MAX_DAYS, Moment, needs_zone, window, zone_for
from scheduling.vocabulary import ActivityCategory, Audience, CostKind
from venues.core.errors import InvalidInput
from venues.vocabulary import Accessibility

# A '+' in an unescaped query string arrives as a space: "10:00:00 01:00" meant "10:00:00+01:00".
_SPACED_OFFSET = re.compile(r"^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}(?::?\d{2})?)$")


def parse_moment(raw: str | None, field: str) -> Moment | None:
    """``2027-03-30`` is a date; anything longer an ISO 8601 date-time, with or without an offset."""
    if raw is None or not raw.strip():
        return None
    text = _SPACED_OFFSET.sub(r"\1+\2", raw.strip())
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            field, f"{raw!r} is not a date (2027-03-30) or an ISO 8601 date-time (2027-03-30T10:00:00Z)."
        ) from None


def occurrence_out(found: WhatsOnItem) -> OccurrenceOut:
    base = get_settings().public_base_url
    listing, venue, group = found.listing, found.venue, found.group
    out = OccurrenceOut(
        activity=ListingOut(
            id=listing.id,
            title=listing.title,
            description=listing.description,
            category=ActivityCategory(listing.category),
            audience=Audience(listing.audience),
            cost=Cost(kind=CostKind(listing.cost_kind), price_minor=listing.price_minor, currency=listing.currency),
            book_ahead=listing.book_ahead,
            drop_in=listing.drop_in,
            tags=list(listing.tags),
            accessibility_notes=listing.accessibility_notes,
            contact=PublicContact(email=listing.public_email, phone=listing.public_phone, url=listing.public_url),
            url=activity_url(listing.id),
        ),
        booking_id=found.booking_id,
        series_id=found.series_id,
        starts_at=found.starts_at,
        ends_at=found.ends_at,
        starts_local=found.starts_local.isoformat(),
        ends_local=found.ends_local.isoformat(),
        timezone=venue.timezone,
        venue=VenuePlaceOut(
            id=venue.id,
            name=venue.name,
            slug=venue.slug,
            address=venue.address,
            postcode=venue.postcode,
            latitude=venue.latitude,
            longitude=venue.longitude,
            timezone=venue.timezone,
            accessibility=[Accessibility(item) for item in venue.accessibility],
            url=f"{base}/api/v1/venues/{venue.id}",
        ),
        space=SpaceLabelOut(id=found.space.id, name=found.space.name),
        group=GroupLabelOut(id=group.id, name=group.name, slug=group.slug, url=f"{base}/api/v1/groups/{group.id}")
        if group is not None
        else None,
        url=f"{base}/api/v1/bookings/{found.booking_id}",
    )
    if found.distance_km is not None:
        out.distance_km = found.distance_km
    return out


class WhatsOnController(Controller):
    path = "/api/v1/whats-on"
    tags = ["activities"]
    dependencies = {
        "paging": Provide(provide_paging, sync_to_thread=False),
        "filters": Provide(provide_whats_on_scope, sync_to_thread=False),
    }

    @get(
        "/",
        summary="What's on",
        description=(
            "Occurrences of public activities on confirmed bookings (one-off or in a series) overlapping "
            f"`from`–`to`, earliest first. Default: from now for 7 days; at most {MAX_DAYS} days. A date or a "
            "time without an offset is read in the venue's zone when `venue_id` or `space_id` is given, else "
            "Europe/London; a date as `to` includes that day. Repeat `category`, `audience` and `accessibility` "
            "for several; every accessibility feature must be at the venue. `lat`+`lng` (and `within_km`, "
            "default 10) keep venues within that distance and add `distance_km`. `q` keeps activities whose title or "
            "description, in English or Welsh, contains every word of it (case and accents aside: `cor` finds "
            f"`Côr`); at most {MAX_SEARCH_LENGTH} characters. Matches are counted up to "
            f"{COUNT_CAP:,}: beyond, `total` is that many, `total_capped` is true and `next` leads on."
        ),
        responses=problem_responses(400, 401),
    )
    async def list_occurrences(
        self,
        request: Request,
        paging: NamedDependency[Paging],
        filters: NamedDependency[WhatsOnScope],
        from_: Annotated[
            str | None, QueryParameter(name="from", max_length=40, description="date or ISO 8601 date-time")
        ] = None,
        to: Annotated[
            str | None, QueryParameter(max_length=40, description="date (inclusive) or ISO 8601 date-time")
        ] = None,
    ) -> Page[OccurrenceOut]:
        start, end = parse_moment(from_, "from"), parse_moment(to, "to")
        tz = await zone_for(filters.venue_id, filters.space_id) if needs_zone(start, end) else "UTC"
        found, total, more = await whats_on_page(filters.within(*window(start, end, tz)), paging.limit, paging.offset)
        return page_of(request, [occurrence_out(item) for item in found], total, paging, capped=more)
