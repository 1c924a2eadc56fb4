"""A site admin defines an area from the desk: creates it, picks two venues (one found by the search box) and
names an officer, who then finds the area on their account page."""

from __future__ import annotations

from typing import Any

from playwright.async_api import expect

from tests.browser.conftest import PHONE, serious_violations
from tests.browser.test_flows import sign_in
from tests.factories import Factory
from venues.models import Area, AreaOfficer, AreaVenue


async def test_an_admin_creates_an_area_adds_two_venues_and_an_officer(page: Any, factory: Factory) -> None:
    admin = await factory.account("admin", admin=True)
    officer = await factory.account("officer")
    bay = await factory.venue(name="Bay Hall")
    acorn = await factory.venue(name="Acorn Hall")
    await factory.venue(name="Zephyr Pavilion")
    await sign_in(page, admin)
    await page.set_viewport_size(PHONE)
    await page.goto("/desk")
    await page.get_by_role("link", name="Areas").click()
    await page.get_by_label("Name", exact=True).fill("Marsh Valley Halls")
    await page.get_by_label("Description (public)").fill("Halls along the marsh")
    await page.get_by_role("button", name="Create the area").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Marsh Valley Halls")
    await expect(page.get_by_role("status")).to_contain_text("The area is created")
    assert await serious_violations(page) == []

    await page.get_by_label("Venue", exact=True).select_option(label="Bay Hall")
    await page.get_by_role("button", name="Add the venue").click()
    await expect(page.get_by_role("status")).to_contain_text("The venue is in the area")
    await page.get_by_label("Find venues by name").fill("acorn")
    await page.get_by_role("button", name="Find", exact=True).click()
    choices = page.get_by_label("Venue (names with “acorn”)")
    await expect(choices.locator("option")).to_have_count(1)
    await choices.select_option(label="Acorn Hall")
    await page.get_by_role("button", name="Add the venue").click()
    await expect(page.get_by_role("status")).to_contain_text("The venue is in the area")
    await expect(page.get_by_role("button", name="Take out Acorn Hall")).to_be_visible()
    await expect(page.get_by_role("button", name="Take out Bay Hall")).to_be_visible()

    await page.get_by_label("Email address of their account").fill(officer.user.email)
    await page.get_by_role("button", name="Name the officer").click()
    await expect(page.get_by_role("status")).to_contain_text("The officer is named")
    await expect(page.get_by_text(f"({officer.user.email})")).to_be_visible()
    assert await serious_violations(page) == []

    area = await Area.objects().first()
    assert area is not None and area.slug == "marsh-valley-halls"
    venues = await AreaVenue.select(AreaVenue.venue).where(AreaVenue.area == area.id)
    assert sorted(row["venue"] for row in venues) == sorted([bay.id, acorn.id])
    assert await AreaOfficer.exists().where((AreaOfficer.area == area.id) & (AreaOfficer.user == officer.id))

    await page.context.clear_cookies()
    await sign_in(page, officer)
    await page.goto("/account")
    await expect(page.get_by_role("link", name="Marsh Valley Halls: report")).to_have_attribute(
        "href", f"/areas/{area.id}/report"
    )
