"""An organiser asks to book on the page; the manager's email links to the request, which the browser opens."""

from __future__ import annotations

import re
from typing import Any

from playwright.async_api import expect

from tests.browser.conftest import serious_violations
from tests.browser.test_flows import short_day, sign_in
from tests.factories import Factory
from tests.mail_support import sent_to
from tests.pages.support import days_ahead


async def test_the_managers_email_about_a_request_opens_the_request_on_the_desk(
    page: Any, browser: Any, live_server: str, factory: Factory
) -> None:
    manager = await factory.account("manager")
    organiser = await factory.account("organiser")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall", public_email="hall@marsh.example")
    space = await factory.space(venue, name="Main hall")
    await factory.group(organiser, name="Marsh Coffee Morning")
    day = days_ahead(8)

    await sign_in(page, organiser)
    await page.goto(f"/book/spaces/{space.id}?week={day.isoformat()}")
    await page.get_by_role("link", name=f"Free {short_day(day)} 10:00").click()
    await page.get_by_label("Ends").fill("12:00")
    await page.get_by_label("Booking for", exact=True).select_option(label="Marsh Coffee Morning")
    await page.get_by_label("What is it called?").fill("Coffee morning")
    await page.get_by_label("How many people?").fill("20")
    await page.get_by_role("button", name="Send the request").click()

    (told,) = await sent_to(manager.user.email)
    assert told.kind == "new_request" and "Coffee morning" in told.subject
    links = re.findall(r'href="([^"]+)"', told.html)
    assert links == [f"{live_server}/desk/venues/{venue.id}"]
    (received,) = await sent_to(organiser.user.email)
    (own,) = re.findall(r'href="([^"]+)"', received.html)

    # The organiser's own link opens their booking.
    await page.goto(own)
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Coffee morning")

    context = await browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844})
    try:
        tab = await context.new_page()
        await sign_in(tab, manager)
        await tab.goto(links[0])
        await expect(tab.locator("[id^=request-]")).to_contain_text("Coffee morning")
        await expect(tab.locator("[id^=request-]").get_by_role("button", name="Confirm")).to_be_visible()

        # The manager would rather read new requests once a day: the settings page, at phone width.
        await tab.get_by_role("link", name="Your account").click()
        await tab.get_by_role("link", name="Email settings").click()
        await tab.get_by_label("New requests at venues you manage").select_option(label="In a daily digest")
        await tab.get_by_role("button", name="Save choices").click()
        await expect(tab.get_by_role("status")).to_have_text("Your choices are saved.")
        await expect(tab.get_by_label("New requests at venues you manage")).to_have_value("digest")
        assert await serious_violations(tab) == []
        assert await tab.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        await context.close()
