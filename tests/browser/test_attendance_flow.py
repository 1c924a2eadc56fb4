"""An organiser, on a phone after a session, records how many came from My bookings, in a real browser; the venue's
manager then reads the number in the venue's report."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from playwright.async_api import expect

from scheduling.models import SessionRecord
from tests.browser.conftest import PHONE, serious_violations
from tests.browser.test_flows import sign_in
from tests.factories import Factory
from venues.core import clock
from venues.core.timezones import zone


async def test_an_organiser_on_a_phone_records_a_headcount_and_the_manager_reads_it_in_the_venues_report(
    page: Any, factory: Factory
) -> None:
    manager = await factory.account("manager")
    organiser = await factory.account("organiser")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall")
    space = await factory.space(venue, name="Small hall")
    group = await factory.group(organiser, name="Marsh Youth Club")
    # Started two hours ago, whatever the time of day: stored as it is, no rules asked.
    starts = clock.now() - timedelta(hours=2)
    session = await factory.booking(
        space, starts, starts + timedelta(hours=2), title="Youth club", group=group.id, booked_by=manager.id
    )

    await page.set_viewport_size(PHONE)
    await sign_in(page, organiser)
    await page.goto("/my/bookings")
    waiting = page.locator("#to-record")
    await expect(waiting.get_by_role("heading", name="Youth club")).to_be_visible()
    await waiting.get_by_role("link", name="Record").click()

    await expect(page.get_by_role("heading", level=1)).to_have_text("How did it go?")
    assert await serious_violations(page) == []
    assert int(await page.evaluate("document.documentElement.scrollWidth")) <= PHONE["width"]
    await expect(page.get_by_label("Held")).to_be_checked()
    await page.get_by_label("How many came").fill("22")
    await page.get_by_role("button", name="One more came").click()  # the script's + beside the number
    await expect(page.get_by_label("How many came")).to_have_value("23")
    await page.get_by_label("Of them, new this time (optional)").fill("4")
    await page.get_by_role("button", name="Save").click()

    await expect(page).to_have_url(re.compile(rf"/my/bookings\?recorded={session.id}$"))
    await expect(page.get_by_role("status")).to_contain_text("Youth club")
    await expect(page.get_by_role("status")).to_contain_text("23 came, 4 for the first time")
    await expect(page.locator("#to-record")).to_have_count(0)
    assert await SessionRecord.select(SessionRecord.headcount, SessionRecord.first_timers).where(
        SessionRecord.booking == session.id
    ) == [{"headcount": 23, "first_timers": 4}]

    # The manager reads it in the venue's report for the days the session fell on (local dates, any time of day).
    await page.get_by_role("button", name="Sign out").click()
    await sign_in(page, manager)
    london = zone("Europe/London")
    first, last = starts.astimezone(london).date(), clock.now().astimezone(london).date()
    await page.goto(f"/desk/venues/{venue.id}/report?from={first.isoformat()}&to={last.isoformat()}")
    assert await serious_violations(page) == []
    figures = page.locator("table.report-figures")
    counted = figures.get_by_role("row").filter(has=page.get_by_role("rowheader", name=re.compile(r"^People counted")))
    await expect(counted.get_by_role("cell").first).to_have_text("23")
