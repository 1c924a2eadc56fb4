"""An organiser calls off a half term's worth of a weekday series from My bookings, in a real browser."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from playwright.async_api import expect

from scheduling.models import Booking
from scheduling.recurrence.rules import parse_rrule
from scheduling.series.create import SeriesDraft, create_series
from tests.browser.conftest import PHONE, screenshot_both, serious_violations
from tests.browser.test_flows import short_day, sign_in
from tests.factories import Factory
from tests.pages.support import next_weekday


async def test_an_organiser_cancels_half_term_after_seeing_exactly_those_dates_and_the_rest_stay_booked(
    page: Any, factory: Factory
) -> None:
    manager = await factory.account("manager")
    organiser = await factory.account("organiser")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall")
    space = await factory.space(venue, name="Main hall", requires_approval=False, horizon_days=400)
    group = await factory.group(organiser, name="Marsh Holiday Club")
    monday = next_weekday(0)
    draft = SeriesDraft(
        space.id,
        parse_rrule("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;COUNT=15"),
        monday,
        time(10),
        time(12),
        title="Holiday club",
        group_id=group.id,
    )
    series = (await create_series(organiser.user, draft)).series
    half_term = [monday + timedelta(weeks=1, days=n) for n in range(5)]

    await sign_in(page, organiser)
    await page.goto("/my/bookings")
    block = page.locator(f"#series-{series.id}")
    await expect(block.get_by_text("Every week on Monday, Tuesday, Wednesday, Thursday and Friday")).to_be_visible()
    await expect(block.locator("tbody tr")).to_have_count(15)
    await block.get_by_label("From").fill(half_term[0].isoformat())
    await block.get_by_label("To").fill(half_term[-1].isoformat())
    await block.get_by_role("button", name="Choose these dates").click()

    await expect(page.get_by_role("heading", level=1)).to_contain_text("Cancel Holiday club")
    await expect(page.locator(".to-cancel li")).to_have_text(
        [f"Holiday club, {short_day(day)}, 10:00–12:00" for day in half_term]
    )
    violations = {"confirm-phone": [], "confirm-desktop": []}
    for viewport in ("phone", "desktop"):
        await page.set_viewport_size(PHONE if viewport == "phone" else {"width": 1280, "height": 800})
        violations[f"confirm-{viewport}"] = await serious_violations(page)
    assert await Booking.count().where(Booking.status == "cancelled") == 0
    await page.get_by_label("Reason").fill("Half term: the refurbishment of the kitchen")
    await page.get_by_role("button", name="Yes, cancel these 5 dates").click()

    await expect(page.get_by_role("status")).to_contain_text("5 dates are cancelled")
    rows = page.locator(f"#series-{series.id} tbody tr")
    await expect(rows).to_have_count(15)
    for day in half_term:
        row = page.locator(f'tr[data-date="{day.isoformat()}"]')
        await expect(row).to_have_attribute("data-status", "cancelled")
        await expect(row).to_contain_text("Half term")
    await expect(page.locator('tbody tr[data-status="confirmed"]')).to_have_count(10)

    await page.goto("/my/bookings")
    await expect(page.locator('tbody tr[data-status="cancelled"]')).to_have_count(5)
    for viewport in ("phone", "desktop"):
        await page.set_viewport_size(PHONE if viewport == "phone" else {"width": 1280, "height": 800})
        violations[f"my-bookings-{viewport}"] = await serious_violations(page)
    await page.set_viewport_size(PHONE)
    first_cancel = page.locator(f"#series-{series.id} tbody tr").first.get_by_role("link", name="Cancel")
    box = await first_cancel.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"], "Cancel is off a phone's screen"
    shown_as = await page.locator(f"#series-{series.id} table").evaluate("table => getComputedStyle(table).display")
    assert shown_as == "table", "the dates must keep a table's layout and meaning"
    phone_width = await screenshot_both(page, "my-bookings-series")
    assert {name: found for name, found in violations.items() if found} == {}
    assert phone_width <= PHONE["width"]
    statuses = await Booking.select(Booking.starts_at, Booking.status).where(Booking.series == series.id)
    assert sorted(row["starts_at"].date() for row in statuses if row["status"] == "cancelled") == half_term
