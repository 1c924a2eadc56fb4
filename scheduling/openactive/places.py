"""A venue as OpenActive shows it: the ``Place`` opportunities happen at and the ``Organization`` that provides
a space. Only the venue's public columns are read, so its private contact cannot reach a feed.

Text is in the venue's open-data language (``venue_open_data.language``, ``PublicVenue.language``): OpenActive text
fields hold one language, so each is that language's text where the venue gave it, else the other's
(``venues.core.i18n.content.shown``), and the interface words are worded in it (``using``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from venues.core.i18n import language_or_default
from venues.core.i18n.content import shown
from venues.core.public_url import public_base_url
from venues.models import Venue, VenueOpenData

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
    name_cy: str = ""
    description_cy: str = ""
    language: str = "en"  # the venue's open-data language: every text of its items is in it where it can be

    def text(self, field: str) -> str:
        """The venue's ``name`` or ``description`` in its open-data language, else in the other."""
        return shown(self, field, self.language).text


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
    "name_cy",
    "description_cy",
)


async def public_venues(
    venue_ids: set[int] | list[int], languages: dict[int, str] | None = None
) -> dict[int, PublicVenue]:
    """The public side of each venue asked for, with its open-data language (``languages`` when the caller read
    them already, else one more query); venues gone are left out."""
    if not venue_ids:
        return {}
    columns = [getattr(Venue, name) for name in PUBLIC_COLUMNS]
    rows = await Venue.select(*columns).where(Venue.id.is_in(sorted(venue_ids)))
    if languages is None:
        chosen = await VenueOpenData.select(VenueOpenData.venue, VenueOpenData.language).where(
            VenueOpenData.venue.is_in(sorted(venue_ids))
        )
        languages = {row["venue"]: row["language"] for row in chosen}
    found = {}
    for row in rows:
        values: dict[str, Any] = {name: row[name] for name in PUBLIC_COLUMNS}
        values.update(name_cy=row["name_cy"] or "", description_cy=row["description_cy"] or "")
        language = languages.get(row["id"], "en")
        found[row["id"]] = PublicVenue(**values, language=language_or_default(language))
    return found


def venue_url(venue_id: int) -> str:
    return f"{public_base_url()}/venues/{venue_id}"


def street_address(venue: PublicVenue) -> str:
    """The address's lines before the town and postcode, on one line."""
    drop = {venue.locality.strip().lower(), venue.region.strip().lower(), venue.postcode.strip().lower(), ""}
    lines = [part.strip() for line in venue.address.splitlines() for part in line.split(",")]
    kept = [line for line in lines if line.lower() not in drop]
    return ", ".join(kept) or venue.text("name")


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
        "name": venue.text("name"),
        "address": {key: value for key, value in address.items() if value != ""},
    }
    if venue.text("description"):
        place["description"] = venue.text("description")
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
        "name": venue.text("name"),
        "url": venue.website or venue_url(venue.id),
    }
    if venue.public_phone:
        organization["telephone"] = venue.public_phone
    if venue.public_email:
        organization["email"] = venue.public_email
    return organization
