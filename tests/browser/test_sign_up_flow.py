"""A new person signs up, confirms the address through the link in the message, and asks to book a
space; every account page they pass is axe-clean at phone and desktop width and fits the phone."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import expect

from tests.accounts_support import STRONG_PASSWORD, last_link
from tests.browser.conftest import DESKTOP, PHONE, serious_violations
from tests.browser.test_flows import short_day, sign_in
from tests.factories import Factory
from tests.mail_support import sent_to
from tests.pages.support import days_ahead

EMAIL = "newcomer@example.org"


async def check_both_widths(page: Any, name: str, problems: dict[str, Any]) -> None:
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        await page.set_viewport_size(size)
        found = await serious_violations(page)
        if found:
            problems[f"{name} ({label})"] = found
        if label == "phone":
            width = int(await page.evaluate("document.documentElement.scrollWidth"))
            if width > PHONE["width"]:
                problems[f"{name} (phone width)"] = width


async def test_a_new_person_signs_up_confirms_the_address_and_asks_to_book(
    page: Any, browser: Any, live_server: str, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall")
    space = await factory.space(venue, name="Main hall")
    problems: dict[str, Any] = {}

    await page.goto("/sign-in")
    await page.get_by_role("link", name="Sign up", exact=True).first.click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Sign up")
    await check_both_widths(page, "sign-up", problems)
    await page.get_by_label("Your name").fill("Nia Newcomer")
    await page.get_by_label("Email address").fill(EMAIL)
    await page.get_by_label("Choose a password").fill(STRONG_PASSWORD)
    await page.get_by_role("button", name="Sign up").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    await check_both_widths(page, "sign-up-sent", problems)

    link = await last_link(EMAIL, "account_verify", "/verify-email/")
    await page.goto(urlsplit(link).path)
    await check_both_widths(page, "verify", problems)
    await page.get_by_role("button", name="Confirm my address").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Your address is confirmed")

    await page.goto("/sign-in")
    await page.get_by_label("Email address").fill(EMAIL)
    await page.get_by_label("Password").fill(STRONG_PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_text("Signed in as Nia Newcomer")).to_be_visible()

    await page.goto("/account")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    await check_both_widths(page, "account", problems)
    await page.goto("/account/delete")
    await check_both_widths(page, "account-delete", problems)
    await page.goto("/forgot-password")
    await check_both_widths(page, "forgot-password", problems)

    day = days_ahead(9)
    await page.goto(f"/book/spaces/{space.id}?week={day.isoformat()}")
    await page.get_by_role("link", name=f"Free {short_day(day)} 10:00").click()
    await page.get_by_label("Ends").fill("12:00")
    await page.get_by_label("What is it called?").fill("Knitting circle")
    await page.get_by_label("How many people?").fill("8")
    await page.get_by_role("button", name="Send the request").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Request sent")
    assert problems == {}

    # The manager's email, as the outbox holds it, links to the desk, where the browser finds the request.
    (told,) = await sent_to(manager.user.email)
    assert told.kind == "new_request" and "Knitting circle" in told.subject
    assert "Nia Newcomer" in told.text and EMAIL in told.text
    links = re.findall(r'href="([^"]+)"', told.html)
    assert links == [f"{live_server}/desk/venues/{venue.id}"]
    context = await browser.new_context(base_url=live_server, viewport=PHONE)
    try:
        desk = await context.new_page()
        await sign_in(desk, manager)
        await desk.goto(links[0])
        request = desk.locator("[id^=request-]")
        await expect(request).to_contain_text("Knitting circle")
        await expect(request.get_by_role("button", name="Confirm")).to_be_visible()
        assert await serious_violations(desk) == []
    finally:
        await context.close()


async def test_inviting_joining_and_withdrawing_are_walked_on_the_pages_and_are_axe_clean(
    page: Any, factory: Factory
) -> None:
    organiser, asker = await factory.account("organiser"), await factory.account("asker")
    venue = await factory.venue(manager=organiser, name="Little Marsh Village Hall")
    group = await factory.group(organiser, name="Marsh Coffee Morning")
    problems: dict[str, Any] = {}

    await sign_in(page, asker)
    await page.goto(f"/groups/{group.id}")
    await check_both_widths(page, "group-ask", problems)
    await page.get_by_label("A note for the organisers (optional)").fill("I bake")
    await page.get_by_role("button", name="Ask to join").click()
    await expect(page.get_by_role("status")).to_contain_text("You have asked to join")

    await page.context.clear_cookies()
    await sign_in(page, organiser)
    await page.goto(f"/groups/{group.id}")
    await check_both_widths(page, "group-organiser", problems)
    await page.get_by_role("button", name=f"Approve {asker.user.display_name}").click()
    await expect(page.get_by_role("status")).to_contain_text("approved")
    await page.goto(f"/desk/venues/{venue.id}/managers")
    await check_both_widths(page, "desk-managers", problems)
    await page.get_by_label("Their email address").fill(asker.user.email)
    await page.get_by_role("button", name="Send the invitation").click()
    await expect(page.get_by_role("status")).to_contain_text("on its way")
    # A second invitation, sent by mistake, is withdrawn from the same tab: its link stops working.
    await page.get_by_label("Their email address").fill("typo@example.org")
    await page.get_by_role("button", name="Send the invitation").click()
    await expect(page.get_by_role("status")).to_contain_text("on its way")
    mistaken = await last_link("typo@example.org", "invitation_manager", "/invitations/")
    await page.get_by_role("button", name="Withdraw the invitation to typo@example.org").click()
    await expect(page.get_by_text("typo@example.org")).to_have_count(0)
    assert problems == {}

    # The invited person follows the emailed link, signed in with that address, and runs the venue's desk.
    invitation = await last_link(asker.user.email, "invitation_manager", "/invitations/")
    await page.context.clear_cookies()
    await sign_in(page, asker)
    await page.goto(urlsplit(invitation).path)
    await page.get_by_role("button", name="Accept the invitation").click()
    await expect(page).to_have_url(re.compile(f"/desk/venues/{venue.id}$"))
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Little Marsh Village Hall")
    withdrawn = await page.goto(urlsplit(mistaken).path)
    assert withdrawn is not None and withdrawn.status >= 400
    await expect(page.get_by_role("button", name="Accept the invitation")).to_have_count(0)
