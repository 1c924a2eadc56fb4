"""Placing a postcode or place name using only the venues we know.

There is no postcode database here and no lookup service is called, so "near
LM1 2AB" or "near Little Marsh" is matched against the public venues'
postcodes, postcode districts, names and addresses, and the matching venues'
coordinates stand in for the place. Pages say so next to the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from venues.directory.search import normalise_postcode
from venues.models import Venue

MAX_QUERY = 100
_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")


@dataclass(frozen=True)
class PlaceMatch:
    """Where ``query`` was placed: the centre of the matching venues, and what they were matched on."""

    query: str
    latitude: float
    longitude: float
    matched_on: str
    venues: tuple[str, ...]

    @property
    def described(self) -> str:
        """``the postcode of Little Marsh Village Hall`` / ``the addresses of Hall A and Hub B``."""
        names = self.venues[0] if len(self.venues) == 1 else ", ".join(self.venues[:-1]) + f" and {self.venues[-1]}"
        return f"{self.matched_on} of {names}"


def _centre(rows: list[dict[str, Any]], query: str, matched_on: str) -> PlaceMatch:
    return PlaceMatch(
        query=query,
        latitude=round(sum(row["latitude"] for row in rows) / len(rows), 6),
        longitude=round(sum(row["longitude"] for row in rows) / len(rows), 6),
        matched_on=matched_on,
        venues=tuple(row["name"] for row in rows),
    )


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def _contains_words(haystack: str, needle: str) -> bool:
    """Whole words in order: "marsh" is in "Little Marsh", "mar" is not."""
    return f" {needle} " in f" {_words(haystack)} "


async def place_from_venues(text: str) -> PlaceMatch | None:
    """The place ``text`` names, tried as a full postcode, a postcode district, a venue name, then an address."""
    query = " ".join(text.split())[:MAX_QUERY]
    if not query:
        return None
    rows = (
        await Venue.select(Venue.name, Venue.address, Venue.postcode, Venue.latitude, Venue.longitude)
        .where((Venue.archived.eq(False)) & Venue.latitude.is_not_null() & Venue.longitude.is_not_null())
        .order_by(Venue.name)
    )
    postcode = normalise_postcode(query)
    exact = [row for row in rows if row["postcode"] and normalise_postcode(row["postcode"]) == postcode]
    if exact:
        return _centre(exact, query, "the postcode")
    district = postcode.split(" ")[0]
    if _DISTRICT.match(district):
        same_district = [
            row for row in rows if row["postcode"] and normalise_postcode(row["postcode"]).split(" ")[0] == district
        ]
        if same_district:
            return _centre(same_district, query, f"the {district} postcode district")
    wanted = _words(query)
    if not wanted:
        return None
    for column, matched_on in (("name", "the name"), ("address", "the address")):
        found = [row for row in rows if _contains_words(row[column], wanted)]
        if found:
            return _centre(found, query, matched_on)
    return None
