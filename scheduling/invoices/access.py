"""Who may read an invoice or credit note: the venue's managers and treasurers (and admins), and the people it
is made out to: the organisers of the group it bills, and the booker (or the organisers of the group) of
the booking it was issued for or of any booking on its lines (an individual's series invoice names no one
booking). The one rule: the API's JSON and PDF and the printable page all ask here; nobody else learns
more than that the id exists."""

from __future__ import annotations

from scheduling.groups import organises
from scheduling.models import Booking, Invoice, InvoiceLine
from venues.core.errors import Forbidden, NotFound
from venues.core.i18n import _
from venues.core.ids import in_id_range
from venues.models import User
from venues.permissions import handles_money


async def may_read_invoice(user: User | None, invoice: Invoice) -> bool:
    if user is None:
        return False
    if await handles_money(user, invoice.venue):
        return True
    if invoice.group is not None and await organises(user, invoice.group):
        return True
    named = Booking.id.is_in(InvoiceLine.select(InvoiceLine.booking).where(InvoiceLine.invoice == invoice.id))
    if invoice.booking is not None:
        named |= Booking.id == invoice.booking
    if await Booking.exists().where(named & (Booking.booked_by == user.id)):
        return True
    groups = {row["group"] for row in await Booking.select(Booking.group).where(named).distinct()} - {
        None,
        invoice.group,
    }
    for group_id in sorted(groups):
        if await organises(user, group_id):
            return True
    return False


async def readable_invoice(user: User | None, invoice_id: int) -> Invoice:
    """The invoice ``invoice_id`` for ``user``: 404 when there is none, 403 when it is not theirs to read."""
    invoice = await Invoice.objects().where(Invoice.id == invoice_id).first() if in_id_range(invoice_id) else None
    if invoice is None:
        raise NotFound(_("There is no invoice with id %(invoice_id)s.") % {"invoice_id": invoice_id})
    if not await may_read_invoice(user, invoice):
        raise Forbidden(
            _("Only the venue's managers and treasurers, and whoever the invoice is made out to, may read it.")
        )
    return invoice
