"""The treasurer's CSV: every invoice line and every payment at a venue, for a spreadsheet or the accounts.

One row per invoice line (a credit note's lines negative) and one per payment (a refund negative). Dates
are the venue-local dates the documents and payments carry; amounts are pounds with two decimals written
from integer pence (no floats): net, VAT and gross for lines (net = gross − VAT), gross alone for money.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from piccolo.columns.combination import Combinable

from scheduling.models import InvoiceLine, Payment
from scheduling.vocabulary import InvoiceKind, PaymentKind

COLUMNS = ["date", "type", "document", "billed_to", "description", "net", "vat", "gross", "method", "reference"]


def decimal_pounds(minor: int) -> str:
    """``-1234`` → ``-12.34``, from integers only."""
    sign = "-" if minor < 0 else ""
    minor = abs(minor)
    return f"{sign}{minor // 100}.{minor % 100:02d}"


async def money_rows(venue_id: int, start: date | None = None, end: date | None = None) -> list[list[str]]:
    """The CSV's rows (without the header), by date, documents before payments on a day."""
    lines_where: Combinable = InvoiceLine.invoice.venue == venue_id
    pay_where: Combinable = Payment.venue == venue_id
    if start is not None:
        lines_where &= InvoiceLine.invoice.issued_on >= start
        pay_where &= Payment.received_on >= start
    if end is not None:
        lines_where &= InvoiceLine.invoice.issued_on <= end
        pay_where &= Payment.received_on <= end
    sortable: list[tuple[date, int, int, int, list[str]]] = []
    for row in await InvoiceLine.select(
        InvoiceLine.id,
        InvoiceLine.position,
        InvoiceLine.description,
        InvoiceLine.amount_minor,
        InvoiceLine.vat_minor,
        InvoiceLine.invoice.id.as_alias("invoice_id"),
        InvoiceLine.invoice.kind.as_alias("kind"),
        InvoiceLine.invoice.reference.as_alias("reference"),
        InvoiceLine.invoice.issued_on.as_alias("issued_on"),
        InvoiceLine.invoice.billing_name.as_alias("billing_name"),
    ).where(lines_where):
        sign = -1 if row["kind"] == InvoiceKind.credit_note else 1
        gross, vat = sign * row["amount_minor"], sign * row["vat_minor"]
        sortable.append(
            (
                row["issued_on"],
                0,
                row["invoice_id"],
                row["position"] * 1_000_000 + row["id"],
                [
                    row["issued_on"].isoformat(),
                    row["kind"],
                    row["reference"],
                    row["billing_name"],
                    row["description"],
                    decimal_pounds(gross - vat),
                    decimal_pounds(vat),
                    decimal_pounds(gross),
                    "",
                    "",
                ],
            )
        )
    for row in await Payment.select(
        Payment.id,
        Payment.kind,
        Payment.method,
        Payment.amount_minor,
        Payment.received_on,
        Payment.reference,
        Payment.payer_name,
        Payment.for_deposit,
        Payment.note,
        Payment.group.name.as_alias("group_name"),
        Payment.invoice.reference.as_alias("invoice_reference"),
    ).where(pay_where):
        refund = row["kind"] == PaymentKind.refund
        gross = -row["amount_minor"] if refund else row["amount_minor"]
        description = ("Deposit " if row["for_deposit"] else "") + ("refund" if refund else "payment")
        if row["note"]:
            description += f": {row['note']}"
        sortable.append(
            (
                row["received_on"],
                1,
                row["id"],
                0,
                [
                    row["received_on"].isoformat(),
                    row["kind"],
                    row["invoice_reference"] or "",
                    row["group_name"] or row["payer_name"],
                    description,
                    decimal_pounds(gross),
                    decimal_pounds(0),
                    decimal_pounds(gross),
                    row["method"],
                    row["reference"],
                ],
            )
        )
    sortable.sort(key=lambda item: item[:4])
    return [item[4] for item in sortable]


async def money_csv(venue_id: int, start: date | None = None, end: date | None = None) -> str:
    """The CSV text, header first (spreadsheet formulas in text are neutralised with a leading quote)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in await money_rows(venue_id, start, end):
        writer.writerow([_safe(cell) for cell in row])
    return out.getvalue()


def _safe(cell: str) -> str:
    """A text cell starting like a formula gets a leading apostrophe; amounts (``-12.34``) are left alone."""
    if cell and cell[0] in "=+@\t\r" or (cell.startswith("-") and not _is_amount(cell)):
        return "'" + cell
    return cell


safe_cell = _safe  # for other CSVs written for spreadsheets (a report's)


def _is_amount(cell: str) -> bool:
    body = cell[1:]
    whole, _, pence = body.partition(".")
    return whole.isdigit() and len(pence) == 2 and pence.isdigit()
