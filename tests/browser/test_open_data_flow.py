"""Open data in a real browser: a manager sets how the hall's spaces are published on the desk's Open data tab, an
organiser chooses the OpenActive activity of a listing on its form, and a finder app's developer goes from the
dataset site to the feed that carries it."""

from __future__ import annotations

import re
from typing import Any

from playwright.async_api import expect

from scheduling.openactive.stamping import refresh
from tests.browser.conftest import serious_violations
from tests.browser.test_flows import sign_in
from tests.factories import Factory
from tests.pages.support import days_ahead, london
from venues.models import Venue, VenueOpenData


async def test_a_manager_publishes_slots_an_organiser_chooses_an_activity_and_the_feed_carries_it(
    page: Any, factory: Factory
) -> None:
    manager = await factory.account("manager")
    organiser = await factory.account("organiser")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall", region="")
    space = await factory.space(venue, name="Small hall")
    await factory.rate(space, "standard", 1800)
    group = await factory.group(organiser, name="Marsh Movers")
    day = days_ahead(3)
    booking = await factory.booking(
        space, london(day, 10), london(day, 11), title="Stretch and relax", group=group.id, booked_by=organiser.id
    )

    await sign_in(page, manager)
    await page.goto(f"/desk/venues/{venue.id}")
    await page.locator(".tabs").get_by_role("link", name="Open data").click()
    assert await serious_violations(page) == []
    await expect(page.get_by_text("county", exact=False).first).to_be_visible()
    await page.get_by_label("County").fill("Marshshire")
    await page.get_by_role("button", name="Save where the venue is").click()
    await page.get_by_label("How long is each slot (minutes)").fill("30")
    await page.get_by_label("How many days ahead to publish").fill("7")
    await page.get_by_role("button", name="Save the open data settings").click()
    await expect(page.get_by_label("How long is each slot (minutes)")).to_have_value("30")
    settings = await VenueOpenData.objects().where(VenueOpenData.venue == venue.id).first()
    assert settings is not None and (settings.slot_minutes, settings.days_ahead) == (30, 7)
    assert (await Venue.select(Venue.region).where(Venue.id == venue.id).first() or {})["region"] == "Marshshire"

    await page.context.clear_cookies()
    await sign_in(page, organiser)
    await page.goto(f"/my/bookings/{booking.id}/listing")
    await page.get_by_label("Physical activity, for OpenActive finder apps").fill("Yoga")
    await page.get_by_role("button", name="Save the listing").click()
    await page.goto(f"/my/bookings/{booking.id}/listing")
    await page.get_by_role("link", name="See it as residents do").click()
    await expect(page).to_have_url(re.compile(r"/activities/\d+$"))
    await expect(page.get_by_text("Listed on OpenActive as Yoga")).to_be_visible()

    await refresh()
    await page.goto("/")
    await page.locator("footer").get_by_role("link", name="Open data").click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Open data")
    assert await serious_violations(page) == []
    await page.get_by_role("link", name=re.compile(r"openactive.session-series$")).click()
    body = await page.locator("body").inner_text()
    assert "Stretch and relax" in body and "Yoga" in body and "Marshshire" in body
