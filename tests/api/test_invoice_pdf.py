"""An invoice as a PDF: its text (reference, Welsh names, amounts, VAT) as a reader extracts it, and who may fetch it."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import httpx
from pypdf import PdfReader

from tests.factories import Factory
from tests.invoice_support import HIRE_AND_PROJECTOR, write_invoice
from venues.billing.operations import MoneySettingsIn, save_money_settings


def pdf_text(body: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


async def test_the_pdf_shows_reference_billed_to_amounts_and_vat(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    await save_money_settings(
        venue.id,
        MoneySettingsIn(
            vat_registered=True, vat_number="GB123456789", payment_instructions="Sort code 12-34-56, account 87654321"
        ),
    )
    invoice = await write_invoice(venue.id, HIRE_AND_PROJECTOR, vat_number="GB123456789")
    response = await client.get(f"/api/v1/invoices/{invoice.id}/pdf", headers=manager.headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    assert "Invoice INV-000042" in text
    assert "Gŵyl Dŷ Cymuned" in text and "Tŷ Capel" in text
    assert "Total to pay: £120.00" in text
    assert "£80.00" in text and "£40.00" in text
    assert "VAT number: GB123456789" in text
    assert "including VAT of £6.67" in text
    assert "Standard rate 20% £33.33 £6.67 £40.00" in text  # the VAT summary: before VAT, VAT, amount
    assert "Sort code 12-34-56, account 87654321" in text


async def test_an_unregistered_venues_pdf_shows_no_vat(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    lines = [{**HIRE_AND_PROJECTOR[0]}]
    invoice = await write_invoice(venue.id, lines, reference="INV-000007", number=7)
    text = pdf_text((await client.get(f"/api/v1/invoices/{invoice.id}/pdf", headers=manager.headers)).content)
    assert "Invoice INV-000007" in text and "Total to pay: £80.00" in text
    assert "VAT number" not in text and "VAT summary" not in text and "including VAT" not in text


async def test_a_credit_note_names_the_invoice_it_credits(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    invoice = await write_invoice(venue.id, HIRE_AND_PROJECTOR)
    credit = await write_invoice(
        venue.id, HIRE_AND_PROJECTOR[:1], kind="credit_note", number=1, reference="CN-000001", credits=invoice.id
    )
    text = pdf_text((await client.get(f"/api/v1/invoices/{credit.id}/pdf", headers=manager.headers)).content)
    assert "Credit note CN-000001" in text and "Credits invoice INV-000042" in text
    assert "Total credited: £80.00" in text


async def test_who_may_fetch_an_invoice(client: httpx.AsyncClient, factory: Factory) -> None:
    manager, booker, organiser, treasurer, stranger = [await factory.account() for _ in range(5)]
    venue = await factory.venue(manager=manager)
    await client.post(
        f"/api/v1/venues/{venue.id}/treasurers", json={"email": treasurer.user.email}, headers=manager.headers
    )
    other_manager = await factory.account()
    await factory.venue(manager=other_manager)
    space = await factory.space(venue)
    booking = await factory.booking(
        space, datetime(2027, 3, 6, 18, tzinfo=UTC), datetime(2027, 3, 6, 22, tzinfo=UTC), booked_by=booker.id
    )
    group = await factory.group(organiser=organiser)
    for_booking = await write_invoice(venue.id, HIRE_AND_PROJECTOR, booking=booking.id)
    for_group = await write_invoice(venue.id, HIRE_AND_PROJECTOR, group=group.id, number=43, reference="INV-000043")

    async def status(invoice_id: int, headers: dict[str, str] | None = None) -> int:
        return (await client.get(f"/api/v1/invoices/{invoice_id}/pdf", headers=headers or {})).status_code

    assert await status(for_booking.id, booker.headers) == 200
    assert await status(for_booking.id, manager.headers) == 200
    assert await status(for_booking.id, treasurer.headers) == 200
    assert await status(for_booking.id, stranger.headers) == 403
    assert await status(for_booking.id, other_manager.headers) == 403
    assert await status(for_booking.id, organiser.headers) == 403
    assert await status(for_booking.id) == 401
    assert await status(for_group.id, organiser.headers) == 200
    assert await status(for_group.id, booker.headers) == 403
    assert await status(999_999, manager.headers) == 404
