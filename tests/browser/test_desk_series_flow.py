"""A manager answers a 16-week request in one go, sees the money first, and sets a group's tier, in Chromium."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from playwright.async_api import expect

from scheduling.models import Booking, GroupVenueTier
from scheduling.recurrence.rules import parse_rrule
from scheduling.series.create import SeriesDraft, create_series
from tests.browser.conftest import PHONE, screenshot_both, serious_violations
from tests.browser.test_flows import sign_in
from tests.factories import Factory
from tests.series_support import next_weekday
from venues.models import PriceTier

WEEKS = 16


async def tier(venue_id: int, kind: str) -> int:
    row = await PriceTier.select(PriceTier.id).where((PriceTier.venue == venue_id) & (PriceTier.kind == kind)).first()
    return int(row["id"])


async def test_a_sixteen_week_request_is_confirmed_in_one_action_with_one_date_declined(
    page: Any, factory: Factory
) -> None:
    manager, organiser = await factory.account("manager"), await factory.account("organiser")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall")
    space = await factory.space(venue, name="Main hall", requires_approval=True, horizon_days=400)
    await factory.rate(space, "standard", 2400)
    group = await factory.group(organiser, name="Marsh Mums")
    first = next_weekday(1)
    made = await create_series(
        organiser.user,
        SeriesDraft(
            space.id,
            parse_rrule(f"FREQ=WEEKLY;BYDAY=TU;COUNT={WEEKS}"),
            first,
            time(10),
            time(12),
            title="Birthday party",
            group_id=group.id,
            tier_id=await tier(venue.id, "free"),
        ),
    )
    series_id = made.series.id
    dates = [first + timedelta(weeks=n) for n in range(WEEKS)]
    kept_back = dates[4]

    await sign_in(page, manager)
    await page.goto(f"/desk/venues/{venue.id}")
    request = page.locator(f"#series-{series_id}")
    await expect(page.locator(".series-request")).to_have_count(1)
    await expect(request).to_contain_text("Every week on Tuesday, 16 times in all")
    await expect(request).to_contain_text("Cheaper tier asked for")
    await expect(request).to_contain_text("Standard: £768.00 for 16 dates")
    await expect(request.locator('input[name="date"]:checked')).to_have_count(WEEKS)
    assert await serious_violations(page) == []
    assert await screenshot_both(page, "desk-series-request") <= PHONE["width"]

    await request.locator(f'input[name="date"][value="{kept_back.isoformat()}"]').uncheck()
    await request.get_by_label("Confirm at the tier").select_option(str(await tier(venue.id, "standard")))
    await request.get_by_role("button", name="Confirm ticked dates of Birthday party").click()
    await expect(page.get_by_role("status")).to_have_text(
        "Birthday party, every week on Tuesday, 16 times in all: 15 dates confirmed."
    )

    remaining = page.locator(f"#series-{series_id}")
    await expect(remaining.locator('input[name="date"]')).to_have_count(1)
    await expect(remaining.locator('input[name="date"]')).to_have_value(kept_back.isoformat())
    await remaining.get_by_label("Note or reason to the booker").fill("The hall is taken for the fete that week")
    await remaining.get_by_role("button", name="Decline ticked dates of Birthday party").click()
    await expect(page.get_by_role("status")).to_contain_text("1 date declined.")
    await expect(page.get_by_text("No requests are waiting.")).to_be_visible()

    rows = await Booking.select(Booking.status, Booking.price_minor, Booking.status_reason).where(
        Booking.series == series_id
    )
    confirmed = [row for row in rows if row["status"] == "confirmed"]
    declined = [row for row in rows if row["status"] == "declined"]
    assert len(confirmed) == 15 and {row["price_minor"] for row in confirmed} == {4800}
    assert [row["status_reason"] for row in declined] == ["The hall is taken for the fete that week"]

    await page.get_by_role("link", name="Groups").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Little Marsh Village Hall: groups")
    assert await serious_violations(page) == []
    await page.set_viewport_size(PHONE)
    assert int(await page.evaluate("document.documentElement.scrollWidth")) <= PHONE["width"]
    await page.get_by_label("Tier for Marsh Mums").select_option(label="Community")
    await page.get_by_role("button", name="Save the tier for Marsh Mums").click()
    await expect(page.get_by_role("status")).to_contain_text("The group's tier is saved")
    agreed = await GroupVenueTier.select(GroupVenueTier.tier).where(GroupVenueTier.group == group.id)
    assert agreed == [{"tier": await tier(venue.id, "low_cost")}]
