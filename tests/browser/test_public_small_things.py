"""The small things residents and organisers hit, in Chromium: on a phone What's on shows results in the first
screen, and a weekly request's clashes are reported where the page opens; the booking grid is photographed."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from playwright.async_api import expect

from scheduling.bookings.workflow import BookingDraft, request_booking
from tests.browser.conftest import DESKTOP, PHONE, screenshot_both, serious_violations
from tests.browser.test_flows import short_day, sign_in
from tests.factories import Factory
from tests.pages.support import days_ahead, london


async def in_first_screen(tab: Any, selector: str) -> bool:
    """Whether the element's top edge is inside the viewport as the page opens, without scrolling."""
    return bool(
        await tab.evaluate(
            """(selector) => {
                const box = document.querySelector(selector).getBoundingClientRect();
                return window.scrollY === 0 && box.top >= 0 && box.top < window.innerHeight;
            }""",
            selector,
        )
    )


async def test_on_a_phone_what_s_on_shows_its_first_result_in_the_first_screen_and_passes_axe(
    browser: Any, live_server: str, factory: Factory
) -> None:
    hall = await factory.venue(name="Little Marsh Village Hall", postcode="LM1 2AB", latitude=51.752, longitude=-1.2577)
    room = await factory.space(hall, name="Small hall")
    day = days_ahead(2)
    for hour, title in ((10, "Marsh coffee morning"), (14, "Knit and natter")):
        booking = await factory.booking(room, london(day, hour), london(day, hour + 1))
        await factory.activity(booking, title=title, category="coffee_morning")

    context = await browser.new_context(base_url=live_server, viewport=PHONE)
    try:
        tab = await context.new_page()
        # With filters on, as a resident comes back from a search: the fold says so and stays shut.
        await tab.goto("/?near=lm12ab&within_km=3&category=coffee_morning&free_only=true")
        await expect(tab.locator(".event h4").first).to_have_text("Marsh coffee morning")
        await expect(tab.locator("details.filters-fold > summary")).to_have_text("Filters (3 on)")
        await expect(tab.get_by_label("Near a postcode or place")).to_be_hidden()
        assert await in_first_screen(tab, ".event")
        assert await serious_violations(tab) == []

        # Unfolding works without any script: the filters are a tap away.
        await tab.locator("details.filters-fold > summary").click()
        await expect(tab.get_by_label("Near a postcode or place")).to_have_value("lm12ab")
        assert await serious_violations(tab) == []

        # On a wide screen the page script unfolds them beside the results.
        await tab.set_viewport_size(DESKTOP)
        await tab.goto("/")
        await expect(tab.get_by_label("Near a postcode or place")).to_be_visible()
        await tab.set_viewport_size(PHONE)
        await expect(tab.get_by_label("Near a postcode or place")).to_be_hidden()
    finally:
        await context.close()


async def test_a_clashing_weekly_request_is_reported_where_the_page_opens(page: Any, factory: Factory) -> None:
    manager = await factory.account("manager")
    organiser = await factory.account("organiser")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall")
    space = await factory.space(venue, name="Main hall", min_notice_minutes=24 * 60)
    group = await factory.group(organiser, name="Marsh Coffee Morning")
    first = days_ahead(8)
    clash = first + timedelta(days=7)
    await request_booking(
        manager.user,
        BookingDraft(space.id, datetime.combine(clash, time(11)), datetime.combine(clash, time(13)), title="Yoga"),
    )

    soon = days_ahead(2)
    await request_booking(
        manager.user,
        BookingDraft(space.id, datetime.combine(soon, time(10)), datetime.combine(soon, time(12)), title="Choir"),
    )

    await sign_in(page, organiser)
    await page.set_viewport_size(PHONE)
    await page.goto(
        f"/book/spaces/{space.id}?date={first.isoformat()}&start=10:00&end=12:00&repeat=weekly"
        f"&until={(first + timedelta(days=21)).isoformat()}&group_id={group.id}"
    )
    await page.get_by_label("What is it called?").fill("Coffee morning")
    await page.get_by_label("How many people?").fill("20")
    await page.get_by_role("button", name="Send the request").click()

    report = page.locator("#conflicts")
    await expect(report).to_contain_text("1 of your 4 dates clashes with another booking")
    await expect(report.locator("li")).to_contain_text(f"{short_day(clash)}, 10:00–12:00")
    await expect(page.locator("#conflicts-heading")).to_be_focused()
    assert await in_first_screen(page, "#conflicts")
    await expect(report.get_by_role("button", name="Book the other 3 dates")).to_be_in_viewport()
    assert await serious_violations(page) == []

    # The grid as it opens today, photographed: past, too soon, booked and free hours in words.
    await page.goto(f"/book/spaces/{space.id}")
    await expect(page.locator("table.grid td.soon").first).to_have_text("Too soon")
    await expect(page.locator("table.grid td.booked").first).to_have_text("Booked")
    assert await serious_violations(page) == []
    phone_width = await screenshot_both(page, "book-grid")
    assert phone_width <= PHONE["width"]
