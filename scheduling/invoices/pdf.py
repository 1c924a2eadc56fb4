"""An invoice or credit note as a PDF a treasurer can attach to an email, drawn with fpdf2.

The text is set in DejaVu Sans, shipped in ``fonts/`` beside this module (licence there), embedded and subset
in each file: any letter a name or address holds renders (Welsh ŵ and ŷ, the pound sign) with no system font.
Drawing runs in a worker thread (font subsetting is CPU work), a few at a time.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from scheduling.invoices.document import InvoiceDocument, printed_day
from venues.core.i18n import _
from venues.core.worker_threads import WorkerThreads

FONTS = Path(__file__).parent / "fonts"
FAMILY = "DejaVuSans"
_drawing = WorkerThreads(2)
# fontTools reports every subsetting step at INFO; a served worker's log needs none of it.
logging.getLogger("fontTools").setLevel(logging.WARNING)
# Date, description, quantity, unit price, VAT treatment, VAT, amount: millimetres across A4's 190.
COLUMNS = (25, 55, 12, 24, 28, 20, 26)


def _day(value: date | None) -> str:
    return printed_day(value)


def _block(pdf: FPDF, heading: str, text: str) -> None:
    pdf.set_font(FAMILY, "B", 10)
    pdf.cell(0, 5, heading, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 10)
    pdf.multi_cell(0, 5, text or "-", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def render_pdf(doc: InvoiceDocument) -> bytes:
    """The document as PDF bytes (A4, one or more pages), worded in the language in force (``invoice_pdf`` runs it
    in a thread that carries the caller's)."""
    pdf = FPDF(format="A4")
    pdf.set_margins(10, 12, 10)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(f"{doc.title} {doc.reference}")
    pdf.set_author(doc.seller_name)
    pdf.set_creator("Commonroom")
    pdf.add_page()

    pdf.set_font(FAMILY, "B", 18)
    pdf.cell(0, 10, f"{doc.title} {doc.reference}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 10)
    if doc.credits_reference:
        pdf.cell(
            0,
            6,
            _("Credits invoice %(reference)s") % {"reference": doc.credits_reference},
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.ln(2)

    seller = doc.seller_name + ("\n" + doc.seller_address if doc.seller_address else "")
    if doc.shows_vat:
        seller += "\n" + _("VAT number: %(number)s") % {"number": doc.vat_number}
    _block(pdf, _("From"), seller)
    _block(pdf, _("Billed to"), doc.billed_to_name + ("\n" + doc.billed_to_address if doc.billed_to_address else ""))

    dates = [(_("Issued"), _day(doc.issued_on))]
    if doc.due_on is not None:
        dates.append((_("Due"), _day(doc.due_on)))
    if doc.period_start is not None and doc.period_end is not None:
        period = _("%(start)s to %(end)s") % {"start": _day(doc.period_start), "end": _day(doc.period_end)}
        dates.append((_("Period"), period))
    for label, value in dates:
        pdf.set_font(FAMILY, "B", 10)
        pdf.cell(25, 5, label)
        pdf.set_font(FAMILY, "", 10)
        pdf.cell(0, 5, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    pdf.set_font(FAMILY, "", 9)
    with pdf.table(
        col_widths=COLUMNS,
        text_align=("LEFT", "LEFT", "RIGHT", "RIGHT", "LEFT", "RIGHT", "RIGHT"),
        headings_style=FontFace(family=FAMILY, emphasis="BOLD"),
        line_height=5,
    ) as table:
        table.row((_("Date"), _("Description"), _("Qty"), _("Unit price"), _("VAT treatment"), _("VAT"), _("Amount")))
        for line in doc.lines:
            table.row(
                (
                    _day(line.service_date),
                    line.description,
                    str(line.quantity),
                    doc.money(line.unit_minor),
                    line.vat_label,
                    doc.money(line.vat_minor) if doc.shows_vat else "-",
                    doc.money(line.amount_minor),
                )
            )
    pdf.ln(3)

    if doc.vat_rows:
        pdf.set_font(FAMILY, "B", 10)
        pdf.cell(0, 6, _("VAT summary"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FAMILY, "", 9)
        with pdf.table(
            col_widths=(70, 40, 40, 40),
            text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT"),
            headings_style=FontFace(family=FAMILY, emphasis="BOLD"),
            line_height=5,
        ) as table:
            table.row((_("Treatment"), _("Before VAT"), _("VAT"), _("Amount")))
            for row in doc.vat_rows:
                table.row(
                    (row.vat_label, doc.money(row.net_minor), doc.money(row.vat_minor), doc.money(row.gross_minor))
                )
        pdf.ln(3)

    pdf.set_font(FAMILY, "B", 12)
    amount = {"amount": doc.money(doc.total_minor)}
    total = _("Total credited: %(amount)s") % amount if doc.is_credit_note else _("Total to pay: %(amount)s") % amount
    pdf.cell(0, 7, total, align="R", new_x="LMARGIN", new_y="NEXT")
    if doc.shows_vat:
        pdf.set_font(FAMILY, "", 10)
        including = _("including VAT of %(amount)s") % {"amount": doc.money(doc.vat_minor)}
        pdf.cell(0, 5, including, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    if doc.note:
        _block(pdf, _("Note"), doc.note)
    if doc.payment_instructions:
        _block(pdf, _("How to pay"), doc.payment_instructions)
    return bytes(pdf.output())


async def invoice_pdf(doc: InvoiceDocument) -> bytes:
    """``render_pdf`` in a worker thread."""
    return await _drawing.run(render_pdf, doc)
