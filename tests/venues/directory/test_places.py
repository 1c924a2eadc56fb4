"""Placing a postcode or place name from the venues we know."""

from __future__ import annotations

import pytest

from tests.factories import Factory
from venues.directory.places import MatchedOn, place_from_venues


@pytest.fixture
async def venues(factory: Factory) -> None:
    await factory.venue(
        name="Little Marsh Village Hall",
        postcode="LM1 2AB",
        address="1 Church Lane, Little Marsh",
        latitude=51.752,
        longitude=-1.2577,
    )
    await factory.venue(
        name="Marsh Lane Playing Field",
        postcode="LM1 3CD",
        address="Marsh Lane, Little Marsh",
        latitude=51.7488,
        longitude=-1.2633,
    )
    await factory.venue(
        name="Eastside Community Hub",
        postcode="ES4 7QT",
        address="22 High Street, Eastside",
        latitude=51.7601,
        longitude=-1.2301,
    )
    await factory.venue(
        name="Old Marsh Chapel", postcode="LM9 9ZZ", address="Chapel Row", latitude=51.0, longitude=-1.0, archived=True
    )


async def test_a_full_postcode_is_placed_at_its_venue_whatever_the_spacing_and_case(venues: None) -> None:
    place = await place_from_venues("  lm1   2ab ")
    assert place is not None
    assert (place.latitude, place.longitude) == (51.752, -1.2577)
    assert place.described == "the postcode of Little Marsh Village Hall"


async def test_a_postcode_district_is_placed_between_its_venues(venues: None) -> None:
    place = await place_from_venues("LM1")
    assert place is not None
    assert place.latitude == pytest.approx((51.752 + 51.7488) / 2)
    assert place.venues == ("Little Marsh Village Hall", "Marsh Lane Playing Field")
    assert "LM1 postcode district" in place.described


async def test_an_unknown_postcode_in_a_known_district_falls_back_to_the_district(venues: None) -> None:
    place = await place_from_venues("LM1 7XY")
    assert place is not None and place.venues == ("Little Marsh Village Hall", "Marsh Lane Playing Field")


async def test_a_place_name_matches_venue_names_before_addresses(venues: None) -> None:
    by_name = await place_from_venues("eastside")
    assert by_name is not None and by_name.venues == ("Eastside Community Hub",) and by_name.kind == MatchedOn.name
    by_address = await place_from_venues("Little Marsh")
    assert by_address is not None and by_address.kind == MatchedOn.name
    village = await place_from_venues("church lane")
    assert village is not None and village.venues == ("Little Marsh Village Hall",)
    assert village.kind == MatchedOn.address


async def test_parts_of_words_archived_venues_and_unknown_places_place_nothing(venues: None) -> None:
    assert await place_from_venues("mar") is None
    assert await place_from_venues("LM9 9ZZ") is None
    assert await place_from_venues("Chapel Row") is None
    assert await place_from_venues("Atlantis") is None
    assert await place_from_venues("   ") is None


@pytest.mark.parametrize("typed", ["LM12AB", "lm1 2ab", "lm12ab", " Lm1  2aB "])
async def test_a_full_postcode_is_placed_with_or_without_its_space_in_any_case(venues: None, typed: str) -> None:
    place = await place_from_venues(typed)
    assert place is not None
    assert place.venues == ("Little Marsh Village Hall",) and place.kind == MatchedOn.postcode


async def test_a_postcode_without_its_space_in_a_known_district_falls_back_to_the_district(venues: None) -> None:
    place = await place_from_venues("lm17xy")
    assert place is not None and place.venues == ("Little Marsh Village Hall", "Marsh Lane Playing Field")
