"""The desk's spaces pages in Chromium at phone and desktop width: a space's whole form, stricter rules listing the
bookings they break, the bookings in the way of archiving, and a space's own hours with the bookings they reach;
no serious or critical axe-core violations and nothing wider than a phone's screen on any of them."""

from __future__ import annotations

from typing import Any

from playwright.async_api import expect

from scheduling.models import Booking
from tests.browser.conftest import DESKTOP, PHONE, screenshot_both, serious_violations
from tests.browser.test_flows import sign_in
from tests.factories import Factory
from tests.pages.support import london, next_weekday
from venues.models import Space, SpacePart
from venues.opening.hours import weekly_hours


async def at_both_widths(
    page: Any, name: str, violations: dict[str, list[dict[str, Any]]], too_wide: dict[str, int]
) -> None:
    """axe at phone width and at desktop width, the page's width on the phone, and its screenshots."""
    await page.set_viewport_size(PHONE)
    violations[f"{name}-phone"] = await serious_violations(page)
    await page.set_viewport_size(DESKTOP)
    violations[f"{name}-desktop"] = await serious_violations(page)
    width = await screenshot_both(page, name)
    if width > PHONE["width"]:
        too_wide[name] = width


async def test_the_spaces_pages_edit_every_setting_and_own_hours_and_pass_axe_at_phone_and_desktop_width(
    page: Any, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall")
    main = await factory.space(venue, name="Main hall", capacity=100, max_booking_minutes=480)
    small = await factory.space(venue, name="Small hall")
    whole = await factory.space(venue, name="Whole hall")
    await SpacePart.insert(SpacePart(combined=whole.id, part=main.id), SpacePart(combined=whole.id, part=small.id))
    day = next_weekday(2, weeks_ahead=2)
    jumble = await factory.booking(main, london(day, 10), london(day, 14), title="Jumble sale", booker_name="Ann")
    await factory.booking(small, london(day, 18), london(day, 20), title="Choir")
    violations: dict[str, list[dict[str, Any]]] = {}
    too_wide: dict[str, int] = {}

    await sign_in(page, manager)
    await page.goto(f"/desk/venues/{venue.id}")
    await page.get_by_role("link", name="Spaces", exact=True).click()
    await at_both_widths(page, "desk-spaces-every-setting", violations, too_wide)

    section = page.get_by_role("region", name="Main hall")
    await section.get_by_label("Description (residents see this)").fill("Sprung floor.\nStage at one end.")
    await section.get_by_label("Longest booking (minutes)").fill("180")
    await section.get_by_label("Hearing loop").check()
    await section.get_by_role("button", name="Save Main hall").click()
    reached = page.get_by_role("region", name="Bookings these rules would break")
    await expect(reached).to_contain_text("Jumble sale")
    await expect(reached).to_contain_text("Bookings of Main hall would last at most 3 h.")
    await at_both_widths(page, "desk-space-rules-affect-bookings", violations, too_wide)
    await reached.get_by_role("group", name="Jumble sale").get_by_label("Keep it as an exception").check()
    await page.get_by_role("button", name="Save Main hall and apply these choices").click()
    await expect(page.get_by_role("status")).to_contain_text("1 booking was kept as an exception")
    stored = await Space.objects().get(Space.id == main.id)
    assert (stored.max_booking_minutes, stored.description, stored.accessibility) == (
        180,
        "Sprung floor.\nStage at one end.",
        ["hearing_loop"],
    )

    await page.get_by_role("region", name="Small hall").get_by_role("button", name="Archive Small hall").click()
    in_the_way = page.get_by_role("region", name="Bookings in the way")
    await expect(in_the_way.get_by_role("link", name="Choir")).to_be_visible()
    await at_both_widths(page, "desk-space-bookings-in-the-way", violations, too_wide)

    await page.goto(f"/desk/venues/{venue.id}/spaces")
    await page.get_by_role("link", name="Change the opening hours of Main hall").click()
    await expect(page.get_by_label("Follows the venue's opening hours")).to_be_checked()
    await at_both_widths(page, "desk-space-hours", violations, too_wide)
    await page.get_by_label("Its own weekly hours").check()
    wednesday = page.get_by_role("group", name="Wednesday")
    await wednesday.get_by_label("Opens", exact=True).fill("18:00")
    await wednesday.get_by_label("Closes").first.fill("01:00")
    thursday = page.get_by_role("group", name="Thursday")  # the late finish runs into Thursday: shut it that day
    await thursday.get_by_label("Opens", exact=True).fill("")
    await thursday.get_by_label("Closes").first.fill("")
    await page.get_by_role("button", name="Save the opening hours").click()
    hours_reached = page.get_by_role("region", name="Bookings this would leave outside the opening")
    await expect(hours_reached).to_contain_text("Jumble sale")
    await at_both_widths(page, "desk-space-hours-affect-bookings", violations, too_wide)
    await page.get_by_label("For every booking not chosen above").select_option("cancel")
    await page.get_by_label("Why they are cancelled (their bookers see this)").fill("Main hall is evenings only now.")
    await page.get_by_role("button", name="Save the hours and apply these choices").click()
    await expect(page.get_by_role("status")).to_contain_text("1 booking was cancelled")

    assert violations == {name: [] for name in violations}
    assert too_wide == {}
    assert (await Booking.objects().get(Booking.id == jumble.id)).status == "cancelled"
    own = [(i.weekday, f"{i.opens:%H:%M}", f"{i.closes:%H:%M}") for i in await weekly_hours(venue.id, main.id)]
    assert (2, "18:00", "01:00") in own and not [row for row in own if row[0] == 3]
