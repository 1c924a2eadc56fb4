"""A manager closes the hall over booked days on the desk, sees the bookings it reaches and cancels them with a reason."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

import httpx
from playwright.async_api import expect

from scheduling.recurrence.rules import parse_rrule
from scheduling.series.create import SeriesDraft, create_series
from tests.browser.conftest import PHONE, screenshot_both, serious_violations
from tests.browser.test_flows import sign_in
from tests.factories import Factory
from tests.pages.support import days_ahead, london, next_weekday
from venues.models import Closure


async def test_a_closure_over_booked_days_lists_them_and_cancelling_them_takes_them_off_whats_on_and_the_feed(
    page: Any, live_server: str, factory: Factory
) -> None:
    manager = await factory.account("manager")
    resident = await factory.account("resident")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall")
    hall = await factory.space(venue, name="Main hall")
    day = days_ahead(5)
    coffee = await factory.booking(
        hall,
        london(day, 10),
        london(day, 12),
        title="Carols and mince pies",
        booked_by=resident.id,
        booker_name="Ann Booker",
    )
    await factory.activity(coffee, title="Carols and mince pies")
    await factory.booking(
        hall,
        london(day + timedelta(days=1), 14),
        london(day + timedelta(days=1), 16),
        title="Craft club",
        status="requested",
        is_public=False,
    )
    feed_url = f"{live_server}/feeds/venues/{venue.id}.ics"
    assert "Carols and mince pies" in httpx.get(feed_url).text

    await page.goto("/")
    await expect(page.get_by_text("Carols and mince pies").first).to_be_visible()

    await sign_in(page, manager)
    await page.goto(f"/desk/venues/{venue.id}")
    await page.get_by_role("link", name="Closures", exact=True).click()
    await page.get_by_label("First day closed").fill(day.isoformat())
    await page.get_by_label("Last day closed").fill((day + timedelta(days=1)).isoformat())
    await page.get_by_label("Why (residents see this)").fill("Christmas")
    await page.get_by_role("button", name="Add the closure").click()

    reached = page.get_by_role("region", name="Bookings this would leave outside the opening")
    await expect(reached).to_contain_text("Carols and mince pies")
    await expect(reached).to_contain_text("Craft club")
    await expect(reached).to_contain_text("Ann Booker")
    assert await serious_violations(page) == []
    assert await screenshot_both(page, "desk-closure-affects-bookings") <= PHONE["width"]

    await page.get_by_label("For every booking not chosen above").select_option("cancel")
    await page.get_by_label("Why they are cancelled (their bookers see this)").fill("The hall is shut over Christmas.")
    await page.get_by_role("button", name="Add the closure and apply these choices").click()

    await expect(page.get_by_role("status")).to_contain_text("The closure was added. 2 bookings were cancelled")
    assert await serious_violations(page) == []
    assert "Carols and mince pies" not in httpx.get(feed_url).text
    await page.goto("/")
    await expect(page.get_by_role("heading", level=1)).to_be_visible()
    await expect(page.get_by_text("Carols and mince pies")).to_have_count(0)

    await page.context.clear_cookies()
    await sign_in(page, resident)
    await page.goto("/my/bookings")
    await expect(page.get_by_text("The hall is shut over Christmas.")).to_be_visible()


async def test_shorter_hours_list_the_quiz_night_past_closing_and_a_request_the_hall_is_shut_for_is_confirmed_anyway(
    page: Any, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall")
    hall = await factory.space(venue, name="Main hall")
    friday = next_weekday(4, weeks_ahead=2)
    await factory.booking(hall, london(friday, 19), london(friday, 21, 30), title="Quiz night")
    saturday = friday + timedelta(days=1)
    craft = await factory.booking(
        hall, london(saturday, 10), london(saturday, 12), title="Craft club", status="requested", is_public=False
    )
    await Closure(venue=venue.id, starts_on=saturday, ends_on=saturday, reason="Boiler repairs").save()
    violations: dict[str, list[dict[str, Any]]] = {}

    await sign_in(page, manager)
    await page.goto(f"/desk/venues/{venue.id}/hours")
    friday_rows = page.get_by_role("group", name="Friday")
    await friday_rows.get_by_label("Opens", exact=True).fill("09:00")
    await friday_rows.get_by_label("Closes").first.fill("21:00")
    for weekday in ("Monday", "Tuesday", "Wednesday", "Thursday", "Saturday", "Sunday"):
        await page.get_by_role("group", name=weekday).get_by_label("Closes").first.fill("23:00")
    await page.get_by_role("button", name="Save the opening hours").click()
    reached = page.get_by_role("region", name="Bookings this would leave outside the opening")
    await expect(reached).to_contain_text("Quiz night")
    violations["hours"] = await serious_violations(page)
    await reached.get_by_role("group", name="Quiz night").get_by_label("Keep it as an exception").check()
    await page.get_by_role("button", name="Save the hours and apply these choices").click()
    await expect(page.get_by_role("status")).to_contain_text("1 booking was kept as an exception")

    await page.goto(f"/desk/venues/{venue.id}")
    await page.locator(f"#request-{craft.id}").get_by_role("button", name="Confirm").click()
    await expect(page.get_by_role("alert")).to_contain_text("Boiler repairs")
    violations["confirm-anyway"] = await serious_violations(page)
    await page.get_by_role("button", name="Confirm anyway").click()
    await expect(page.get_by_role("status")).to_contain_text("confirmed")

    assert violations == {"hours": [], "confirm-anyway": []}


async def test_a_series_request_with_a_date_the_hall_is_shut_on_is_confirmed_anyway_from_the_desk(
    page: Any, factory: Factory
) -> None:
    manager, organiser = await factory.account("manager"), await factory.account("organiser")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall")
    hall = await factory.space(venue, name="Main hall", requires_approval=True, horizon_days=120)
    group = await factory.group(organiser, name="Marsh Mums")
    first = next_weekday(1, weeks_ahead=2)
    draft = SeriesDraft(
        hall.id, parse_rrule("FREQ=WEEKLY;COUNT=3"), first, time(10), time(12), title="Toddler group", group_id=group.id
    )
    await create_series(organiser.user, draft)
    shut = first + timedelta(weeks=1)
    await Closure(venue=venue.id, starts_on=shut, ends_on=shut, reason="Polling station").save()

    await sign_in(page, manager)
    await page.goto(f"/desk/venues/{venue.id}")
    await page.get_by_role("button", name="Confirm ticked dates of Toddler group").click()
    await expect(page.get_by_role("alert")).to_contain_text("Polling station")
    assert await serious_violations(page) == []
    await page.get_by_role("button", name="Confirm anyway").click()

    await expect(page.get_by_role("status")).to_contain_text("3 dates confirmed")
