"""Managers and organisers give their words in English and Welsh on the pages: a venue's name and description on
the desk's "Venue details" tab, a space's on the spaces tab, a group's on its page, a listing's on its form; each
read as the API reads it, refused as a page naming the field, and only by those who run the venue or group."""

from __future__ import annotations

import html

import httpx

from scheduling.models import Activity, Group
from tests.factories import Factory
from tests.pages.support import days_ahead, london, post_form, sign_in
from tests.pages.test_desk_space_settings_pages import full_form, hall
from venues.models import Space, Venue

WELSH_NAME = "Neuadd Bentref Cors Fach"


async def test_a_manager_gives_the_venue_its_welsh_name_and_description_on_the_desk(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    venue, _, manager = await hall(factory)
    await sign_in(client, manager)
    tab = f"/desk/venues/{venue.id}/details"
    shown = (await client.get(tab)).text
    assert f'href="{tab}" aria-current="page"' in shown and "Venue details" in shown
    assert 'name="name_cy"' in shown and 'lang="cy"' in shown and "Name in Welsh (Enw yn Gymraeg)" in shown
    saved = await post_form(
        client,
        tab,
        {
            "name": "Little Marsh Village Hall",
            "name_cy": WELSH_NAME,
            "description": "A hall for everyone.",
            "description_cy": "Neuadd i bawb.\r\nCroeso.",
        },
        tab,
    )
    assert saved.status_code == 303 and saved.headers["location"] == f"{tab}?saved=1"
    stored = await Venue.objects().where(Venue.id == venue.id).first()
    assert stored is not None
    assert (stored.name_cy, stored.description, stored.description_cy) == (
        WELSH_NAME,
        "A hall for everyone.",
        "Neuadd i bawb.\nCroeso.",
    )
    assert stored.shown_revision > venue.shown_revision  # feed events name the venue: their SEQUENCE moves
    welsh_desk = (await client.get(f"/cy{tab}?saved=1")).text
    assert "Manylion y lleoliad" in welsh_desk and f"{WELSH_NAME}: manylion y lleoliad" in welsh_desk
    assert "Mae manylion y lleoliad wedi" in html.unescape(welsh_desk)
    english_desk = (await client.get(f"/en/desk/venues/{venue.id}/spaces")).text
    assert "Little Marsh Village Hall: spaces" in english_desk


async def test_the_public_venue_page_in_welsh_shows_the_welsh_name(client: httpx.AsyncClient, factory: Factory) -> None:
    venue, _, manager = await hall(factory)
    await sign_in(client, manager)
    tab = f"/desk/venues/{venue.id}/details"
    saved = await post_form(client, tab, {"name": "Little Marsh Village Hall", "name_cy": WELSH_NAME}, tab)
    assert saved.status_code == 303
    assert WELSH_NAME in (await client.get(f"/cy/venues/{venue.id}")).text
    assert WELSH_NAME not in (await client.get(f"/en/venues/{venue.id}")).text


async def test_the_details_tab_refuses_what_the_api_refuses_and_people_who_do_not_manage_the_venue(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    venue, _, manager = await hall(factory)
    stranger = await factory.account("stranger")
    await factory.venue(manager=stranger)
    await sign_in(client, manager)
    tab = f"/desk/venues/{venue.id}/details"
    too_long = await post_form(client, tab, {"name": "Little Marsh Village Hall", "name_cy": "x" * 201}, tab)
    assert too_long.status_code == 400
    assert "Name in Welsh (Enw yn Gymraeg): at most 200 characters." in html.unescape(too_long.text)
    assert 'id="name_cy" name="name_cy"' in too_long.text and 'aria-invalid="true"' in too_long.text
    no_name = await post_form(client, tab, {"name": " ", "name_cy": WELSH_NAME}, tab)
    assert no_name.status_code == 400 and "the venue needs a name in English" in no_name.text
    stored = await Venue.objects().where(Venue.id == venue.id).first()
    assert stored is not None and (stored.name, stored.name_cy) == ("Little Marsh Village Hall", "")

    await sign_in(client, stranger)
    assert (await client.get(tab)).status_code == 403
    refused = await post_form(client, tab, {"name": "Mine", "name_cy": "Fy un i"}, "/desk")
    assert refused.status_code == 403
    assert (await Venue.objects().where(Venue.id == venue.id).first()).name_cy == ""  # type: ignore[union-attr]


async def test_a_space_gets_its_welsh_name_and_description_on_the_spaces_tab(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    venue, space, manager = await hall(factory)
    await sign_in(client, manager)
    tab = f"/desk/venues/{venue.id}/spaces"
    form = full_form(name_cy="Y brif neuadd", description_cy="Lle i ddawnsio.\r\nA chanu.")
    saved = await post_form(client, f"{tab}/{space.id}", form, tab)
    assert saved.status_code == 303, saved.text
    stored = await Space.objects().where(Space.id == space.id).first()
    assert stored is not None and (stored.name, stored.name_cy, stored.description_cy) == (
        "Main hall",
        "Y brif neuadd",
        "Lle i ddawnsio.\nA chanu.",
    )
    welsh = (await client.get(f"/cy{tab}")).text
    assert "Y brif neuadd" in welsh and "Enw yn Gymraeg (Name in Welsh)" in welsh and "Cadw Y brif neuadd" in welsh
    refused = await post_form(client, f"{tab}/{space.id}", full_form(name_cy="x" * 201), tab)
    # The page speaks Welsh since the reader chose it (/cy/ is remembered): so does its refusal.
    assert refused.status_code == 400
    assert "Enw yn Gymraeg (Name in Welsh): rhowch destun o 200 nod ar y mwyaf." in html.unescape(refused.text)


async def test_an_organiser_gives_the_group_its_welsh_description_on_its_page(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    organiser, member = await factory.account("organiser"), await factory.account("member")
    group = await factory.group(organiser, name="Coffee Club", description="Tea and a chat.")
    page_url = f"/groups/{group.id}"
    await sign_in(client, organiser)
    shown = (await client.get(page_url)).text
    assert f'action="{page_url}/details"' in shown and 'name="description_cy"' in shown and "Group details" in shown
    saved = await post_form(
        client,
        f"{page_url}/details",
        {
            "name": "Coffee Club",
            "name_cy": "Clwb Coffi",
            "description": "Tea and a chat.",
            "description_cy": "Paned a sgwrs.\r\nCroeso i bawb.",
        },
        page_url,
    )
    assert saved.status_code == 303 and saved.headers["location"] == f"{page_url}?details=saved#details"
    stored = await Group.objects().where(Group.id == group.id).first()
    assert stored is not None
    assert (stored.name_cy, stored.description_cy) == ("Clwb Coffi", "Paned a sgwrs.\nCroeso i bawb.")
    assert stored.revision > group.revision  # feed events naming the group move their SEQUENCE
    organiser_welsh = (await client.get(f"/cy{page_url}?details=saved")).text
    assert "Manylion y grŵp" in organiser_welsh and "Mae manylion y grŵp wedi" in html.unescape(organiser_welsh)
    assert 'lang="cy">Paned a sgwrs.' in organiser_welsh  # the Welsh input says its language

    await sign_in(client, member)
    welsh = (await client.get(f"/cy{page_url}")).text
    assert "<h1>Clwb Coffi</h1>" in welsh and "Paned a sgwrs." in welsh and "Helpu i drefnu Clwb Coffi" in welsh
    english = (await client.get(f"/en{page_url}")).text
    assert "<h1>Coffee Club</h1>" in english and "Tea and a chat." in english and "Paned" not in english
    assert f"{page_url}/details" not in english
    refused = await post_form(client, f"{page_url}/details", {"name": "Mine", "description_cy": "Fy un i"}, page_url)
    assert refused.status_code == 403
    assert (await Group.objects().where(Group.id == group.id).first()).name == "Coffee Club"  # type: ignore[union-attr]


async def test_the_group_details_form_refuses_what_the_api_refuses(client: httpx.AsyncClient, factory: Factory) -> None:
    organiser = await factory.account("organiser")
    group = await factory.group(organiser, name="Coffee Club")
    page_url = f"/groups/{group.id}"
    await sign_in(client, organiser)
    refused = await post_form(
        client, f"{page_url}/details", {"name": "Coffee Club", "description_cy": "x" * 5001}, page_url
    )
    assert refused.status_code == 400
    text = html.unescape(refused.text)
    assert "Description in Welsh (Disgrifiad yn Gymraeg): at most 5000 characters." in text
    assert "The group's details were not saved" in text
    assert (await Group.objects().where(Group.id == group.id).first()).description_cy == ""  # type: ignore[union-attr]


async def test_a_listing_takes_its_welsh_title_and_description_on_its_form(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    booker = await factory.account("booker")
    venue = await factory.venue()
    space = await factory.space(venue)
    day = days_ahead(5)
    booking = await factory.booking(space, london(day, 10), london(day, 11), booked_by=booker.id, title="Quiz")
    await sign_in(client, booker)
    form_page = f"/my/bookings/{booking.id}/listing"
    blank = (await client.get(form_page)).text
    assert 'name="listing_title_cy"' in blank and 'name="listing_description_cy"' in blank
    saved = await post_form(
        client,
        form_page,
        {
            "listing_title": "Quiz night",
            "listing_title_cy": "Noson gwis",
            "listing_description_cy": "Dewch â thîm.\r\nGwobrau.",
            "listing_cost": "free",
        },
        form_page,
    )
    assert saved.status_code == 303, saved.text
    activity = await Activity.objects().where(Activity.booking == booking.id).first()
    assert activity is not None
    assert (activity.title, activity.title_cy, activity.description_cy) == (
        "Quiz night",
        "Noson gwis",
        "Dewch â thîm.\nGwobrau.",
    )
    assert "noson gwis" in activity.search_text
    again = (await client.get(form_page)).text
    assert 'value="Noson gwis"' in again
    welsh = (await client.get(f"/cy{form_page}")).text
    assert "Cadw&#39;r rhestriad" in welsh or "Cadw'r rhestriad" in welsh
    refused = await post_form(
        client, form_page, {"listing_title": "Quiz night", "listing_title_cy": "x" * 201}, form_page
    )
    assert refused.status_code == 400 and "title_cy" in refused.text
