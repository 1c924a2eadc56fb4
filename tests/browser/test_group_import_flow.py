"""An organiser imports the group's calendar from the group page in a real browser: chooses the space, accepts the
venue's hire terms, previews, imports, and finds the weekly series and the one-off among their bookings."""

from __future__ import annotations

from typing import Any

from playwright.async_api import expect

from scheduling.models import Booking, Series
from tests.api.test_imports import calendar_server, club_calendar, serve  # noqa: F401
from tests.browser.conftest import serious_violations
from tests.browser.test_flows import sign_in
from tests.factories import Factory
from venues.hire_terms.terms import publish_terms


async def test_an_organiser_previews_and_imports_the_groups_calendar_accepting_the_terms(
    page: Any,
    factory: Factory,
    calendar_server: str,  # noqa: F811
) -> None:
    organiser = await factory.account("organiser")
    venue = await factory.venue(name="Little Marsh Village Hall")
    space = await factory.space(venue, name="Small hall", requires_approval=False)
    group = await factory.group(organiser, name="Marsh Walkers")
    await publish_terms(venue.id, "Leave the hall as you found it.", None)
    url = calendar_server + serve("/browser-club.ics", club_calendar())

    await sign_in(page, organiser)
    await page.goto(f"/groups/{group.id}")
    await page.get_by_role("link", name="Import Marsh Walkers's calendar").click()
    await page.get_by_label("Space number").fill(str(space.id))
    await page.get_by_role("button", name="Choose").click()
    await expect(page.get_by_text("Booking in Small hall at Little Marsh Village Hall.")).to_be_visible()
    assert await serious_violations(page) == []
    await page.get_by_label("Calendar address (https or webcal)").fill(url)
    await expect(page.get_by_text("Leave the hall as you found it.")).to_be_visible()

    # Without the terms accepted the browser does not send the form, and nothing is booked.
    await page.get_by_role("button", name="Preview").click()
    await expect(page.get_by_role("heading", name="What an import would do")).to_have_count(0)
    assert await page.locator("input[name=accept_terms]").evaluate("box => !box.validity.valid")
    assert await Booking.count() == 0

    await page.get_by_label("Calendar address (https or webcal)").fill(url)
    await page.get_by_label("I accept the hire terms (version 1)").check()
    await page.get_by_role("button", name="Preview").click()
    await expect(page.get_by_role("heading", name="What an import would do")).to_be_visible()
    assert await Booking.count() == 0

    await page.get_by_label("Calendar address (https or webcal)").fill(url)
    await page.get_by_label("I accept the hire terms (version 1)").check()
    await page.get_by_role("button", name="Import").click()
    await expect(page.get_by_role("heading", name="What was imported")).to_be_visible()
    assert await Series.count() == 1
    assert await Booking.count().where(Booking.series.is_null() & (Booking.title == "Open day")) == 1
    await expect(page.get_by_role("listitem").filter(has_text="Open day")).to_be_visible()
