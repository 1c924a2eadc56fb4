"""Recording money received (a payment) or paid back (a refund) at a venue.

A payment row is never changed afterwards (a trigger refuses updates); a mistake is put right with a
refund. A refund names the booking, group or invoice it is for and is never more than what was paid
for it, less what was already refunded (409): counted inside the write transaction with the venue's row
held, so two treasurers refunding at once cannot both take the same money back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from piccolo.columns.combination import Combinable
from piccolo.query.functions.aggregate import Sum

from scheduling.models import Booking, Invoice, Payment
from scheduling.vocabulary import PaymentKind, PaymentMethod
from scheduling.wording import money
from venues.core import clock
from venues.core.database import write_transaction
from venues.core.errors import Conflict, InvalidInput
from venues.core.i18n import _
from venues.core.ids import in_id_range
from venues.core.row_locks import lock_row
from venues.core.timezones import check_day
from venues.lookups import get_venue
from venues.models import Venue


@dataclass(frozen=True)
class PaymentDraft:
    """What the treasurer says came in or went back; ``received_on`` is the venue-local date (today if unset)."""

    kind: str
    method: str
    amount_minor: int
    received_on: date | None = None
    booking_id: int | None = None
    group_id: int | None = None
    invoice_id: int | None = None
    payer_name: str = ""
    reference: str = ""
    note: str = ""
    for_deposit: bool = False


async def group_at_venue(venue_id: int, group_id: int) -> bool:
    """A group is the venue's to bill when it has booked there or been invoiced there."""
    if not in_id_range(group_id):
        return False
    if await Booking.exists().where((Booking.venue == venue_id) & (Booking.group == group_id)):
        return True
    return await Invoice.exists().where((Invoice.venue == venue_id) & (Invoice.group == group_id))


async def _what_for(venue_id: int, draft: PaymentDraft) -> tuple[int | None, int | None, int | None]:
    """The booking, group and invoice a payment is for, each checked to be the venue's; the group (and the
    booking) follow from an invoice or a booking when not given."""
    booking_id, group_id, invoice_id = draft.booking_id, draft.group_id, draft.invoice_id
    if invoice_id is not None:
        invoice = (
            await Invoice.select(Invoice.venue, Invoice.booking, Invoice.group).where(Invoice.id == invoice_id).first()
            if in_id_range(invoice_id)
            else None
        )
        if invoice is None or invoice["venue"] != venue_id:
            raise InvalidInput(
                "invoice_id",
                _("Invoice %(invoice_id)s is not one of this venue's invoices.") % {"invoice_id": invoice_id},
            )
        booking_id = booking_id if booking_id is not None else invoice["booking"]
        group_id = group_id if group_id is not None else invoice["group"]
    if booking_id is not None:
        booking = (
            await Booking.select(Booking.venue, Booking.group).where(Booking.id == booking_id).first()
            if in_id_range(booking_id)
            else None
        )
        if booking is None or booking["venue"] != venue_id:
            raise InvalidInput(
                "booking_id",
                _("Booking %(booking_id)s is not one of this venue's bookings.") % {"booking_id": booking_id},
            )
        group_id = group_id if group_id is not None else booking["group"]
    if group_id is not None and not await group_at_venue(venue_id, group_id):
        raise InvalidInput(
            "group_id", _("Group %(group_id)s has no bookings or invoices at this venue.") % {"group_id": group_id}
        )
    return booking_id, group_id, invoice_id


async def paid_net(venue_id: int, booking_id: int | None = None, group_id: int | None = None) -> int:
    """What was paid for a booking (or a group) at the venue less what was refunded, in minor units."""
    where: Combinable = Payment.venue == venue_id
    where &= (Payment.booking == booking_id) if booking_id is not None else (Payment.group == group_id)
    totals = {
        row["kind"]: row["total"] or 0
        for row in await Payment.select(Payment.kind, Sum(Payment.amount_minor).as_alias("total"))
        .where(where)
        .group_by(Payment.kind)
    }
    return int(totals.get(str(PaymentKind.payment), 0)) - int(totals.get(str(PaymentKind.refund), 0))


async def record_payment(venue_id: int, draft: PaymentDraft, actor_id: int | None) -> Payment:
    """Record money in (``kind`` payment) or back out (refund). Refuses an unknown method or kind, an amount
    not above zero, a booking, group or invoice that is not the venue's, a refund larger than what was
    paid for its booking or group less earlier refunds (409), and money for a deposit (400): a deposit is
    taken and returned through its own row (``scheduling.payments.deposits``), which this would bypass.
    Runs in its own (or the caller's) transaction."""
    if draft.for_deposit:
        raise InvalidInput("for_deposit", _("Take or return a deposit with the booking's deposit actions."))
    return await record_deposit_money(venue_id, draft, actor_id)


async def record_deposit_money(venue_id: int, draft: PaymentDraft, actor_id: int | None) -> Payment:
    """``record_payment`` without its refusal of deposit money: for ``scheduling.payments.deposits`` only,
    which keeps the ``Deposit`` row in step."""
    venue = await get_venue(venue_id)
    if draft.kind not in PaymentKind.__members__:
        raise InvalidInput("kind", _("A payment is either a payment (money in) or a refund (money back)."))
    if draft.method not in PaymentMethod.__members__:
        raise InvalidInput("method", _("Say how it was paid: cash, cheque, bank_transfer or card_elsewhere."))
    if draft.amount_minor <= 0:
        raise InvalidInput("amount_minor", _("The amount must be more than nothing; a refund is recorded as a refund."))
    received_on = check_day("received_on", draft.received_on or clock.today_in(venue.timezone))
    booking_id, group_id, invoice_id = await _what_for(venue.id, draft)
    if draft.kind == PaymentKind.refund and booking_id is None and group_id is None:
        raise InvalidInput("booking_id", _("Say which booking or group the refund is for."))
    async with write_transaction():
        await lock_row(Venue, venue.id)
        if draft.kind == PaymentKind.refund:
            paid = await paid_net(venue.id, booking_id, None if booking_id is not None else group_id)
            if draft.amount_minor > paid:
                raise Conflict(
                    (
                        _(
                            "A refund of %(amount)s is more than the %(paid)s paid for this booking and not yet refunded."
                        )
                        if booking_id is not None
                        else _(
                            "A refund of %(amount)s is more than the %(paid)s paid for this group and not yet refunded."
                        )
                    )
                    % {"amount": money(draft.amount_minor), "paid": money(paid)},
                    paid_minor=paid,
                )
        payment = Payment(
            venue=venue.id,
            booking=booking_id,
            group=group_id,
            invoice=invoice_id,
            kind=draft.kind,
            method=draft.method,
            amount_minor=draft.amount_minor,
            currency=venue_currency(),
            for_deposit=draft.for_deposit,
            received_on=received_on,
            payer_name=draft.payer_name,
            reference=draft.reference,
            note=draft.note,
            recorded_by=actor_id,
            recorded_at=clock.now(),
        )
        await payment.save()
    return payment


def venue_currency() -> str:
    return "GBP"


async def list_payments(
    venue_id: int, limit: int, offset: int, booking_id: int | None = None, group_id: int | None = None
) -> tuple[list[Payment], int]:
    """The venue's payments and refunds, latest received first (then latest recorded), with how many in all."""
    where: Combinable = Payment.venue == venue_id
    if booking_id is not None:
        where &= Payment.booking == booking_id
    if group_id is not None:
        where &= Payment.group == group_id
    rows = (
        await Payment.objects()
        .where(where)
        .order_by(Payment.received_on, ascending=False)
        .order_by(Payment.id, ascending=False)
        .limit(limit)
        .offset(offset)
    )
    return rows, await Payment.count().where(where)
