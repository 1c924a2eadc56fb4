"""A venue's page and a group's page: spaces, prices in plain words, what's on, subscribe links."""

from __future__ import annotations

import re

import httpx

from tests.factories import Factory
from tests.pages.support import days_ahead, london, sign_in
from venues.models import SpacePart
from venues.opening.closures import add_closure


async def test_a_venue_page_shows_spaces_prices_hours_and_what_is_on(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    hall = await factory.venue(
        name="Little Marsh Village Hall",
        accessibility=["step_free"],
        latitude=51.7,
        longitude=-1.2,
        private_email="treasurer@home.example",
    )
    main = await factory.space(
        hall, name="Main hall", capacity=120, facilities=["stage", "piano"], accessibility=["hearing_loop"]
    )
    small = await factory.space(hall, name="Small hall", capacity=40)
    whole = await factory.space(hall, name="Whole hall", capacity=160)
    await SpacePart.insert(SpacePart(combined=whole.id, part=main.id), SpacePart(combined=whole.id, part=small.id))
    await factory.rate(main, "low_cost", 800)
    await factory.rate(main, "standard", 1800)
    await factory.rate(main, "free", 0)
    await add_closure(hall.id, days_ahead(10), days_ahead(11), "Christmas", None)
    booking = await factory.booking(small, london(days_ahead(2), 14), london(days_ahead(2), 16))
    await factory.activity(booking, title="Knit and natter")

    html = (await client.get(f"/venues/{hall.id}")).text
    assert "<h1>Little Marsh Village Hall</h1>" in html
    assert "up to 120 people" in html and "Stage, Piano" in html and "Hearing loop" in html
    assert "Community: £8.00 an hour" in html and "Standard: £18.00 an hour" in html and "Free: no charge" in html
    assert "a reduced rate for community groups" in html
    assert "Main hall and Small hall together" in html
    assert "Christmas" in html and "Knit and natter" in html
    assert f"webcal://testserver/feeds/venues/{hall.id}.ics" in html
    assert f"webcal://testserver/feeds/spaces/{main.id}.ics" in html
    assert f'href="/book/spaces/{main.id}"' in html
    assert "treasurer@home.example" not in html


async def test_an_archived_venue_is_gone_for_the_public_but_not_for_its_managers(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager, archived=True)
    assert (await client.get(f"/venues/{venue.id}")).status_code == 404
    assert (await client.get("/venues/424242")).status_code == 404
    await sign_in(client, manager)
    response = await client.get(f"/venues/{venue.id}")
    assert response.status_code == 200 and "You manage this venue" in response.text


async def test_the_directory_and_the_space_picker_list_public_venues(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    hall = await factory.venue(name="Hall A")
    await factory.venue(name="Hidden", archived=True)
    await factory.space(hall, name="Main room")
    await factory.space(hall, name="Store", bookable=False)
    directory = (await client.get("/venues")).text
    assert "Hall A" in directory and "Hidden" not in directory
    picker = (await client.get("/book")).text
    assert "Main room" in picker and "Store" not in picker and "Hidden" not in picker


async def test_a_group_page_lists_what_it_runs_with_its_feed(client: httpx.AsyncClient, factory: Factory) -> None:
    group = await factory.group(
        name="Marsh Coffee Morning",
        description="Tea, cake and company",
        website="https://marsh.example",
        private_email="secret@example.org",
    )
    other = await factory.group(name="Other group")
    venue = await factory.venue(name="Hall")
    room = await factory.space(venue)
    ours = await factory.booking(room, london(days_ahead(3), 10), london(days_ahead(3), 12), group=group.id)
    await factory.activity(ours, title="Coffee morning")
    theirs = await factory.booking(room, london(days_ahead(3), 14), london(days_ahead(3), 15), group=other.id)
    await factory.activity(theirs, title="Not ours")
    html = (await client.get(f"/groups/{group.id}")).text
    assert "Tea, cake and company" in html and "https://marsh.example" in html
    assert re.findall(r'<a href="/activities/\d+">([^<]+)</a>', html) == ["Coffee morning"]
    assert f"webcal://testserver/feeds/groups/{group.id}.ics" in html
    assert "secret@example.org" not in html
    assert (await client.get("/groups/999999")).status_code == 404
