"""Placing a postcode or place name using only the venues we know.

There is no postcode database here and no lookup service is called, so "near
LM1 2AB" or "near Little Marsh" is matched against the public venues'
postcodes, postcode districts, names and addresses, and the matching venues'
coordinates stand in for the place. Pages say so next to the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from venues.core.i18n import gettext
from venues.core.i18n.formatting import and_list
from venues.directory.search import normalise_postcode
from venues.models import Venue

MAX_QUERY = 100
_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")


class MatchedOn(StrEnum):
    """What the venues were matched on: a full postcode, a postcode district (``PlaceMatch.district``), a venue's
    name or its address."""

    postcode = "postcode"
    district = "district"
    name = "name"
    address = "address"


@dataclass(frozen=True)
class PlaceMatch:
    """Where ``query`` was placed: the centre of the matching venues, and what they were matched on (``kind``;
    ``district`` is the postcode district when that is what matched)."""

    query: str
    latitude: float
    longitude: float
    kind: MatchedOn
    venues: tuple[str, ...]
    district: str = ""

    @property
    def described(self) -> str:
        """``the postcode of Little Marsh Village Hall`` / ``the LM1 postcode district of Hall A and Hub B``, in the
        language in force (``cod post Little Marsh Village Hall``): whole, for a page to show as it is."""
        venues = and_list(self.venues)
        if self.kind == MatchedOn.postcode:
            return gettext("the postcode of %(venues)s") % {"venues": venues}
        if self.kind == MatchedOn.district:
            return gettext("the %(district)s postcode district of %(venues)s") % {
                "district": self.district,
                "venues": venues,
            }
        if self.kind == MatchedOn.name:
            return gettext("the name of %(venues)s") % {"venues": venues}
        return gettext("the address of %(venues)s") % {"venues": venues}


def _centre(rows: list[dict[str, Any]], query: str, kind: MatchedOn, district: str = "") -> PlaceMatch:
    return PlaceMatch(
        query=query,
        latitude=round(sum(row["latitude"] for row in rows) / len(rows), 6),
        longitude=round(sum(row["longitude"] for row in rows) / len(rows), 6),
        kind=kind,
        venues=tuple(row["name"] for row in rows),
        district=district,
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
        return _centre(exact, query, MatchedOn.postcode)
    district = postcode.split(" ")[0]
    if _DISTRICT.match(district):
        same_district = [
            row for row in rows if row["postcode"] and normalise_postcode(row["postcode"]).split(" ")[0] == district
        ]
        if same_district:
            return _centre(same_district, query, MatchedOn.district, district)
    wanted = _words(query)
    if not wanted:
        return None
    for kind in (MatchedOn.name, MatchedOn.address):
        found = [row for row in rows if _contains_words(row[str(kind)], wanted)]
        if found:
            return _centre(found, query, kind)
    return None
