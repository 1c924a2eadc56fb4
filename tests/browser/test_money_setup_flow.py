"""Setting up money through the pages: a manager fills in the money settings, adds a treasurer, publishes hire
terms with a question, adds an extra and an evening rate band with a deposit; the treasurer bills a group
monthly, issues the month's invoice and a credit note and downloads the CSV; the group's organiser sets the
billing details and reads the group's statement at the venue.

Hand-computed: the group's Tuesday morning, 10:00-12:00 at £30.00 an hour, is £60.00 (the evening band, Fridays
18:00-23:00, does not reach it), and the £50.00 deposit the manager sets is a line of its own: the monthly
invoice totals £110.00 with no VAT (hall hire is exempt). A £10.00 credit note leaves £100.00 owed.
"""

from __future__ import annotations

from typing import Any

from playwright.async_api import expect

from scheduling.bookings.workflow import confirm_booking
from scheduling.models import Invoice
from tests.browser.conftest import serious_violations
from tests.browser.test_flows import sign_in
from tests.factories import Factory
from tests.pages.support import london, next_weekday
from venues.models import PriceTier, SpaceRate
from venues.vocabulary import TierKind


async def test_money_is_set_up_billed_monthly_credited_and_read_on_the_statement_through_the_pages(
    page: Any, live_server: str, factory: Factory
) -> None:
    manager, organiser, treasurer = (
        await factory.account("manager"),
        await factory.account("organiser"),
        await factory.account("treasurer"),
    )
    treasurer.user.email_verified = True
    await treasurer.user.save()
    venue = await factory.venue(manager=manager, name="Little Marsh Village Hall")
    hall = await factory.space(venue, name="Main hall", requires_approval=True)
    party = PriceTier(venue=venue.id, kind=str(TierKind.commercial), name="Private party", position=9)
    await party.save()
    await SpaceRate(space=hall.id, tier=party.id, hourly_rate_minor=3000).save()
    club = await factory.group(organiser, name="Marsh Cricket Club")
    tuesday = next_weekday(1, weeks_ahead=2)
    morning = await factory.booking(
        hall,
        london(tuesday, 10),
        london(tuesday, 12),
        title="Cricket club committee",
        status="requested",
        group=club.id,
        tier=party.id,
        booked_by=organiser.id,
    )

    # The manager: money settings.
    await sign_in(page, manager)
    await page.goto(f"/desk/venues/{venue.id}")
    tabs = page.get_by_role("navigation", name="Little Marsh Village Hall desk")
    await tabs.get_by_role("link", name="Money settings").click()
    await page.get_by_label("The venue is registered for VAT").check()
    await page.get_by_label("VAT number").fill("GB123456789")
    await page.get_by_label("Days to pay after an invoice is issued").fill("21")
    await page.get_by_label("Row 1: days or more before").fill("14")
    await page.get_by_label("Row 1: percent back").fill("100")
    await page.get_by_label("Name on invoices").fill("Little Marsh Village Hall CIO")
    await page.get_by_role("button", name="Save the money settings").click()
    await expect(page.get_by_role("status")).to_contain_text("The money settings are saved.")
    await expect(page.get_by_label("The venue is registered for VAT")).to_be_checked()
    await expect(page.get_by_label("VAT number")).to_have_value("GB123456789")
    await expect(page.get_by_label("Days to pay after an invoice is issued")).to_have_value("21")
    await expect(page.get_by_label("Row 1: days or more before")).to_have_value("14")
    await expect(page.get_by_label("Row 1: percent back")).to_have_value("100")
    await expect(page.get_by_label("Name on invoices")).to_have_value("Little Marsh Village Hall CIO")
    assert await serious_violations(page) == []

    # Managers: a treasurer by email.
    await tabs.get_by_role("link", name="Managers").click()
    await page.get_by_label("Add a treasurer by their account's email address").fill(treasurer.user.email)
    await page.get_by_role("button", name="Add the treasurer").click()
    await expect(page.get_by_role("button", name=f"Remove {treasurer.user.email} as treasurer")).to_be_visible()
    assert await serious_violations(page) == []

    # Hire terms and a required yes/no question.
    await tabs.get_by_role("link", name="Hire terms").click()
    await page.get_by_label("Text of the hire terms").fill("The hirer leaves the hall clean and tidy.")
    await page.get_by_role("button", name="Publish as version 1").click()
    await expect(page.get_by_role("status")).to_contain_text("The new version of the hire terms is published")
    await expect(page.get_by_label("Text of the hire terms")).to_have_value("The hirer leaves the hall clean and tidy.")
    await expect(page.get_by_role("button", name="Publish as version 2")).to_be_visible()
    form = page.get_by_role("form", name="Add a question")
    await form.get_by_label("Question", exact=True).fill("Will alcohol be served?")
    await form.get_by_label("Answer", exact=True).select_option(label="Yes or no")
    await form.get_by_label("An answer is required").check()
    await form.get_by_role("button", name="Add the question").click()
    await expect(page.get_by_role("status")).to_contain_text("The question was added.")
    await expect(page.get_by_text("Will alcohol be served? (Yes or no, required)")).to_be_visible()
    assert await serious_violations(page) == []

    # Extras: a projector with stock.
    await tabs.get_by_role("link", name="Extras").click()
    await page.get_by_label("Name", exact=True).last.fill("Projector")
    await page.get_by_label("Priced").last.select_option(label="per item")
    await page.get_by_label("Price in pounds").last.fill("12.00")
    await page.get_by_label("Stock (empty for unlimited)").last.fill("2")
    await page.get_by_role("button", name="Add the extra").click()
    await expect(page.get_by_role("status")).to_contain_text("The extra is added.")
    await expect(page.get_by_role("button", name="Save Projector")).to_be_visible()
    await expect(page.get_by_label("Stock (empty for unlimited)").first).to_have_value("2")
    assert await serious_violations(page) == []

    # Charges: an evening band and a deposit.
    await tabs.get_by_role("link", name="Charges").click()
    await page.get_by_label("Tier", exact=True).select_option(label="Private party")
    await page.get_by_label("Kind", exact=True).select_option(label="Rate band")
    await page.get_by_label("Name hirers read (optional, e.g. Evening)").fill("Evening")
    await page.get_by_label("Amount in pounds (for a band: its hourly rate)").fill("40.00")
    await page.get_by_label("Friday", exact=True).check()
    await page.get_by_label("For a band: from (HH:MM, venue time)").fill("18:00")
    await page.get_by_label("For a band: until (00:00 is midnight; a band through midnight is two rules)").fill("23:00")
    await page.get_by_role("button", name="Add the rule").click()
    await expect(page.get_by_role("status")).to_contain_text("The rule is added.")
    await expect(page.get_by_text("Evening: £40.00 an hour on Fri, 18:00–23:00")).to_be_visible()
    await page.get_by_label("Private party", exact=True).fill("50.00")
    await page.get_by_role("button", name="Save the deposits for Main hall").click()
    await expect(page.get_by_role("status")).to_contain_text("The deposits are saved.")
    await expect(page.get_by_text("£30.00 an hour; deposit £50.00.")).to_be_visible()
    assert await serious_violations(page) == []

    # The treasurer bills the club monthly; the manager's confirmation then issues no invoice of its own.
    await page.context.clear_cookies()
    await sign_in(page, treasurer)
    await page.goto(f"/desk/venues/{venue.id}/invoices")
    await page.get_by_label("Billing for Marsh Cricket Club").select_option(label="Monthly")
    await page.get_by_role("button", name="Save the billing for Marsh Cricket Club").click()
    await expect(page.get_by_role("status")).to_contain_text("The group's billing is saved.")
    await expect(page.get_by_label("Billing for Marsh Cricket Club")).to_have_value("1")
    assert await serious_violations(page) == []

    await confirm_booking(manager.user, morning.id)
    assert await Invoice.count().where(Invoice.venue == venue.id) == 0

    await page.get_by_label("Month", exact=True).fill(tuesday.strftime("%Y-%m"))
    await page.get_by_role("button", name="Issue monthly invoices for").click()
    await expect(page.get_by_role("status")).to_contain_text("1 monthly invoice issued.")
    invoice = await Invoice.objects().where(Invoice.venue == venue.id).first()
    assert invoice is not None and invoice.group == club.id and invoice.total_minor == 11000, invoice
    row = page.get_by_role("row", name=invoice.reference)
    cells = [text.strip() for text in await row.locator("td").all_inner_texts()]
    # Date, billed to, total, VAT, due, owed, credit.
    assert cells[1:4] == ["Marsh Cricket Club", "£110.00", "£0.00"] and cells[5] == "£110.00", cells
    assert await serious_violations(page) == []

    await row.locator("summary").click()
    await page.get_by_label(f"Amount to credit on {invoice.reference} (£)").fill("10.00")
    await page.get_by_label("Reason").fill("The committee left early.")
    await page.get_by_role("button", name=f"Issue credit note on {invoice.reference}").click()
    await expect(page.get_by_role("status")).to_contain_text("Credit note")
    note = await Invoice.objects().where((Invoice.venue == venue.id) & (Invoice.id != invoice.id)).first()
    assert note is not None and note.kind == "credit_note" and note.total_minor == 1000, note
    await expect(page.get_by_role("row", name=note.reference)).to_contain_text("(credit note)")
    assert await serious_violations(page) == []

    await (
        page.get_by_role("navigation", name="Little Marsh Village Hall desk")
        .get_by_role("link", name="Money", exact=True)
        .click()
    )
    csv_link = page.get_by_role("link", name="Download every invoice line and payment (CSV)")
    response = await page.request.get(await csv_link.get_attribute("href"))
    assert response.status == 200
    csv = await response.text()
    assert any(invoice.reference in line and "Marsh Cricket Club" in line for line in csv.splitlines()), csv
    assert any(note.reference in line for line in csv.splitlines()), csv
    assert await serious_violations(page) == []

    # The organiser: billing details, then the statement at the venue.
    await page.context.clear_cookies()
    await sign_in(page, organiser)
    await page.goto(f"/groups/{club.id}")
    await page.get_by_label("Name on invoices").fill("Marsh Cricket Club (treasurer)")
    await page.get_by_label("Billing address").fill("The Pavilion\nLittle Marsh")
    await page.get_by_role("button", name="Save the billing details").click()
    await expect(page.get_by_role("status")).to_contain_text("The billing details are saved.")
    await expect(page.get_by_label("Name on invoices")).to_have_value("Marsh Cricket Club (treasurer)")
    await expect(page.get_by_label("Billing address")).to_have_value("The Pavilion\nLittle Marsh")
    assert await serious_violations(page) == []

    await page.get_by_role("link", name="What Marsh Cricket Club owes Little Marsh Village Hall").click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Marsh Cricket Club: statement at")
    await expect(page.get_by_role("link", name=invoice.reference)).to_be_visible()
    await expect(page.get_by_role("link", name=note.reference)).to_be_visible()
    await expect(page.get_by_text("Owed now: £100.00")).to_be_visible()
    assert await serious_violations(page) == []
