"""A manager opens the venue's report from the desk, reads last month's figures, finds the sessions chart drawn and
its table saying what the headline says, picks another period and downloads the CSV; the page is axe-clean and
fits a phone."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from playwright.async_api import expect

from scheduling.reports.presets import last_month, last_quarter
from tests.browser.test_flows import sign_in
from tests.browser.test_money_flow import check_page
from tests.factories import Factory
from tests.pages.support import london
from venues.core import clock
from venues.core.timezones import zone


async def test_a_manager_reads_last_months_report_and_its_chart_agrees_with_its_table(
    page: Any, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall")
    hall = await factory.space(venue, name="Main hall")
    month = last_month(clock.now().astimezone(zone("Europe/London")).date())
    for offset in (2, 9, 16):
        day = month.first + timedelta(days=offset)
        await factory.booking(hall, london(day, 10), london(day, 12), title="Coffee morning")
    day = month.first + timedelta(days=20)
    await factory.booking(hall, london(day, 10), london(day, 12), status="cancelled", cancelled_by="hirer")

    await sign_in(page, manager)
    await page.goto(f"/desk/venues/{venue.id}")
    await page.get_by_role("link", name="Report", exact=True).click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Little Marsh Village Hall")
    await expect(
        page.get_by_role("heading", name=f"Period: {month.first.day} {month.first:%b %Y}", exact=False)
    ).to_be_visible()

    figures = page.locator("table.report-figures")
    sessions_row = figures.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=re.compile(r"^Sessions\s*confirmed bookings"))
    )
    await expect(sessions_row.get_by_role("cell").first).to_have_text("3")

    table = page.get_by_role("table", name="Sessions in each period")
    row = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Sessions", exact=True))
    await expect(row.get_by_role("cell").first).to_have_text("3")
    cancelled = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Cancelled", exact=True))
    await expect(cancelled.get_by_role("cell").first).to_have_text("1")
    chart = page.get_by_role("img", name="Grouped bar chart: sessions booked", exact=False)
    await expect(chart).to_be_visible()
    await chart.evaluate(
        "image => image.complete || new Promise(done => { image.addEventListener('load', done); image.addEventListener('error', done); })"
    )
    assert await chart.evaluate("image => image.naturalWidth > 0"), "the chart's SVG did not load"
    await expect(page.locator("#chart-sessions .chart-summary")).to_contain_text("There were 3 sessions")

    found: dict[str, Any] = {}
    await check_page(page, "report-flow", found)
    assert found == {}

    quarter = last_quarter(clock.now().astimezone(zone("Europe/London")).date())
    await page.get_by_role("link", name="Last quarter").click()
    await expect(
        page.get_by_role("heading", name=f"Period: {quarter.first.day} {quarter.first:%b %Y}", exact=False)
    ).to_be_visible()
    await expect(page.get_by_label("From")).to_have_value(quarter.first.isoformat())

    async with page.expect_download() as download_info:
        await page.get_by_role("link", name="Download CSV").click()
    download = await download_info.value
    assert download.suggested_filename.startswith(f"venue-{venue.id}-report-{quarter.first.isoformat()}")
