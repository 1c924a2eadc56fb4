"""A venue as OpenActive shows it: the ``Place`` opportunities happen at and the ``Organization`` that provides
a space. Only the venue's public columns are read, so its private contact cannot reach a feed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from venues.core.public_url import public_base_url
from venues.models import Venue

COUNTRY = "GB"


@dataclass(frozen=True)
class PublicVenue:
    """The public columns of a venue, as the builders read them (never its private contact)."""

    id: int
    name: str
    description: str
    address: str
    locality: str
    region: str
    postcode: str
    latitude: float | None
    longitude: float | None
    timezone: str
    public_email: str
    public_phone: str
    website: str
    archived: bool


PUBLIC_COLUMNS = (
    "id",
    "name",
    "description",
    "address",
    "locality",
    "region",
    "postcode",
    "latitude",
    "longitude",
    "timezone",
    "public_email",
    "public_phone",
    "website",
    "archived",
)


async def public_venues(venue_ids: set[int] | list[int]) -> dict[int, PublicVenue]:
    """The public side of each venue asked for, in one query; venues gone are left out."""
    if not venue_ids:
        return {}
    columns = [getattr(Venue, name) for name in PUBLIC_COLUMNS]
    rows = await Venue.select(*columns).where(Venue.id.is_in(sorted(venue_ids)))
    return {row["id"]: PublicVenue(**{name: row[name] for name in PUBLIC_COLUMNS}) for row in rows}


def venue_url(venue_id: int) -> str:
    return f"{public_base_url()}/venues/{venue_id}"


def street_address(venue: PublicVenue) -> str:
    """The address's lines before the town and postcode, on one line."""
    drop = {venue.locality.strip().lower(), venue.region.strip().lower(), venue.postcode.strip().lower(), ""}
    lines = [part.strip() for line in venue.address.splitlines() for part in line.split(",")]
    kept = [line for line in lines if line.lower() not in drop]
    return ", ".join(kept) or venue.name


def place_data(venue: PublicVenue) -> dict[str, Any]:
    """The venue as a ``Place`` with its postal address and, when known, its coordinates."""
    address: dict[str, Any] = {
        "@type": "PostalAddress",
        "streetAddress": street_address(venue),
        "addressLocality": venue.locality,
        "addressRegion": venue.region,
        "postalCode": venue.postcode,
        "addressCountry": COUNTRY,
    }
    place: dict[str, Any] = {
        "@type": "Place",
        "@id": venue_url(venue.id),
        "url": venue_url(venue.id),
        "name": venue.name,
        "address": {key: value for key, value in address.items() if value != ""},
    }
    if venue.description:
        place["description"] = venue.description
    if venue.public_phone:
        place["telephone"] = venue.public_phone
    if venue.latitude is not None and venue.longitude is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": venue.latitude, "longitude": venue.longitude}
    return place


def venue_organization(venue: PublicVenue) -> dict[str, Any]:
    """The venue as the ``Organization`` that provides its spaces (and organises listings with no group)."""
    organization: dict[str, Any] = {
        "@type": "Organization",
        # Not the Place's @id: as linked data, one @id would make the building and the charity one node.
        "@id": f"{venue_url(venue.id)}#organization",
        "name": venue.name,
        "url": venue.website or venue_url(venue.id),
    }
    if venue.public_phone:
        organization["telephone"] = venue.public_phone
    if venue.public_email:
        organization["email"] = venue.public_email
    return organization
