"""/api/v1/venues/{venue_id}/invoices and /api/v1/invoices: invoices and credit notes, monthly invoicing and
how a venue bills a group.

A venue's managers and treasurers read and issue its documents. The person who made a booking may read the
invoice issued for it alone, and a group's organisers the invoices made out to their group (monthly ones,
a series'); they may not issue credit notes.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar import Controller, Request, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, QueryParameter

from api.auth import requires_login
from api.errors import problem_responses
from api.invoices.schemas import (
    CreditNoteIn,
    GroupBillingIn,
    GroupBillingOut,
    InvoiceLineOut,
    InvoiceOut,
    MonthlyIn,
)
from api.pagination import Paging, page_of, provide_paging
from api.schemas import Page, RowIdQuery
from api.venues.guards import handles_path_venue_money
from scheduling import groups
from scheduling.invoices import access, credit, monthly, reading
from scheduling.invoices.billed_groups import require_group_at_venue
from scheduling.invoices.reading import InvoiceFilter
from scheduling.models import Invoice, InvoiceLine
from scheduling.vocabulary import InvoiceKind, InvoiceLineKind
from venues.core.errors import Forbidden
from venues.core.i18n import _
from venues.models import User
from venues.permissions import handles_money
from venues.vocabulary import VatTreatment


def line_out(line: InvoiceLine) -> InvoiceLineOut:
    return InvoiceLineOut(
        booking_id=line.booking,
        kind=InvoiceLineKind(line.kind),
        description=line.description,
        service_date=line.service_date,
        quantity=line.quantity,
        unit_minor=line.unit_minor,
        amount_minor=line.amount_minor,
        vat_treatment=VatTreatment(line.vat_treatment),
        vat_rate_bp=line.vat_rate_bp,
        vat_minor=line.vat_minor,
    )


def invoice_out(invoice: Invoice, found: reading.InvoiceWithLines | None = None) -> InvoiceOut:
    out = InvoiceOut(
        id=invoice.id,
        venue_id=invoice.venue,
        kind=InvoiceKind(invoice.kind),
        number=invoice.number,
        reference=invoice.reference,
        credits_id=invoice.credits,
        group_id=invoice.group,
        booking_id=invoice.booking,
        billing_name=invoice.billing_name,
        billing_address=invoice.billing_address,
        seller_name=invoice.seller_name,
        seller_address=invoice.seller_address,
        vat_number=invoice.vat_number,
        currency=invoice.currency,
        total_minor=invoice.total_minor,
        vat_minor=invoice.vat_minor,
        issued_on=invoice.issued_on,
        due_on=invoice.due_on,
        period_start=invoice.period_start,
        period_end=invoice.period_end,
        note=invoice.note,
        issued_at=invoice.issued_at,
    )
    if found is not None:
        out.lines = [line_out(line) for line in found.lines]
        out.credited_minor = found.credited_minor
    return out


async def readable_invoice(invoice_id: int, user: User) -> reading.InvoiceWithLines:
    invoice = await access.readable_invoice(user, invoice_id)
    return await reading.invoice_with_lines(invoice.id)


class VenueInvoiceController(Controller):
    path = "/api/v1/venues/{venue_id:int}"
    tags = ["invoices"]
    guards = [handles_path_venue_money]
    dependencies = {"paging": Provide(provide_paging, sync_to_thread=False)}

    @get(
        "/invoices",
        summary="The venue's invoices and credit notes (its managers and treasurers)",
        description="Newest first; filter by kind, group, booking (a line for it) and issue dates.",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def list_invoices(
        self,
        request: Request,
        venue_id: FromPath[int],
        paging: NamedDependency[Paging],
        kind: Annotated[InvoiceKind | None, QueryParameter(description="invoice or credit_note")] = None,
        group_id: RowIdQuery = None,
        booking_id: RowIdQuery = None,
        issued_from: Annotated[date | None, QueryParameter(description="issued on or after (venue date)")] = None,
        issued_to: Annotated[date | None, QueryParameter(description="issued on or before (venue date)")] = None,
    ) -> Page[InvoiceOut]:
        chosen = InvoiceFilter(
            kind=str(kind) if kind else None,
            group_id=group_id,
            booking_id=booking_id,
            issued_from=issued_from,
            issued_to=issued_to,
        )
        found, total = await reading.list_invoices(venue_id, chosen, paging.limit, paging.offset)
        return page_of(request, [invoice_out(invoice) for invoice in found], total, paging)

    @post(
        "/invoices/monthly",
        summary="Issue the month's invoices for the groups billed monthly (managers and treasurers)",
        description="One invoice per group billed monthly, for its confirmed bookings of that month (venue "
        "dates) not invoiced yet; running it again issues nothing new.",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def issue_monthly(
        self, venue_id: FromPath[int], data: JSONBody[MonthlyIn], user: NamedDependency[User]
    ) -> list[InvoiceOut]:
        issued = await monthly.issue_monthly(venue_id, data.year, data.month, user.id)
        return [invoice_out(invoice) for invoice in issued]

    @put(
        "/groups/{group_id:int}/billing",
        summary="Bill a group monthly or at each confirmation (managers and treasurers)",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def set_group_billing(
        self, venue_id: FromPath[int], group_id: FromPath[int], data: JSONBody[GroupBillingIn]
    ) -> GroupBillingOut:
        group = await groups.get_group(group_id)
        await require_group_at_venue(group.id, venue_id)
        chosen = await monthly.set_monthly(group.id, venue_id, data.monthly)
        return GroupBillingOut(venue_id=venue_id, group_id=group.id, monthly=chosen)


class InvoiceController(Controller):
    path = "/api/v1/invoices"
    tags = ["invoices"]
    guards = [requires_login]

    @get(
        "/{invoice_id:int}",
        summary="One invoice or credit note with its lines",
        description="The venue's managers and treasurers; the person who made the booking it was issued for; "
        "the organisers of the group it is made out to.",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def get_one(self, invoice_id: FromPath[int], user: NamedDependency[User]) -> InvoiceOut:
        found = await readable_invoice(invoice_id, user)
        return invoice_out(found.invoice, found)

    @post(
        "/{invoice_id:int}/credit-notes",
        summary="Credit part of an invoice (the venue's managers and treasurers)",
        description="Shared over the invoice's lines in proportion, each keeping its VAT; 409 when more than "
        "the invoice still owes after earlier credit notes.",
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def credit_note(
        self, invoice_id: FromPath[int], data: JSONBody[CreditNoteIn], user: NamedDependency[User]
    ) -> InvoiceOut:
        invoice = await credit.get_invoice_row(invoice_id)
        if not await handles_money(user, invoice.venue):
            raise Forbidden(_("Only this venue's managers and treasurers may issue credit notes."))
        note = await credit.credit_invoice(invoice.id, data.amount_minor, data.reason, user.id)
        return invoice_out(note, await reading.invoice_with_lines(note.id))
