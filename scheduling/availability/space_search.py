"""Spaces across venues free for a whole interval, matching capacity, facilities, access and distance.

"A space for 40 people with a kitchen, step-free, free Saturday 14:00–17:00
within 3 km": candidates come from one filtered query, then hours, closures,
held time and rates are read for all of them at once and the rest is
arithmetic, so a search costs the same few queries however many spaces match.
A time without an offset means wall-clock time at each venue.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from piccolo.columns.combination import And, Or, Where

from scheduling.availability.free_time import check_window
from scheduling.bookings.rules import capacity_violations, require_plausible, space_violations, time_violations
from scheduling.holds.occupancy import epoch, hold_for, occupied
from venues.core.database import array_contains
from venues.core.errors import InvalidInput
from venues.core.geo import bounding_box, haversine_km
from venues.core.i18n import _
from venues.core.timezones import to_utc
from venues.models import Space, SpaceRate, Venue
from venues.opening.calendar import load_calendar, space_opening
from venues.spaces.bookable import Bookable, parts_of
from venues.vocabulary import COMMUNITY_TIERS

DEFAULT_RADIUS_KM = 10.0


@dataclass(frozen=True)
class SpaceSearch:
    starts_at: datetime
    ends_at: datetime
    capacity: int = 1
    facilities: tuple[str, ...] = ()
    accessibility: tuple[str, ...] = ()
    near: tuple[float, float] | None = None
    within_km: float | None = None
    community_tiers_only: bool = False


@dataclass(frozen=True)
class SearchRate:
    tier_kind: str
    tier_name: str
    hourly_rate_minor: int
    currency: str


@dataclass(frozen=True)
class SearchHit:
    bookable: Bookable
    starts_at: datetime
    ends_at: datetime
    distance_km: float | None
    rates: list[SearchRate] = field(default_factory=list)


def _candidate_conditions(search: SpaceSearch) -> list[Where | And | Or]:
    conditions: list[Where | And | Or] = [
        Space.archived.eq(False),
        Space.bookable.eq(True),
        Space.venue._.archived.eq(False),
        Space.capacity >= search.capacity,
    ]
    conditions += [array_contains(Space.facilities, facility) for facility in search.facilities]
    conditions += [
        array_contains(Space.accessibility, feature) | array_contains(Space.venue._.accessibility, feature)
        for feature in search.accessibility
    ]
    if search.near is not None:
        min_lat, max_lat, min_lon, max_lon = bounding_box(*search.near, search.within_km or DEFAULT_RADIUS_KM)
        conditions += [
            Space.venue.latitude >= min_lat,
            Space.venue.latitude <= max_lat,
            Space.venue.longitude >= min_lon,
            Space.venue.longitude <= max_lon,
        ]
    return conditions


async def _rates(space_ids: list[int]) -> dict[int, list[SearchRate]]:
    if not space_ids:
        return {}
    rows = (
        await SpaceRate.select(
            SpaceRate.space,
            SpaceRate.hourly_rate_minor,
            SpaceRate.currency,
            SpaceRate.tier.kind,
            SpaceRate.tier.name,
            SpaceRate.tier.position,
        )
        .where(SpaceRate.space.is_in(space_ids))
        .order_by(SpaceRate.tier.position)
    )
    rates: dict[int, list[SearchRate]] = defaultdict(list)
    for row in rows:
        rates[row["space"]].append(
            SearchRate(row["tier.kind"], row["tier.name"], row["hourly_rate_minor"], row["currency"])
        )
    return rates


def _distance(search: SpaceSearch, venue: Venue) -> float | None:
    if search.near is None:
        return None
    if venue.latitude is None or venue.longitude is None:
        return float("inf")
    return round(haversine_km(*search.near, venue.latitude, venue.longitude), 3)


async def search_spaces(search: SpaceSearch, now: datetime) -> list[SearchHit]:
    """Nearest first when searching by place, else by venue and space name."""
    require_plausible(search.starts_at, "starts_at")
    require_plausible(search.ends_at, "ends_at")
    if (search.starts_at.tzinfo is None) != (search.ends_at.tzinfo is None):
        raise InvalidInput("ends_at", _("Give starts_at and ends_at both with an offset or both without."))
    check_window(search.starts_at, search.ends_at, "starts_at", "ends_at")
    query = Space.objects()
    for condition in _candidate_conditions(search):
        query = query.where(condition)
    spaces = await query
    if not spaces:
        return []
    venues = {v.id: v for v in await Venue.objects().where(Venue.id.is_in(sorted({s.venue for s in spaces})))}
    radius = search.within_km or DEFAULT_RADIUS_KM
    distances = {venue_id: _distance(search, venue) for venue_id, venue in venues.items()}
    spaces = [s for s in spaces if (distance := distances[s.venue]) is None or distance <= radius]
    rates = await _rates([s.id for s in spaces])
    if search.community_tiers_only:
        spaces = [s for s in spaces if any(rate.tier_kind in COMMUNITY_TIERS for rate in rates.get(s.id, ()))]
    if not spaces:
        return []

    # Each venue reads a naive time in its own zone; the window spans them all.
    times = {v.id: (to_utc(search.starts_at, v.timezone), to_utc(search.ends_at, v.timezone)) for v in venues.values()}
    window_start = min(start for start, _ in times.values())
    window_end = max(end for _, end in times.values())
    parts = await parts_of(s.id for s in spaces)
    bookables = [Bookable(space=s, venue=venues[s.venue], part_ids=parts.get(s.id, ())) for s in spaces]
    calendar = await load_calendar(venues.keys(), window_start, window_end)
    widest = max(s.setup_buffer_minutes + s.cleanup_buffer_minutes for s in spaces) * 60
    held = await occupied(
        (p for b in bookables for p in b.physical_ids), epoch(window_start) - widest, epoch(window_end) + widest
    )

    hits: list[SearchHit] = []
    for bookable in bookables:
        starts_at, ends_at = times[bookable.venue.id]
        opening = space_opening(
            calendar, bookable.venue.id, bookable.tz, bookable.space.id, starts_at, ends_at, bookable.part_ids
        )
        broken = (
            *space_violations(bookable),
            *capacity_violations(bookable, search.capacity),
            *time_violations(bookable, starts_at, ends_at, opening, now),
        )
        hold = hold_for(bookable, starts_at, ends_at)
        clash = any(a < hold.ends_ts and b > hold.starts_ts for p in hold.space_ids for a, b in held.get(p, ()))
        if not broken and not clash:
            hits.append(
                SearchHit(bookable, starts_at, ends_at, distances[bookable.venue.id], rates.get(bookable.space.id, []))
            )
    hits.sort(key=lambda h: (h.distance_km or 0.0, h.bookable.venue.name, h.bookable.space.name, h.bookable.space.id))
    return hits
