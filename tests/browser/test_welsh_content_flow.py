"""The Welsh a hall and a group write, given on the pages in Chromium: a manager gives the venue's and a space's
Welsh names on the desk and publishes open data in Welsh; an organiser gives the group's Welsh description and a
listing's Welsh title. Each reads back in Welsh at /cy/ (with its lang), and every form passes axe."""

from __future__ import annotations

from typing import Any

from playwright.async_api import expect

from scheduling.models import Activity
from tests.browser.conftest import serious_violations
from tests.browser.test_flows import sign_in
from tests.factories import Factory
from tests.pages.support import days_ahead, london
from venues.models import VenueOpenData


async def test_a_manager_and_an_organiser_give_their_welsh_on_the_pages_and_residents_read_it(
    page: Any, factory: Factory
) -> None:
    manager, organiser = await factory.account("manager"), await factory.account("organiser")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall")
    hall = await factory.space(venue, name="Small hall")
    group = await factory.group(organiser=organiser, name="Marsh Coffee Morning")
    day = days_ahead(5)
    booking = await factory.booking(
        hall, london(day, 10), london(day, 12), group=group.id, booked_by=organiser.user.id, is_public=True
    )
    await factory.activity(booking, title="Marsh coffee morning", category="coffee_morning")

    await sign_in(page, manager)
    await page.goto(f"/desk/venues/{venue.id}")
    await page.get_by_role("link", name="Venue details").click()
    assert await serious_violations(page) == []
    await page.get_by_label("Name in Welsh (Enw yn Gymraeg)").fill("Neuadd Bentref y Gors Fach")
    await page.get_by_role("button", name="Save the venue's details").click()
    await expect(page.get_by_label("Name in Welsh (Enw yn Gymraeg)")).to_have_value("Neuadd Bentref y Gors Fach")

    await page.get_by_role("link", name="Spaces", exact=True).click()
    section = page.get_by_role("region", name="Small hall")
    await section.get_by_label("Name in Welsh (Enw yn Gymraeg)").fill("Neuadd fach")
    await section.get_by_role("button", name="Save Small hall").click()
    await expect(
        page.get_by_role("region", name="Small hall").get_by_label("Name in Welsh (Enw yn Gymraeg)")
    ).to_have_value("Neuadd fach")

    await page.get_by_role("link", name="Open data").first.click()
    await page.get_by_label("Cymraeg").check()
    await page.get_by_role("button", name="Save the open data settings").click()
    await expect(page.get_by_label("Cymraeg")).to_be_checked()
    settings = await VenueOpenData.select(VenueOpenData.language).where(VenueOpenData.venue == venue.id).first()
    assert settings is not None and settings["language"] == "cy"

    await page.goto(f"/cy/venues/{venue.id}")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Neuadd Bentref y Gors Fach")
    assert await serious_violations(page) == []

    await page.context.clear_cookies()
    await sign_in(page, organiser)
    await page.goto(f"/groups/{group.id}")
    assert await serious_violations(page) == []
    await page.get_by_label("Description in Welsh (Disgrifiad yn Gymraeg)").fill("Coffi, cacen a sgwrs bob wythnos.")
    await page.get_by_role("button", name="Save the group's details").click()
    await page.goto(f"/my/bookings/{booking.id}/listing")
    assert await serious_violations(page) == []
    await page.get_by_label("Name on What's on in Welsh (Enw yn Gymraeg)").fill("Bore coffi'r Gors")
    await page.get_by_role("button", name="Save the listing").click()
    listing = await Activity.select(Activity.title_cy).where(Activity.booking == booking.id).first()
    assert listing is not None and listing["title_cy"] == "Bore coffi'r Gors"

    await page.goto(f"/cy/groups/{group.id}")
    await expect(page.locator("p.lead")).to_have_text("Coffi, cacen a sgwrs bob wythnos.")
    await page.goto("/cy/")
    event = page.locator(".event h4")
    await expect(event).to_have_text(["Bore coffi'r Gors"])
    await expect(page.locator(".event").get_by_text("Neuadd fach")).to_be_visible()
