"""A confirmed, invoiced booking whose price changed (a new time, tier or space): the difference is put right
at once, never by rewriting the issued invoice.

More hire and extras: a supplementary invoice for the difference (one line, the venue's hire VAT treatment).
Less: a credit note (100% of the difference) on the booking's latest invoice, spread over its hire and extra
lines. A deposit still due follows the new price (its row's amount, and a deposit line invoiced or credited
for the difference); a deposit already taken stays as it was, settled by its return. A booking not yet
invoiced (its group billed monthly) needs nothing: the monthly run reads its new price.
"""

from __future__ import annotations

import copy
from typing import Any

from scheduling.invoices.credit import _issue_credit, _shared, credited_minor
from scheduling.invoices.issue import DraftLine, billed_to, breakdown_lines, write_document
from scheduling.models import Booking, Deposit, Invoice, InvoiceLine
from scheduling.payments.deposits import deposit_in
from scheduling.vocabulary import DepositStatus, InvoiceKind, InvoiceLineKind
from venues.billing.settings import money_settings
from venues.core.row_locks import lock_row
from venues.models import Venue
from venues.vocabulary import VatTreatment


def _net(lines: list[DraftLine]) -> int:
    return sum(line.amount_minor for line in lines if line.kind != InvoiceLineKind.deposit)


async def reprice_invoiced(booking: Booking, old_breakdown: Any, actor_id: int | None, reason: str) -> list[Invoice]:
    """Inside the change's transaction, after ``booking`` holds its new price: the supplementary invoice
    and/or credit note for the difference from ``old_breakdown`` (none when nothing changed or the booking
    is on no invoice)."""
    found = (
        await InvoiceLine.select(InvoiceLine.invoice)
        .where((InvoiceLine.booking == booking.id) & (InvoiceLine.invoice.kind == str(InvoiceKind.invoice)))
        .order_by(InvoiceLine.invoice, ascending=False)
        .first()
    )
    if found is None:
        return []
    venue = await Venue.objects().where(Venue.id == booking.venue).first()
    if venue is None:
        return []
    settings = await money_settings(venue.id)
    before = copy.copy(booking)
    before.price_breakdown = old_breakdown
    old_lines = breakdown_lines(before, venue.timezone, settings.hire_vat_treatment)
    new_lines = breakdown_lines(booking, venue.timezone, settings.hire_vat_treatment)
    hire_change = _net(new_lines) - _net(old_lines)
    deposit_change = 0
    deposit = await Deposit.objects().where(Deposit.booking == booking.id).first()
    new_deposit = deposit_in(booking.price_breakdown)
    if deposit is not None and deposit.status == DepositStatus.due and new_deposit != deposit.amount_minor:
        deposit_change = new_deposit - deposit.amount_minor
        await Deposit.update({Deposit.amount_minor: new_deposit}).where(Deposit.id == deposit.id)
    day = new_lines[0].service_date if new_lines else None
    note = reason or "The booking changed"
    more: list[DraftLine] = []
    if hire_change > 0:
        line = DraftLine(
            booking.id,
            str(InvoiceLineKind.hire),
            "Booking changed: added hire",
            day,
            1,
            hire_change,
            hire_change,
            settings.hire_vat_treatment,
        )
        more.append(line)
    if deposit_change > 0:
        more.append(
            DraftLine(
                booking.id,
                str(InvoiceLineKind.deposit),
                "Booking changed: added deposit",
                day,
                1,
                deposit_change,
                deposit_change,
                str(VatTreatment.outside_scope),
            )
        )
    issued: list[Invoice] = []
    if more:
        issued.append(
            await write_document(
                venue,
                settings,
                str(InvoiceKind.invoice),
                more,
                actor_id,
                await billed_to(booking),
                group_id=booking.group,
                booking_id=booking.id,
                note=note,
                currency=booking.currency or "GBP",
            )
        )
    hire_left, deposit_left = max(0, -hire_change), max(0, -deposit_change)
    rows = (
        await InvoiceLine.select(InvoiceLine.invoice)
        .where((InvoiceLine.booking == booking.id) & (InvoiceLine.invoice.kind == str(InvoiceKind.invoice)))
        .distinct()
        .order_by(InvoiceLine.invoice, ascending=False)
        if hire_left or deposit_left
        else []
    )
    for invoice_id in [row["invoice"] for row in rows]:  # newest first, as far as each still owes
        invoice = await Invoice.objects().where(Invoice.id == invoice_id).first()
        assert invoice is not None  # the line's invoice
        await lock_row(Invoice, invoice.id)
        lines = (
            await InvoiceLine.objects()
            .where((InvoiceLine.invoice == invoice.id) & (InvoiceLine.booking == booking.id))
            .order_by(InvoiceLine.position)
        )
        left = invoice.total_minor - await credited_minor(invoice.id)
        priced = [line for line in lines if line.kind != InvoiceLineKind.deposit]
        hire = min(hire_left, max(0, sum(line.amount_minor for line in priced)), left)
        deposits = [line for line in lines if line.kind == InvoiceLineKind.deposit]
        back = min(deposit_left, sum(line.amount_minor for line in deposits), left - hire)
        credit = _shared(priced, hire, "Credit (booking changed)") + _shared(deposits, back, "Credit (booking changed)")
        if credit:
            issued.append(await _issue_credit(invoice, credit, actor_id, note))
        hire_left, deposit_left = hire_left - hire, deposit_left - back
        if not hire_left and not deposit_left:
            break
    return issued
