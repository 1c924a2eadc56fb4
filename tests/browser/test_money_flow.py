"""Money through the pages: a hirer asks for a party with the kitchen and a projector, accepts the hire terms and
answers the venue's questions; the manager confirms; a treasurer who is not a manager records a part payment,
takes the deposit and returns part of it; the invoice's PDF says what the printable invoice says.

Hand-computed (VAT-registered at 20%, hall hire and kitchen exempt, the projector standard-rated, prices
include VAT): four hours at £30.00 = £120.00 hire; kitchen £25.00 for the booking; one projector £12.00, which
contains £2.00 VAT (12.00 × 20 ÷ 120); price £157.00; the £50.00 deposit is a line of its own outside the
scope of VAT, so the invoice totals £207.00 with £2.00 VAT. The treasurer records £100.00, takes the £50.00
deposit and returns £30.00 of it (£20.00 kept for a broken glass): paid £150.00, owed 207 − 150 = £57.00.
"""

from __future__ import annotations

import io
from typing import Any

from playwright.async_api import expect
from pypdf import PdfReader

from scheduling.models import Booking, Invoice
from tests.browser.conftest import PHONE, screenshot_both, serious_violations
from tests.browser.test_flows import sign_in
from tests.factories import Factory
from tests.pages.support import next_weekday
from venues.billing.operations import MoneySettingsIn, save_money_settings
from venues.billing.treasurers import add_treasurer
from venues.extras.catalogue import add_extra
from venues.hire_terms.questions import QuestionDraft, add_question
from venues.hire_terms.terms import publish_terms
from venues.models import PriceTier, SpaceRate
from venues.vocabulary import QuestionKind, TierKind

TERMS = "The hirer leaves the hall clean and tidy.\nNo confetti."


async def check_page(tab: Any, name: str, found: dict[str, Any]) -> None:
    """axe's serious findings and the phone width of the page as it stands, kept by name for one assert."""
    violations = await serious_violations(tab)
    if violations:
        found[name] = violations
    width = await screenshot_both(tab, name)
    if width > PHONE["width"]:
        found[f"{name} is {width}px wide on a phone"] = width


async def test_a_party_with_extras_is_quoted_confirmed_invoiced_part_paid_and_its_deposit_part_returned(
    page: Any, factory: Factory
) -> None:
    manager, hirer, treasurer = (
        await factory.account("manager"),
        await factory.account("hirer"),
        await factory.account("treasurer"),
    )
    treasurer.user.email_verified = True
    await treasurer.user.save()
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall")
    hall = await factory.space(venue, name="Main hall", requires_approval=True)
    party = PriceTier(venue=venue.id, kind=str(TierKind.commercial), name="Private party", position=9)
    await party.save()
    await SpaceRate(space=hall.id, tier=party.id, hourly_rate_minor=3000, deposit_minor=5000).save()
    await add_extra(
        venue.id, {"name": "Kitchen use", "unit": "booking", "price_minor": 2500, "vat_treatment": "exempt"}
    )
    await add_extra(
        venue.id, {"name": "Projector", "unit": "item", "price_minor": 1200, "stock": 2, "vat_treatment": "standard"}
    )
    await publish_terms(venue.id, TERMS, manager.id)
    await add_question(
        venue.id, QuestionDraft("Will alcohol be served?", QuestionKind.yes_no, required=True, position=0)
    )
    await add_question(venue.id, QuestionDraft("Is a DBS-checked adult present?", QuestionKind.yes_no, position=1))
    await save_money_settings(
        venue.id,
        MoneySettingsIn(
            vat_registered=True,
            vat_number="GB123456789",
            vat_rate_bp=2000,
            hire_vat_treatment="exempt",
            payment_terms_days=14,
            billing_name="Little Marsh Village Hall CIO",
            billing_address="Church Lane\nLittle Marsh",
            invoice_prefix="LM",
        ),
    )
    await add_treasurer(venue.id, treasurer.user.email)
    club = await factory.group(hirer, name="Marsh Cricket Club", billing_name="Marsh Cricket Club (treasurer)")
    saturday = next_weekday(5, weeks_ahead=3)
    found: dict[str, Any] = {}

    # The hirer: time, tier and extras, the quote, then the terms and the answers.
    await sign_in(page, hirer)
    await page.goto(f"/book/spaces/{hall.id}?date={saturday.isoformat()}&start=19:00&end=23:00")
    await page.get_by_label("Booking for").select_option(label="Marsh Cricket Club")
    await page.get_by_label("Price tier", exact=True).select_option(label="Private party")
    await page.get_by_label("Kitchen use (£25.00 for the booking)").check()
    await page.get_by_label("Projector: how many?").fill("1")
    await page.get_by_role("button", name="Check the price").click()
    quote = page.locator("#quote")
    await expect(quote).to_contain_text("Price: £157.00")
    lines = quote.locator("li")
    await expect(lines).to_have_count(3)
    await expect(lines.nth(0)).to_contain_text("£120.00")
    await expect(lines.nth(1)).to_contain_text("Kitchen use")
    await expect(lines.nth(1)).to_contain_text("£25.00")
    await expect(lines.nth(2)).to_contain_text("Projector, 1 × £12.00: £12.00")
    await expect(quote).to_contain_text("Returnable deposit: £50.00")
    await check_page(page, "money-flow-book-party-quote", found)

    await page.get_by_label("What is it called?").fill("Cricket club summer party")
    await page.get_by_label("How many people?").fill("40")
    await page.get_by_role("group", name="Will alcohol be served? (required)").get_by_label("Yes").check()
    await page.get_by_role("group", name="Is a DBS-checked adult present?").get_by_label("No").check()
    await page.get_by_label("I accept the hire terms (version 1)").check()
    await page.get_by_role("button", name="Send the request").click()
    await expect(page.get_by_role("heading", level=1)).to_be_visible()
    booking = await Booking.objects().where(Booking.venue == venue.id).first()
    assert booking is not None and booking.status == "requested" and booking.group == club.id

    # The manager sees the extras, the terms accepted and the answers, and confirms.
    await page.context.clear_cookies()
    await sign_in(page, manager)
    await page.goto(f"/desk/venues/{venue.id}")
    request = page.locator(f"#request-{booking.id}")
    await expect(request).to_contain_text("Kitchen use, Projector")
    await expect(request).to_contain_text("Version 1 accepted by Hirer")
    await expect(request).to_contain_text("Will alcohol be served?")
    facts = await request.locator("dl").inner_text()
    assert "Will alcohol be served?\nYes" in facts and "Is a DBS-checked adult present?\nNo" in facts, facts
    await check_page(page, "money-flow-desk-party-request", found)
    await request.get_by_role("button", name="Confirm").click()
    await expect(page.get_by_role("status")).to_contain_text("confirmed")
    invoice = await Invoice.objects().where(Invoice.venue == venue.id).first()
    assert invoice is not None and invoice.total_minor == 20700 and invoice.vat_minor == 200

    # The treasurer (not a manager) sees the Money and Invoices tabs only, and records the money.
    await page.context.clear_cookies()
    await sign_in(page, treasurer)
    await page.goto("/desk")
    await page.get_by_role("link", name="Little Marsh Village Hall").first.click()
    tabs = page.get_by_role("navigation", name="Little Marsh Village Hall desk")
    await expect(tabs.get_by_role("link", name="Requests")).to_have_count(0)
    await tabs.get_by_role("link", name="Money", exact=True).click()
    await expect(page.get_by_role("heading", name="Deposits due and held")).to_be_visible()
    await check_page(page, "money-flow-desk-money", found)

    await page.get_by_label("Money", exact=True).select_option("payment")
    await page.get_by_label("How", exact=True).select_option("bank_transfer")
    await page.get_by_label("Amount (pounds)").fill("100.00")
    await page.get_by_label("Group", exact=True).select_option(label="Marsh Cricket Club")
    await page.get_by_label("Reference").fill("MCC-0001")
    await page.get_by_role("button", name="Record it").click()
    await expect(page.get_by_role("status")).to_contain_text("The payment is recorded.")

    await page.get_by_role("button", name="Take the deposit for Cricket club summer party").click()
    await expect(page.get_by_role("status")).to_contain_text("The deposit is taken.")
    await page.get_by_label("Return (pounds)").fill("30.00")
    await page.get_by_label("Why anything is kept (the hirer is told)").fill("A broken glass.")
    await page.get_by_role("button", name="Return or keep the deposit for Cricket club summer party").click()
    await expect(page.get_by_role("status")).to_contain_text("The deposit is settled.")
    await expect(page.get_by_text("No deposits are due or held.")).to_be_visible()

    balance = page.get_by_role("region", name="Balances by group").get_by_role("row", name="Marsh Cricket Club")
    cells = [text.strip() for text in await balance.locator("td").all_inner_texts()]
    # Group, invoiced, credited, paid, refunded (not the deposit), owed, deposits held.
    assert cells == ["Marsh Cricket Club", "£207.00", "£0.00", "£150.00", "£0.00", "£57.00", "£0.00"]
    await check_page(page, "money-flow-desk-money-after", found)

    # The invoice: listed on the Invoices tab, printable, and its PDF.
    await tabs.get_by_role("link", name="Invoices").click()
    row = page.get_by_role("row", name=invoice.reference)
    cells = [text.strip() for text in await row.locator("td").all_inner_texts()]
    # Date, billed to, total, VAT, due, owed: 207.00 less the 150.00 paid (the deposit's return is no payment
    # back on the invoice).
    assert cells[1:4] == ["Marsh Cricket Club (treasurer)", "£207.00", "£2.00"] and cells[5] == "£57.00", cells
    await check_page(page, "money-flow-desk-invoices", found)
    await page.get_by_role("link", name=invoice.reference).click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text(invoice.reference)
    await check_page(page, "money-flow-invoice", found)
    pdf_link = page.get_by_role("link", name="Download PDF")
    response = await page.request.get(await pdf_link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(await response.body())).pages)
    flat = " ".join(text.split())
    assert invoice.reference.startswith("LM")
    for expected in (
        invoice.reference,
        "Marsh Cricket Club (treasurer)",
        "Little Marsh Village Hall CIO",
        "GB123456789",
        "Kitchen use",
        "Projector",
        "Returnable deposit",
        "£120.00",
        "£25.00",
        "£12.00",
        "£50.00",
        "£2.00",
        "£207.00",
    ):
        assert expected in flat, (expected, flat)

    assert found == {}
