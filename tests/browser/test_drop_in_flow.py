"""An organiser lists a session as drop-in on the listing page, in a real browser, and residents see "Drop in any
time" on its page and on What's on."""

from __future__ import annotations

import re
from typing import Any

from playwright.async_api import expect

from tests.browser.conftest import serious_violations
from tests.browser.test_flows import sign_in
from tests.factories import Factory
from tests.pages.support import days_ahead, london


async def test_an_organiser_marks_a_listing_drop_in_and_residents_see_it(page: Any, factory: Factory) -> None:
    organiser = await factory.account("organiser")
    venue = await factory.venue(name="Little Marsh Village Hall")
    space = await factory.space(venue, name="Small hall")
    group = await factory.group(organiser, name="Marsh Knitters")
    day = days_ahead(3)
    booking = await factory.booking(
        space, london(day, 10), london(day, 12), title="Knit and natter", group=group.id, booked_by=organiser.id
    )

    await sign_in(page, organiser)
    await page.goto(f"/my/bookings/{booking.id}/listing")
    assert await serious_violations(page) == []
    await page.get_by_label("Kind of activity").select_option("arts_and_crafts")
    await page.get_by_label("Drop in any time (no fixed start)").check()
    await page.get_by_role("button", name="Save the listing").click()

    await page.goto(f"/my/bookings/{booking.id}/listing")
    await expect(page.get_by_label("Drop in any time (no fixed start)")).to_be_checked()
    await page.get_by_role("link", name="See it as residents do").click()
    await expect(page).to_have_url(re.compile(r"/activities/\d+$"))
    await expect(page.get_by_text("Drop in any time")).to_be_visible()

    await page.goto("/")
    card = page.locator("li, article").filter(has_text="Knit and natter").first
    await expect(card).to_contain_text("Drop in any time")
