"""Finding venues: filters by kind, postcode, facility, accessibility and distance."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from piccolo.columns.combination import And, Or, Where

from venues.core.database import array_contains
from venues.core.geo import bounding_box, haversine_km
from venues.models import Space, Venue


@dataclass(frozen=True)
class VenueFilters:
    kind: str | None = None
    postcode_prefix: str | None = None
    facility: str | None = None
    accessibility: tuple[str, ...] = ()
    near: tuple[float, float] | None = None
    within_km: float | None = None
    include_archived: bool = False
    slug: str | None = None


# A whole UK postcode once its spaces are gone: outward code (area, district) then inward code (digit, two letters).
_FULL_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?[0-9][A-Z]{2}$")


def normalise_postcode(postcode: str) -> str:
    """Upper case with single spaces, and a whole UK postcode spelled the Royal Mail way whatever its spacing:
    "ab1  2cd", "AB12CD" and "AB1 2CD" are all "AB1 2CD". Anything else (a district such as "LM1", part of
    a postcode, a place name) keeps its words."""
    words = " ".join(postcode.upper().split())
    packed = words.replace(" ", "")
    if _FULL_POSTCODE.match(packed):
        return f"{packed[:-3]} {packed[-3:]}"
    return words


def postcode_matches(prefix: str) -> Where | Or:
    """A postcode prefix as people mean it: "OX" is an area (OX1, OX11, …), "OX1" one district (not OX11)."""
    cleaned = normalise_postcode(prefix).replace("%", "").replace("_", "")
    if " " not in cleaned and cleaned[-1:].isdigit():
        return Venue.postcode.ilike(f"{cleaned} %") | Venue.postcode.ilike(cleaned)
    return Venue.postcode.ilike(f"{cleaned}%")


async def find_venues(
    filters: VenueFilters, limit: int, offset: int
) -> tuple[Sequence[tuple[Venue, float | None]], int]:
    """Venues matching every filter, nearest first when ``near`` is given, else by name."""
    conditions: list[Where | And | Or] = []
    if not filters.include_archived:
        conditions.append(Venue.archived.eq(False))
    if filters.kind:
        conditions.append(Venue.kind == filters.kind)
    if filters.slug:
        conditions.append(Venue.slug == filters.slug)
    if filters.postcode_prefix:
        conditions.append(postcode_matches(filters.postcode_prefix))
    for feature in filters.accessibility:
        conditions.append(array_contains(Venue.accessibility, feature))
    if filters.facility:
        with_facility = Space.select(Space.venue).where(
            array_contains(Space.facilities, filters.facility) & (Space.archived.eq(False))
        )
        venue_ids = sorted({row["venue"] for row in await with_facility})
        conditions.append(Venue.id.is_in(venue_ids) if venue_ids else Venue.id == -1)
    if filters.near is not None:
        lat, lon = filters.near
        radius = filters.within_km if filters.within_km is not None else 10.0
        min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, radius)
        conditions += [
            Venue.latitude >= min_lat,
            Venue.latitude <= max_lat,
            Venue.longitude >= min_lon,
            Venue.longitude <= max_lon,
        ]

    query = Venue.objects()
    count_query = Venue.count()
    for condition in conditions:
        query = query.where(condition)
        count_query = count_query.where(condition)

    if filters.near is None:
        total = await count_query
        venues = await query.order_by(Venue.name).order_by(Venue.id).limit(limit).offset(offset)
        return [(venue, None) for venue in venues], total

    # The bounding box is a square: keep only those truly inside the circle, nearest first.
    lat, lon = filters.near
    radius = filters.within_km if filters.within_km is not None else 10.0
    scored = []
    for venue in await query:
        distance = haversine_km(lat, lon, venue.latitude, venue.longitude)
        if distance <= radius:
            scored.append((venue, round(distance, 3)))
    scored.sort(key=lambda pair: (pair[1], pair[0].name))
    return scored[offset : offset + limit], len(scored)
