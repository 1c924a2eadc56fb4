"""A venue's open-data settings: the defaults until saved, checked field by field, changed only by its managers,
and what its listing lacks."""

from __future__ import annotations

from datetime import time

import pytest

from tests.factories import Factory
from venues.core.errors import Forbidden, InvalidInput
from venues.models import Venue, VenueOpenData
from venues.open_data.listing import missing_for_listing
from venues.open_data.settings import (
    DEFAULTS,
    OpenDataSettings,
    open_data_settings,
    save_open_data_settings,
    settings_by_venue,
)
from venues.opening.hours import Interval, replace_weekly_hours


async def test_a_venue_that_never_saved_has_the_defaults(factory: Factory) -> None:
    venue = await factory.venue()
    assert await open_data_settings(venue.id) == OpenDataSettings(True, 60, 14) == DEFAULTS


async def test_a_manager_saves_settings_once_per_venue_and_reads_them_back(factory: Factory) -> None:
    manager = await factory.account("manager")
    venue, other = await factory.venue(manager=manager), await factory.venue()
    await save_open_data_settings(manager.user, venue.id, OpenDataSettings(False, 45, 28))
    await save_open_data_settings(manager.user, venue.id, OpenDataSettings(True, 120, 7))
    found = await settings_by_venue([venue.id, other.id])
    assert found == {venue.id: OpenDataSettings(True, 120, 7), other.id: DEFAULTS}
    assert await VenueOpenData.count().where(VenueOpenData.venue == venue.id) == 1


@pytest.mark.parametrize(
    ("wanted", "field"),
    [
        (OpenDataSettings(True, 50, 14), "slot_minutes"),
        (OpenDataSettings(True, 0, 14), "slot_minutes"),
        (OpenDataSettings(True, 495, 14), "slot_minutes"),
        (OpenDataSettings(True, 60, 0), "days_ahead"),
        (OpenDataSettings(True, 60, 57), "days_ahead"),
    ],
)
async def test_settings_out_of_range_are_refused_naming_the_field(
    factory: Factory, wanted: OpenDataSettings, field: str
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    with pytest.raises(InvalidInput) as refused:
        await save_open_data_settings(manager.user, venue.id, wanted)
    assert refused.value.field == field
    assert await open_data_settings(venue.id) == DEFAULTS


async def test_the_edges_of_each_range_are_accepted(factory: Factory) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    for wanted in (OpenDataSettings(True, 15, 1), OpenDataSettings(True, 480, 56)):
        assert await save_open_data_settings(manager.user, venue.id, wanted) == wanted


async def test_only_the_venues_managers_change_its_settings(factory: Factory) -> None:
    manager, stranger = await factory.account("manager"), await factory.account("stranger")
    venue = await factory.venue(manager=manager)
    await factory.venue(manager=stranger)
    for who in (stranger.user, None):
        with pytest.raises(Forbidden):
            await save_open_data_settings(who, venue.id, OpenDataSettings(False, 60, 14))
    assert await open_data_settings(venue.id) == DEFAULTS


async def test_a_listing_names_what_it_lacks(factory: Factory) -> None:
    venue = await factory.venue(locality="", region="", public_phone="")
    space = await factory.space(venue, name="Main hall", min_booking_minutes=120)
    missing = " ".join(await missing_for_listing(venue, DEFAULTS))
    for words in (
        "town or village",
        "county",
        "latitude and longitude",
        "public phone",
        "Main hall has no standard rate",
        "at least 2 h",
    ):
        assert words in missing
    await factory.rate(space, "standard", 1000)
    await Venue.update({Venue.latitude: 51.5, Venue.longitude: -1.2, Venue.public_phone: "01234 567890"}).where(
        Venue.id == venue.id
    )
    await replace_weekly_hours(venue.id, None, [Interval(0, time(9), time(17))])
    complete = await Venue.objects().where(Venue.id == venue.id).first()
    assert complete is not None
    complete.locality, complete.region = "Little Marsh", "Norfolk"
    assert await missing_for_listing(complete, OpenDataSettings(True, 120, 14)) == []


async def test_each_missing_thing_says_where_a_manager_puts_it_right(factory: Factory) -> None:
    venue = await factory.venue(locality="", region="", postcode="", public_phone="", public_email="")
    await factory.space(venue, name="Main hall")

    missing = await missing_for_listing(venue, OpenDataSettings(False, 60, 14))

    def said(start: str) -> str:
        [sentence] = [sentence for sentence in missing if sentence.startswith(start)]
        return sentence

    for thing in (
        "Slots are switched off",
        "The venue's town or village",
        "The venue's county",
        "Where the venue is",
        "The venue's postcode",
        "A public phone number",
    ):
        assert said(thing).endswith("(Open data tab)."), said(thing)
    text = " ".join(missing)
    assert "site admin" not in text and "below" not in text, "managers fix these themselves; no page position"
