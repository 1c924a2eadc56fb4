"""A manager edits a booking from the desk's week view, in a real browser against the real app, keyboard only for
opening it; the booking page and the week view pass axe at phone and desktop width."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Any

from playwright.async_api import expect

from scheduling.bookings.workflow import BookingDraft, request_booking
from scheduling.models import Booking
from tests.browser.conftest import DESKTOP, PHONE, screenshot_both, serious_violations
from tests.browser.test_flows import sign_in
from tests.factories import Factory
from tests.pages.support import days_ahead


def week_cell(page: Any, space: str, day_index: int) -> Any:
    """The week view's cell of ``space`` on the ``day_index``-th day (0 = Monday)."""
    return page.locator(f'table.week tr:has(th[scope="row"]:has-text("{space}")) > td').nth(day_index)


async def axe_at_both_widths(page: Any) -> list[dict[str, Any]]:
    found = []
    for size in (PHONE, DESKTOP):
        await page.set_viewport_size(size)
        found += await serious_violations(page)
    return found


async def test_a_manager_opens_a_booking_from_the_week_moves_it_and_sees_it_at_its_new_place(
    page: Any, factory: Factory
) -> None:
    manager = await factory.account("manager")
    organiser = await factory.account("organiser")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall")
    await factory.space(venue, name="Main hall")
    small = await factory.space(venue, name="Small hall")
    side = await factory.space(venue, name="Side room")
    group = await factory.group(organiser, name="Marsh Choir")
    day = days_ahead(9)
    monday = day - timedelta(days=day.weekday())
    later = monday + timedelta(days=(day.weekday() + 2) % 7)
    booking = await request_booking(
        organiser.user,
        BookingDraft(
            side.id,
            datetime.combine(day, time(10)),
            datetime.combine(day, time(12)),
            title="Choir practice",
            group_id=group.id,
            booker_phone="01234 567890",
        ),
    )

    await sign_in(page, manager)
    await page.goto(f"/desk/venues/{venue.id}/week?week={monday.isoformat()}")
    cell = week_cell(page, "Side room", day.weekday())
    await expect(cell).to_contain_text("Marsh Choir")
    link = cell.get_by_role("link", name="Request 10:00–12:00 Choir practice (waiting for a decision)")
    await link.focus()
    await page.keyboard.press("Enter")
    await expect(page).to_have_url(re.compile(rf"/bookings/{booking.id}$"))
    await expect(page.get_by_role("heading", level=1)).to_have_text("Choir practice")
    await expect(page.locator(".facts")).to_contain_text("01234 567890")
    await expect(page.locator(".facts")).to_contain_text("Marsh Choir")

    violations = {"booking-page": await axe_at_both_widths(page)}
    width = await screenshot_both(page, "desk-booking-page")
    assert width <= PHONE["width"]

    await page.get_by_label("Space", exact=True).select_option(label="Small hall")
    await page.get_by_label("Date", exact=True).fill(later.isoformat())
    await page.get_by_label("Starts (venue time)").fill("18:30")
    await page.get_by_label("Ends (venue time)").fill("20:00")
    await page.get_by_role("button", name="Move this booking").click()
    await expect(page.get_by_role("status")).to_contain_text("is now booked in Small hall")
    await expect(page.locator(".facts")).to_contain_text("18:30–20:00")

    await page.get_by_role("link", name="Week", exact=True).click()
    moved = week_cell(page, "Small hall", later.weekday()).get_by_role("link", name=re.compile("Choir practice"))
    await expect(moved).to_contain_text("18:30–20:00")
    await expect(week_cell(page, "Side room", day.weekday())).not_to_contain_text("Choir practice")
    violations["desk-week"] = await axe_at_both_widths(page)
    assert violations == {"booking-page": [], "desk-week": []}

    stored = await Booking.objects().where(Booking.id == booking.id).first()
    assert stored.space == small.id
