"""Free time: one space, every space of a venue, and spaces across venues free for a whole interval."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from litestar import Controller, Request, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, QueryParameter

from api.availability.schemas import FreeInterval, RateOut, SearchHitOut, SpaceAvailabilityOut, VenueAvailabilityOut
from api.errors import problem_responses
from api.pagination import Paging, page_of, provide_paging
from api.schemas import Page
from api.settings import get_settings
from scheduling.availability.free_time import SpaceAvailability, space_availability, venue_availability
from scheduling.availability.space_search import SearchHit, SpaceSearch, search_spaces
from scheduling.wording import local_iso
from venues.core import clock
from venues.core.errors import InvalidInput
from venues.models import User
from venues.vocabulary import Accessibility, Facility, SpaceKind

Window = tuple[datetime, datetime]
From = Annotated[datetime, QueryParameter(name="from", description="window start; without an offset, venue time")]
To = Annotated[datetime, QueryParameter(name="to", description="window end (at most 62 days after from)")]


def space_out(found: SpaceAvailability, window: Window) -> SpaceAvailabilityOut:
    space, tz_name = found.bookable.space, found.bookable.tz
    return SpaceAvailabilityOut(
        space_id=space.id,
        space_name=space.name,
        venue_id=space.venue,
        timezone=tz_name,
        window_starts_at=window[0],
        window_ends_at=window[1],
        min_booking_minutes=space.min_booking_minutes,
        max_booking_minutes=space.max_booking_minutes,
        free=[FreeInterval(a, b, local_iso(a, tz_name), local_iso(b, tz_name)) for a, b in found.free],
    )


def hit_out(hit: SearchHit) -> SearchHitOut:
    space, venue = hit.bookable.space, hit.bookable.venue
    return SearchHitOut(
        space_id=space.id,
        space_name=space.name,
        space_kind=SpaceKind(space.kind),
        capacity=space.capacity,
        facilities=[Facility(item) for item in space.facilities or []],
        accessibility=[Accessibility(item) for item in space.accessibility or []],
        venue_id=venue.id,
        venue_name=venue.name,
        venue_slug=venue.slug,
        postcode=venue.postcode,
        venue_accessibility=[Accessibility(item) for item in venue.accessibility or []],
        starts_at=hit.starts_at,
        ends_at=hit.ends_at,
        starts_local=local_iso(hit.starts_at, venue.timezone),
        ends_local=local_iso(hit.ends_at, venue.timezone),
        rates=[RateOut(r.tier_kind, r.tier_name, r.hourly_rate_minor, r.currency) for r in hit.rates],
        url=f"{get_settings().public_base_url}/api/v1/spaces/{space.id}",
        distance_km=hit.distance_km,
    )


class AvailabilityController(Controller):
    path = "/api/v1"
    tags = ["availability"]
    dependencies = {"paging": Provide(provide_paging, sync_to_thread=False)}

    @get(
        "/spaces/{space_id:int}/availability",
        summary="Free time of a space",
        description=(
            "Opening hours minus closures and held time (buffers included); a combined space is free only where "
            "every part is. Gaps shorter than the minimum booking, inside the notice period or past the horizon are left out."
        ),
        responses=problem_responses(400, 401, 404),
    )
    async def space(
        self, space_id: FromPath[int], user: NamedDependency[User | None], from_: From, to: To
    ) -> SpaceAvailabilityOut:
        found, window = await space_availability(user, space_id, from_, to, clock.now_exact())
        return space_out(found, window)

    @get(
        "/venues/{venue_id:int}/availability",
        summary="Free time of every space of a venue",
        responses=problem_responses(400, 401, 404),
    )
    async def venue(
        self, venue_id: FromPath[int], user: NamedDependency[User | None], from_: From, to: To
    ) -> VenueAvailabilityOut:
        venue, spaces, window = await venue_availability(user, venue_id, from_, to, clock.now_exact())
        return VenueAvailabilityOut(
            venue_id=venue.id,
            venue_name=venue.name,
            timezone=venue.timezone,
            window_starts_at=window[0],
            window_ends_at=window[1],
            spaces=[space_out(found, window) for found in spaces],
        )

    @get(
        "/availability/search",
        summary="Spaces free for a whole interval",
        description=(
            "E.g. 40 people, a kitchen, step-free, Saturday 14:00–17:00 within 3 km. Times without an offset are "
            "wall-clock time at each venue. Every booking rule applies (opening hours, length, notice, horizon)."
        ),
        responses=problem_responses(400, 401),
    )
    async def search(
        self,
        request: Request,
        paging: NamedDependency[Paging],
        starts_at: Annotated[datetime, QueryParameter(description="without an offset: wall-clock time at each venue")],
        ends_at: Annotated[datetime, QueryParameter(description="at most 62 days after starts_at")],
        capacity: Annotated[int, QueryParameter(ge=1, le=100_000, description="people")] = 1,
        facility: Annotated[list[Facility] | None, QueryParameter(description="every listed facility")] = None,
        accessibility: Annotated[
            list[Accessibility] | None, QueryParameter(description="every listed feature, of the space or its venue")
        ] = None,
        lat: Annotated[float | None, QueryParameter(ge=-90, le=90)] = None,
        lng: Annotated[float | None, QueryParameter(ge=-180, le=180)] = None,
        within_km: Annotated[float | None, QueryParameter(gt=0, le=500)] = None,
        community_tiers_only: Annotated[
            bool, QueryParameter(description="only spaces with a free or low-cost rate")
        ] = False,
    ) -> Page[SearchHitOut]:
        if (lat is None) != (lng is None):
            raise InvalidInput("lat" if lat is None else "lng", "Give both lat and lng to search by distance.")
        if within_km is not None and lat is None:
            raise InvalidInput("within_km", "within_km needs lat and lng.")
        search = SpaceSearch(
            starts_at=starts_at,
            ends_at=ends_at,
            capacity=capacity,
            facilities=tuple(facility or ()),
            accessibility=tuple(accessibility or ()),
            near=(lat, lng) if lat is not None and lng is not None else None,
            within_km=within_km,
            community_tiers_only=community_tiers_only,
        )
        hits = await search_spaces(search, clock.now_exact())
        page = [hit_out(hit) for hit in hits[paging.offset : paging.offset + paging.limit]]
        return page_of(request, page, len(hits), paging)
