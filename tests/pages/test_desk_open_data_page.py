"""The desk's Open data tab: a manager switches slots on or off, chooses their length and how far ahead, sees what
the listing lacks, and sets the venue's town, county and map position."""

from __future__ import annotations

import html

import httpx

from tests.factories import Factory
from tests.pages.support import post_form, sign_in
from venues.models import Venue
from venues.open_data.settings import OpenDataSettings, open_data_settings


async def test_a_manager_saves_the_open_data_settings_from_the_tab(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager, locality="", region="")
    await sign_in(client, manager)
    tab = f"/desk/venues/{venue.id}/open-data"
    shown = await client.get(tab)
    assert shown.status_code == 200
    assert 'aria-current="page">Open data<' in shown.text
    assert "Finder apps" in shown.text and "cut from your opening hours" in shown.text
    assert "town or village" in shown.text and "latitude and longitude" in shown.text
    saved = await post_form(client, tab, {"slot_minutes": "90", "days_ahead": "21"}, tab)
    assert saved.status_code == 303
    assert await open_data_settings(venue.id) == OpenDataSettings(False, 90, 21)
    assert "The open data settings are saved" in (await client.get(saved.headers["location"])).text


async def test_a_bad_slot_length_is_shown_on_the_form_and_nothing_is_saved(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    await sign_in(client, manager)
    tab = f"/desk/venues/{venue.id}/open-data"
    refused = await post_form(client, tab, {"publish_slots": "1", "slot_minutes": "50", "days_ahead": "14"}, tab)
    assert refused.status_code == 400
    text = html.unescape(refused.text)
    assert "Nothing was saved" in text and "quarter hours" in text
    assert (
        'id="slot_minutes" name="slot_minutes"' in text
        and 'value="50" aria-describedby="slot_minutes-hint" aria-invalid="true"' in text
    )
    too_far = await post_form(client, tab, {"publish_slots": "1", "slot_minutes": "60", "days_ahead": "99"}, tab)
    assert too_far.status_code == 400 and 'aria-invalid="true"' in too_far.text
    assert await open_data_settings(venue.id) == OpenDataSettings(True, 60, 14)


async def test_the_town_county_and_map_position_are_saved_from_the_tab(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager, locality="", region="")
    await sign_in(client, manager)
    tab = f"/desk/venues/{venue.id}/open-data"
    place = f"{tab}/place"
    half = await post_form(client, place, {"locality": "Little Marsh", "latitude": "51.752"}, tab)
    assert half.status_code == 400 and "both the latitude and the longitude" in html.unescape(half.text)
    saved = await post_form(
        client,
        place,
        {"locality": "Little Marsh", "region": "Norfolk", "latitude": "51.752", "longitude": "-1.2577"},
        tab,
    )
    assert saved.status_code == 303
    stored = await Venue.objects().where(Venue.id == venue.id).first()
    assert stored is not None
    assert (stored.locality, stored.region, stored.latitude, stored.longitude) == (
        "Little Marsh",
        "Norfolk",
        51.752,
        -1.2577,
    )
    page = (await client.get(tab)).text
    assert "town or village" not in page.split("What your listing is missing")[1].split("</section>")[0]


async def test_another_venues_manager_cannot_open_the_tab(client: httpx.AsyncClient, factory: Factory) -> None:
    manager, stranger = await factory.account("manager"), await factory.account("stranger")
    venue = await factory.venue(manager=manager)
    await factory.venue(manager=stranger)
    await sign_in(client, stranger)
    assert (await client.get(f"/desk/venues/{venue.id}/open-data")).status_code == 403


async def test_the_postcode_and_public_contact_are_saved_from_the_tab_by_the_apis_rules(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager, postcode="", public_phone="", public_email="")
    await sign_in(client, manager)
    tab = f"/desk/venues/{venue.id}/open-data"
    place = f"{tab}/place"
    values = {"locality": "Little Marsh", "region": "Norfolk", "postcode": "LM1 2AB"}
    refused = await post_form(client, place, {**values, "public_email": "not an address"}, tab)
    assert refused.status_code == 400 and "Public email" in html.unescape(refused.text)
    stored = await Venue.objects().where(Venue.id == venue.id).first()
    assert stored is not None and stored.postcode == "", "nothing is saved from a refused form"

    saved = await post_form(
        client, place, {**values, "public_phone": "01234 567890", "public_email": "hall@example.org"}, tab
    )
    assert saved.status_code == 303
    stored = await Venue.objects().where(Venue.id == venue.id).first()
    assert stored is not None
    assert (stored.postcode, stored.public_phone, stored.public_email) == (
        "LM1 2AB",
        "01234 567890",
        "hall@example.org",
    )
    missing = (await client.get(tab)).text.split("What your listing is missing")[1].split("</section>")[0]
    assert "postcode" not in missing and "public phone" not in missing


async def test_the_language_of_the_open_data_is_chosen_on_the_tab_and_explained(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    await sign_in(client, manager)
    tab = f"/desk/venues/{venue.id}/open-data"
    shown = html.unescape((await client.get(tab)).text)
    assert "OpenActive text fields hold one language" in shown
    assert 'id="language-en" name="language" value="en" checked' in shown
    saved = await post_form(
        client, tab, {"publish_slots": "1", "slot_minutes": "60", "days_ahead": "14", "language": "cy"}, tab
    )
    assert saved.status_code == 303
    assert await open_data_settings(venue.id) == OpenDataSettings(True, 60, 14, "cy")
    again = await client.get(tab)
    assert 'id="language-cy" name="language" value="cy" checked' in again.text
    refused = await post_form(
        client, tab, {"publish_slots": "1", "slot_minutes": "60", "days_ahead": "14", "language": "fr"}, tab
    )
    assert refused.status_code == 400 and "Nothing was saved" in refused.text
    welsh = html.unescape((await client.get(f"/cy{tab}")).text)
    assert "Iaith eich data agored" in welsh and "Mae meysydd testun OpenActive yn dal un iaith" in welsh
