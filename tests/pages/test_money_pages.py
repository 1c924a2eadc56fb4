"""The desk's money settings and treasurers, and an invoice's printable page and PDF, over HTTP as a browser."""

from __future__ import annotations

import html
import io
from datetime import UTC, datetime

import httpx
from pypdf import PdfReader

from tests.factories import Factory
from tests.invoice_support import HIRE_AND_PROJECTOR, write_invoice
from tests.pages.support import form_token, post_form, sign_in
from venues.billing.operations import policy_steps
from venues.billing.settings import money_settings
from venues.billing.treasurers import list_treasurers

FORM = {
    "vat_registered": "1",
    "vat_number": "gb123 456 789",
    "vat_rate": "20",
    "hire_vat_treatment": "exempt",
    "payment_terms_days": "21",
    "payment_instructions": "Banc Cymru\nSort code 12-34-56",
    "policy-days-0": "7",
    "policy-percent-0": "50",
    "policy-days-1": "14",
    "policy-percent-1": "100",
    "billing_name": "Neuadd Gŵyl",
    "billing_address": "Stryd Fawr\nLlanfair",
    "invoice_prefix": "NG",
    "credit_note_prefix": "NGC",
}


async def test_a_manager_saves_money_settings_on_the_desk(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    await sign_in(client, manager)
    url = f"/desk/venues/{venue.id}/money-settings"
    shown = await client.get(url)
    assert "opted to tax" in shown.text and "14 days or more before" in shown.text
    saved = await post_form(client, url, FORM, url)
    assert saved.status_code == 303 and saved.headers["location"] == f"{url}?saved=1"
    stored = await money_settings(venue.id)
    assert (stored.vat_number, stored.vat_rate_bp, stored.payment_terms_days) == ("GB123456789", 2000, 21)
    assert policy_steps(stored.cancellation_policy) == [(14, 100), (7, 50)]
    assert stored.payment_instructions == "Banc Cymru\nSort code 12-34-56"
    again = await client.get(f"{url}?saved=1")
    assert 'value="GB123456789"' in again.text and "are saved" in again.text


async def test_bad_money_settings_are_shown_with_the_problem_and_not_saved(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    await sign_in(client, manager)
    url = f"/desk/venues/{venue.id}/money-settings"
    refused = await post_form(client, url, {**FORM, "policy-days-1": "7"}, url)
    assert refused.status_code == 400
    assert "appears more than once" in refused.text and 'value="Neuadd Gŵyl"' in refused.text
    assert (await money_settings(venue.id)).vat_registered is False


async def test_a_treasurer_is_added_and_removed_on_the_managers_tab(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, treasurer = await factory.account(), await factory.account("treasurer")
    venue = await factory.venue(manager=manager)
    await sign_in(client, treasurer)
    assert (await client.get(f"/desk/venues/{venue.id}/money-settings")).status_code == 403
    await sign_in(client, manager)
    url = f"/desk/venues/{venue.id}/managers"
    nobody = await post_form(client, f"{url}/treasurers", {"treasurer_email": "nobody@example.org"}, url)
    assert nobody.status_code == 400 and "No confirmed account" in html.unescape(nobody.text)
    added = await post_form(client, f"{url}/treasurers", {"treasurer_email": treasurer.user.email}, url)
    assert added.status_code == 200 and "is now a treasurer" in added.text
    assert [t.user_id for t in await list_treasurers(venue.id)] == [treasurer.id]
    removed = await post_form(client, f"{url}/treasurers/{treasurer.id}/remove", {}, url)
    assert removed.status_code == 200 and await list_treasurers(venue.id) == []


async def test_the_printable_invoice_and_its_pdf_for_the_booker(client: httpx.AsyncClient, factory: Factory) -> None:
    booker, stranger = await factory.account("booker"), await factory.account("stranger")
    venue = await factory.venue(manager=await factory.account())
    space = await factory.space(venue)
    booking = await factory.booking(
        space, datetime(2027, 3, 6, 18, tzinfo=UTC), datetime(2027, 3, 6, 22, tzinfo=UTC), booked_by=booker.id
    )
    invoice = await write_invoice(venue.id, HIRE_AND_PROJECTOR, booking=booking.id, vat_number="GB123456789")
    url = f"/invoices/{invoice.id}"
    assert (await client.get(url)).status_code in (302, 303)  # signing in first
    await sign_in(client, stranger)
    assert (await client.get(url)).status_code == 403
    assert (await client.get(f"{url}/pdf")).status_code == 403
    await sign_in(client, booker)
    assert (await client.get("/invoices/999999")).status_code == 404
    shown = await client.get(url)
    assert shown.status_code == 200
    text = html.unescape(shown.text)
    for expected in ("Invoice INV-000042", "Gŵyl Dŷ Cymuned", "Total to pay: £120.00", "VAT number: GB123456789"):
        assert expected in text
    assert "including VAT of £6.67" in text and f'href="{url}/pdf"' in text and "Download PDF" in text
    pdf = await client.get(f"{url}/pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    pdf_text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "Invoice INV-000042" in pdf_text and "Gŵyl Dŷ Cymuned" in pdf_text and "£120.00" in pdf_text


async def test_the_money_settings_tab_is_on_every_desk_tab(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    await sign_in(client, manager)
    assert await form_token(client, f"/desk/venues/{venue.id}/money-settings")
    rates = await client.get(f"/desk/venues/{venue.id}/rates")
    assert f'href="/desk/venues/{venue.id}/money-settings"' in rates.text
