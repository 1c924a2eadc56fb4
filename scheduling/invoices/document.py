"""One invoice or credit note as a reader sees it: the read model the printable page and the PDF both show.

Everything printed comes from the issued rows (seller, VAT number, billed-to name and address, lines and
amounts copied at issue), except the payment instructions, which are the venue's current ones (bank details
move; an old invoice is still paid into the account the venue uses now). Its words (the title, the VAT
treatments, the dates) are in the language in force when it is built: the page or download that asks for it sets it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from babel.dates import format_date
from babel.support import LazyProxy

from scheduling.models import Invoice, InvoiceLine
from scheduling.vocabulary import InvoiceKind
from scheduling.wording import money
from venues.billing.settings import money_settings
from venues.core.i18n import DEFAULT_LANGUAGE, _, current_language, lazy_gettext
from venues.core.i18n.formatting import babel_locale
from venues.models import Venue
from venues.vocabulary import VatTreatment

TREATMENT_NAMES: dict[str, LazyProxy] = {
    VatTreatment.exempt: lazy_gettext("Exempt"),
    VatTreatment.standard: lazy_gettext("Standard rate"),
    VatTreatment.zero: lazy_gettext("Zero rate"),
    VatTreatment.outside_scope: lazy_gettext("Outside the scope"),
}


def printed_day(day: date | None) -> str:
    """``08 Dec 2026`` (``08 Rhag 2026``): a date as invoices print it; empty for none."""
    if day is None:
        return ""
    if current_language() == DEFAULT_LANGUAGE:
        return f"{day:%d %b %Y}"
    return format_date(day, "dd MMM y", locale=babel_locale())


def format_rate(rate_bp: int) -> str:
    """Basis points as a percentage: 2000 → ``20%``, 1250 → ``12.5%``."""
    whole, part = divmod(int(rate_bp), 100)
    return f"{whole}%" if part == 0 else f"{whole}.{part:02d}".rstrip("0") + "%"


def treatment_label(treatment: str, rate_bp: int) -> str:
    known = TREATMENT_NAMES.get(treatment)
    if treatment == VatTreatment.standard:
        # Translators: a VAT treatment and its rate on an invoice line ("Standard rate 20%").
        return _("Standard rate %(rate)s") % {"rate": format_rate(rate_bp)}
    return str(known) if known is not None else treatment


@dataclass(frozen=True)
class DocumentLine:
    kind: str
    service_date: date | None
    description: str
    quantity: int
    unit_minor: int
    vat_treatment: str
    vat_label: str
    vat_rate_bp: int
    vat_minor: int
    amount_minor: int


@dataclass(frozen=True)
class VatRow:
    """One treatment and rate's total: the amount without VAT, the VAT in it and the two together."""

    vat_treatment: str
    vat_label: str
    vat_rate_bp: int
    net_minor: int
    vat_minor: int
    gross_minor: int


@dataclass(frozen=True)
class InvoiceDocument:
    invoice_id: int
    venue_id: int
    kind: str
    title: str
    reference: str
    credits_reference: str | None
    seller_name: str
    seller_address: str
    vat_number: str
    billed_to_name: str
    billed_to_address: str
    issued_on: date
    due_on: date | None
    period_start: date | None
    period_end: date | None
    currency: str
    lines: list[DocumentLine]
    vat_rows: list[VatRow]
    total_minor: int
    vat_minor: int
    note: str
    payment_instructions: str

    @property
    def is_credit_note(self) -> bool:
        return self.kind == InvoiceKind.credit_note

    @property
    def shows_vat(self) -> bool:
        """VAT is shown where the seller was registered when it was issued (its VAT number was copied then)."""
        return bool(self.vat_number)

    @property
    def net_minor(self) -> int:
        return self.total_minor - self.vat_minor

    def money(self, minor: int) -> str:
        return money(minor, self.currency)

    def day(self, day: date | None) -> str:
        return printed_day(day)


def vat_rows(lines: list[DocumentLine]) -> list[VatRow]:
    """A row per (treatment, rate) in the order they first appear."""
    totals: dict[tuple[str, int], list[int]] = {}
    for line in lines:
        rate = line.vat_rate_bp if line.vat_treatment == VatTreatment.standard else 0
        found = totals.setdefault((line.vat_treatment, rate), [0, 0])
        found[0] += line.amount_minor
        found[1] += line.vat_minor
    return [
        VatRow(treatment, treatment_label(treatment, rate), rate, gross - vat, vat, gross)
        for (treatment, rate), (gross, vat) in totals.items()
    ]


async def invoice_document(invoice: Invoice) -> InvoiceDocument:
    """The read model of ``invoice`` with its lines in their printed order."""
    rows = (
        await InvoiceLine.objects()
        .where(InvoiceLine.invoice == invoice.id)
        .order_by(InvoiceLine.position)
        .order_by(InvoiceLine.id)
    )
    lines = [
        DocumentLine(
            kind=row.kind,
            service_date=row.service_date,
            description=row.description,
            quantity=row.quantity,
            unit_minor=row.unit_minor,
            vat_treatment=row.vat_treatment,
            vat_label=treatment_label(row.vat_treatment, row.vat_rate_bp),
            vat_rate_bp=row.vat_rate_bp,
            vat_minor=row.vat_minor,
            amount_minor=row.amount_minor,
        )
        for row in rows
    ]
    credits_reference = None
    if invoice.credits is not None:
        credited = await Invoice.select(Invoice.reference).where(Invoice.id == invoice.credits).first()
        credits_reference = credited["reference"] if credited else None
    seller_name = invoice.seller_name
    if not seller_name:
        venue = await Venue.select(Venue.name).where(Venue.id == invoice.venue).first()
        seller_name = venue["name"] if venue else ""
    settings = await money_settings(invoice.venue)
    credit = invoice.kind == InvoiceKind.credit_note
    return InvoiceDocument(
        invoice_id=invoice.id,
        venue_id=invoice.venue,
        kind=invoice.kind,
        title=_("Credit note") if credit else _("Invoice"),
        reference=invoice.reference,
        credits_reference=credits_reference,
        seller_name=seller_name,
        seller_address=invoice.seller_address,
        vat_number=invoice.vat_number,
        billed_to_name=invoice.billing_name,
        billed_to_address=invoice.billing_address,
        issued_on=invoice.issued_on,
        due_on=None if credit else invoice.due_on,
        period_start=invoice.period_start,
        period_end=invoice.period_end,
        currency=invoice.currency,
        lines=lines,
        vat_rows=vat_rows(lines) if invoice.vat_number else [],
        total_minor=invoice.total_minor,
        vat_minor=invoice.vat_minor,
        note=invoice.note,
        payment_instructions="" if credit else settings.payment_instructions,
    )
