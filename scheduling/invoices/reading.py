"""Reading invoices and credit notes: a venue's list (newest number first, by kind, group or booking), one
document with its lines and what has been credited against it, and a booking's documents.

Who may read is the caller's business: ``scheduling.invoices.access`` holds the one rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from piccolo.custom_types import Combinable

from scheduling.invoices.credit import credited_minor, get_invoice_row
from scheduling.models import Invoice, InvoiceLine


@dataclass(frozen=True)
class InvoiceFilter:
    kind: str | None = None
    group_id: int | None = None
    booking_id: int | None = None
    issued_from: date | None = None
    issued_to: date | None = None


@dataclass(frozen=True)
class InvoiceWithLines:
    invoice: Invoice
    lines: list[InvoiceLine]
    credited_minor: int


def _where(venue_id: int, chosen: InvoiceFilter) -> Combinable:
    where: Combinable = Invoice.venue == venue_id
    if chosen.kind is not None:
        where &= Invoice.kind == chosen.kind
    if chosen.group_id is not None:
        where &= Invoice.group == chosen.group_id
    if chosen.booking_id is not None:
        where &= Invoice.id.is_in(
            InvoiceLine.select(InvoiceLine.invoice).where(InvoiceLine.booking == chosen.booking_id)
        )
    if chosen.issued_from is not None:
        where &= Invoice.issued_on >= chosen.issued_from
    if chosen.issued_to is not None:
        where &= Invoice.issued_on <= chosen.issued_to
    return where


async def list_invoices(
    venue_id: int, chosen: InvoiceFilter, limit: int = 50, offset: int = 0
) -> tuple[list[Invoice], int]:
    """A page of the venue's documents, newest first (credit notes and invoices each by their number)."""
    where = _where(venue_id, chosen)
    rows = (
        await Invoice.objects()
        .where(where)
        .order_by(Invoice.issued_at, ascending=False)
        .order_by(Invoice.id, ascending=False)
        .limit(limit)
        .offset(offset)
    )
    return rows, await Invoice.count().where(where)


async def invoice_with_lines(invoice_id: int) -> InvoiceWithLines:
    invoice = await get_invoice_row(invoice_id)
    lines = await InvoiceLine.objects().where(InvoiceLine.invoice == invoice.id).order_by(InvoiceLine.position)
    credited = await credited_minor(invoice.id) if invoice.kind == "invoice" else 0
    return InvoiceWithLines(invoice, lines, credited)


async def invoices_of_booking(booking_id: int) -> list[Invoice]:
    """The invoices and credit notes with a line for the booking, in the order issued."""
    ids = InvoiceLine.select(InvoiceLine.invoice).where(InvoiceLine.booking == booking_id)
    return await Invoice.objects().where(Invoice.id.is_in(ids)).order_by(Invoice.id)
