"""Credit notes: what a cancellation refunds of an invoiced booking, and a treasurer's credit on an invoice.

A credit note is its own numbered sequence (``kind`` credit_note, ``credits`` the invoice), with positive
amounts that reduce what is owed, the buyer's and seller's details copied from the invoice it credits, and
each line keeping the VAT treatment and rate of the line it credits. Nothing is ever credited beyond what
the invoice still owes after earlier credit notes (409 for a treasurer's credit that would).

Deposits: a deposit line is credited only for what of it was never taken (a cancelled booking whose deposit
was not paid owes none); a deposit taken is settled by returning it (``scheduling.payments.deposits``), never
by a credit note, so it is not counted twice (see ``scheduling.payments.balances``). A treasurer's credit is
of hire and extras only.
"""

from __future__ import annotations

from collections.abc import Sequence

from piccolo.query.functions.aggregate import Sum

from scheduling.invoices.issue import DraftLine, write_document
from scheduling.models import Deposit, Invoice, InvoiceLine
from scheduling.vocabulary import InvoiceKind, InvoiceLineKind
from venues.billing.settings import money_settings
from venues.core.database import write_transaction
from venues.core.errors import Conflict, InvalidInput, NotFound
from venues.core.i18n import _
from venues.core.ids import in_id_range
from venues.core.row_locks import lock_row
from venues.models import Venue


def percent_of(amount_minor: int, percent: int) -> int:
    """``amount × percent ÷ 100`` rounded half-up, in integers."""
    return (2 * amount_minor * percent + 100) // 200


async def credited_minor(invoice_id: int) -> int:
    """What the credit notes issued against an invoice add up to."""
    rows = await Invoice.select(Invoice.total_minor).where(
        (Invoice.credits == invoice_id) & (Invoice.kind == str(InvoiceKind.credit_note))
    )
    return sum(row["total_minor"] for row in rows)


def _capped(lines: list[DraftLine], limit: int) -> list[DraftLine]:
    """The lines cut from the last one back so they add up to no more than ``limit``."""
    kept: list[DraftLine] = []
    left = max(limit, 0)
    for line in lines:
        amount = min(line.amount_minor, left)
        left -= amount
        if amount > 0:
            kept.append(_with_amount(line, amount))
    return kept


def _with_amount(line: DraftLine, amount: int) -> DraftLine:
    return DraftLine(
        line.booking_id,
        line.kind,
        line.description,
        line.service_date,
        1,
        amount,
        amount,
        line.vat_treatment,
        line.vat_rate_bp,
    )


def _credit_line(line: InvoiceLine, amount: int, description: str) -> DraftLine:
    return DraftLine(
        line.booking,
        line.kind,
        description,
        line.service_date,
        1,
        amount,
        amount,
        line.vat_treatment,
        line.vat_rate_bp,
    )


async def _issue_credit(invoice: Invoice, lines: Sequence[DraftLine], actor_id: int | None, reason: str) -> Invoice:
    venue = await Venue.objects().where(Venue.id == invoice.venue).first()
    assert venue is not None  # the invoice's venue (cascade deletes the invoice with it)
    return await write_document(
        venue,
        await money_settings(venue.id),
        str(InvoiceKind.credit_note),
        lines,
        actor_id,
        (invoice.billing_name, invoice.billing_address),
        group_id=invoice.group,
        booking_id=invoice.booking,
        credits=invoice.id,
        note=reason,
        currency=invoice.currency,
    )


async def _deposit_taken(booking_id: int) -> int:
    """What of the booking's deposit was taken (paid), 0 when none was."""
    row = await Deposit.select(Deposit.taken_minor).where(Deposit.booking == booking_id).first()
    return int(row["taken_minor"] or 0) if row else 0


def _shared(lines: Sequence[InvoiceLine], amount: int, description: str) -> list[DraftLine]:
    """``amount`` spread over the positive ``lines`` in proportion (a daily cap's negative line lowers the
    amount, not a line), one credit line per share above nothing."""
    positive = [line for line in lines if line.amount_minor > 0]
    return [
        _credit_line(line, share, f"{description}: {line.description}")
        for line, share in zip(positive, _spread(positive, amount), strict=True)
        if share > 0
    ]


async def credit_cancelled(booking_id: int, refund_percent: int, actor_id: int | None, reason: str) -> Invoice | None:
    """Credit what a cancellation refunds: ``refund_percent`` (half-up) of the booking's net hire and extras
    (negative lines such as a daily cap included) and the part of its deposit line never taken (a deposit
    taken is settled by returning it). ``None`` when the booking is on no invoice or nothing is credited.
    Call inside the cancellation's ``write_transaction()``."""
    if not 0 <= refund_percent <= 100:
        raise InvalidInput("refund_percent", _("A refund is 0 to 100 percent."))
    found = (
        await InvoiceLine.select(InvoiceLine.invoice)
        .where((InvoiceLine.booking == booking_id) & (InvoiceLine.invoice.kind == str(InvoiceKind.invoice)))
        .order_by(InvoiceLine.invoice, ascending=False)
        .first()
    )
    if found is None:
        return None
    invoice = await Invoice.objects().where(Invoice.id == found["invoice"]).first()
    if invoice is None:
        return None
    await lock_row(Invoice, invoice.id)
    lines = (
        await InvoiceLine.objects()
        .where((InvoiceLine.invoice == invoice.id) & (InvoiceLine.booking == booking_id))
        .order_by(InvoiceLine.position)
    )
    priced = [line for line in lines if line.kind != InvoiceLineKind.deposit]
    net = sum(line.amount_minor for line in priced)
    wanted = _shared(priced, percent_of(max(net, 0), refund_percent), f"Credit ({refund_percent}%)")
    untaken = max(0, sum(line.amount_minor for line in lines if line.kind == InvoiceLineKind.deposit))
    untaken = max(0, untaken - await _deposit_taken(booking_id))
    for line in lines:
        if line.kind == InvoiceLineKind.deposit and untaken > 0:
            amount = min(line.amount_minor, untaken)
            untaken -= amount
            if amount > 0:
                wanted.append(_credit_line(line, amount, f"Credit (deposit not taken): {line.description}"))
    credit = _capped(wanted, invoice.total_minor - await credited_minor(invoice.id))
    if not credit:
        return None
    return await _issue_credit(invoice, credit, actor_id, reason)


def _spread(lines: Sequence[InvoiceLine], amount: int) -> list[int]:
    """``amount`` shared over ``lines`` in proportion to their amounts, the pennies left over going to the
    largest remainders, so the shares add up to ``amount`` exactly."""
    total = sum(line.amount_minor for line in lines)
    if total <= 0:
        return [0 for _ in lines]
    shares = [amount * line.amount_minor // total for line in lines]
    remainders = sorted(range(len(lines)), key=lambda i: (-(amount * lines[i].amount_minor % total), lines[i].position))
    for i in remainders[: amount - sum(shares)]:
        shares[i] += 1
    return shares


async def _credited_hire(invoice_id: int) -> int:
    """What earlier credit notes on an invoice credited of its hire and extras (not its deposit)."""
    rows = await InvoiceLine.select(Sum(InvoiceLine.amount_minor).as_alias("total")).where(
        (InvoiceLine.invoice.credits == invoice_id)
        & (InvoiceLine.invoice.kind == str(InvoiceKind.credit_note))
        & (InvoiceLine.kind != str(InvoiceLineKind.deposit))
    )
    return int(rows[0]["total"] or 0) if rows else 0


async def credit_invoice(invoice_id: int, amount_minor: int, reason: str, actor_id: int | None) -> Invoice:
    """A treasurer's credit note on an invoice's hire and extras, shared over those lines in proportion (each
    keeping its VAT); never the deposit, which is settled by returning it. 409 when it is more than the hire
    and extras still owe after earlier credit notes (and more than the invoice still owes)."""
    if amount_minor <= 0:
        raise InvalidInput("amount_minor", _("A credit is more than nothing."))
    async with write_transaction():
        invoice = await get_invoice_row(invoice_id)
        if invoice.kind != InvoiceKind.invoice:
            raise Conflict(_("A credit note is made against an invoice, not another credit note."))
        await lock_row(Invoice, invoice.id)
        priced = [
            line
            for line in await InvoiceLine.objects()
            .where(InvoiceLine.invoice == invoice.id)
            .order_by(InvoiceLine.position)
            if line.kind != InvoiceLineKind.deposit
        ]
        remaining = min(
            sum(line.amount_minor for line in priced) - await _credited_hire(invoice.id),
            invoice.total_minor - await credited_minor(invoice.id),
        )
        if amount_minor > remaining:
            raise Conflict(
                _("Only %(remaining)s (minor units) of this invoice's hire and extras is left to credit.")
                % {"remaining": max(remaining, 0)},
                remaining_minor=max(remaining, 0),
            )
        return await _issue_credit(invoice, _shared(priced, amount_minor, "Credit"), actor_id, reason)


async def get_invoice_row(invoice_id: int) -> Invoice:
    invoice = await Invoice.objects().where(Invoice.id == invoice_id).first() if in_id_range(invoice_id) else None
    if invoice is None:
        raise NotFound(_("No invoice %(invoice_id)s.") % {"invoice_id": invoice_id})
    return invoice
