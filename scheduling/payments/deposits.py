"""A booking's returnable deposit: due when the booking is confirmed, then taken, then returned or kept.

``deposit_due`` runs inside the confirming transaction and makes the ``Deposit`` row (status due) when the
price the booking was confirmed at carries a deposit. Taking it records a ``for_deposit`` payment (status
held); returning records a ``for_deposit`` refund of what goes back: all (returned), some (part_returned,
the rest kept) or none (retained). Keeping anything needs a reason, which the hirer is told. A cancelled
booking's deposit is due back in full; its row stays as it was for the treasurer to return, and a deposit
still due on a cancelled booking can no longer be taken (its line was credited).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from piccolo.columns.combination import Combinable

from scheduling.bookings.status import BookingStatus
from scheduling.invoices.issue import MAX_BIND_PARAMETERS
from scheduling.models import Booking, Deposit
from scheduling.notices.notify import deposit_notice
from scheduling.payments.record import PaymentDraft, record_deposit_money
from scheduling.vocabulary import DepositStatus, PaymentKind
from scheduling.wording import money
from venues.core import clock
from venues.core.database import write_transaction
from venues.core.errors import Conflict, InvalidInput, NotFound
from venues.core.i18n import _
from venues.core.ids import in_id_range
from venues.core.row_locks import lock_row


def deposit_in(price_breakdown: Any) -> int:
    """The deposit a stored quote carries (``deposit_minor``), 0 for breakdowns from before deposits."""
    if isinstance(price_breakdown, str):
        price_breakdown = json.loads(price_breakdown or "{}")
    if not isinstance(price_breakdown, dict):
        return 0
    return int(price_breakdown.get("deposit_minor") or 0)


async def deposit_due(booking: Booking) -> Deposit | None:
    """Inside the confirming transaction: the booking's deposit row, made (status due) when its stored price
    carries a deposit and it has none yet; ``None`` when no deposit is asked."""
    amount = deposit_in(booking.price_breakdown)
    if amount <= 0:
        return None
    found = await Deposit.objects().where(Deposit.booking == booking.id).first()
    if found is not None:
        return found
    deposit = Deposit(booking=booking.id, venue=booking.venue, amount_minor=amount, currency=booking.currency or "GBP")
    await deposit.save()
    return deposit


async def deposits_due(bookings: Sequence[Booking]) -> None:
    """``deposit_due`` for many bookings (a series' dates) in a fixed number of queries."""
    wanted = {booking.id: (booking, deposit_in(booking.price_breakdown)) for booking in bookings}
    wanted = {booking_id: item for booking_id, item in wanted.items() if item[1] > 0}
    if not wanted:
        return
    have = {row["booking"] for row in await Deposit.select(Deposit.booking).where(Deposit.booking.is_in(list(wanted)))}
    rows = [
        Deposit(booking=booking.id, venue=booking.venue, amount_minor=amount, currency=booking.currency or "GBP")
        for booking_id, (booking, amount) in wanted.items()
        if booking_id not in have
    ]
    size = MAX_BIND_PARAMETERS // len(Deposit._meta.columns)
    for start in range(0, len(rows), size):
        await Deposit.insert(*rows[start : start + size])


async def booking_deposit(venue_id: int, booking_id: int) -> Deposit:
    deposit = await Deposit.objects().where(Deposit.booking == booking_id).first() if in_id_range(booking_id) else None
    if deposit is None or deposit.venue != venue_id:
        raise NotFound(_("Booking %(booking_id)s at this venue has no deposit.") % {"booking_id": booking_id})
    return deposit


async def take_deposit(
    venue_id: int,
    booking_id: int,
    method: str,
    actor_id: int | None,
    received_on: date | None = None,
    reference: str = "",
    payer_name: str = "",
) -> Deposit:
    """The hirer pays the deposit: a ``for_deposit`` payment of its amount; status held. Only a deposit
    still due can be taken (409 otherwise)."""
    async with write_transaction():
        await lock_row(Deposit, (await booking_deposit(venue_id, booking_id)).id)
        deposit = await booking_deposit(venue_id, booking_id)
        if deposit.status != DepositStatus.due:
            raise Conflict(
                _("This deposit is %(status)s, not due; it cannot be taken again.") % {"status": deposit.status}
            )
        booking = await Booking.select(Booking.status).where(Booking.id == booking_id).first()
        if booking is None or booking["status"] == BookingStatus.cancelled:
            raise Conflict(_("This booking is cancelled; its deposit is no longer taken."))
        draft = PaymentDraft(
            kind=str(PaymentKind.payment),
            method=method,
            amount_minor=deposit.amount_minor,
            received_on=received_on,
            booking_id=booking_id,
            payer_name=payer_name,
            reference=reference,
            note="Deposit taken",
            for_deposit=True,
        )
        await record_deposit_money(venue_id, draft, actor_id)
        await Deposit.update(
            {Deposit.status: str(DepositStatus.held), Deposit.taken_minor: deposit.amount_minor}
        ).where(Deposit.id == deposit.id)
        deposit.status, deposit.taken_minor = str(DepositStatus.held), deposit.amount_minor
    return deposit


async def return_deposit(
    venue_id: int,
    booking_id: int,
    returned_minor: int,
    method: str,
    reason: str,
    actor_id: int | None,
    returned_on: date | None = None,
    reference: str = "",
) -> Deposit:
    """Settle a held deposit: ``returned_minor`` goes back (a ``for_deposit`` refund when above 0), the rest is
    kept with ``reason`` (required whenever anything is kept). Status returned, part_returned or retained."""
    reason = reason.strip()
    async with write_transaction():
        await lock_row(Deposit, (await booking_deposit(venue_id, booking_id)).id)
        deposit = await booking_deposit(venue_id, booking_id)
        if deposit.status != DepositStatus.held:
            raise Conflict(
                _("This deposit is %(status)s; only a deposit held can be returned or kept.")
                % {"status": deposit.status}
            )
        if not 0 <= returned_minor <= deposit.taken_minor:
            raise InvalidInput(
                "returned_minor",
                _("Return between nothing and the %(taken_minor)s taken.")
                % {"taken_minor": money(deposit.taken_minor)},
            )
        kept = deposit.taken_minor - returned_minor
        if kept and not reason:
            raise InvalidInput(
                "reason", _("Say why %(kept)s of the deposit is kept: the hirer is told.") % {"kept": money(kept)}
            )
        if returned_minor:
            draft = PaymentDraft(
                kind=str(PaymentKind.refund),
                method=method,
                amount_minor=returned_minor,
                received_on=returned_on,
                booking_id=booking_id,
                reference=reference,
                note="Deposit returned",
                for_deposit=True,
            )
            await record_deposit_money(venue_id, draft, actor_id)
        status = (
            DepositStatus.returned
            if not kept
            else DepositStatus.retained
            if not returned_minor
            else DepositStatus.part_returned
        )
        values = {
            "status": str(status),
            "returned_minor": returned_minor,
            "retained_minor": kept,
            "reason": reason,
            "settled_by": actor_id,
            "settled_at": clock.now(),
        }
        await Deposit.update({getattr(Deposit, key): value for key, value in values.items()}).where(
            Deposit.id == deposit.id
        )
        for key, value in values.items():
            setattr(deposit, key, value)
        await deposit_notice(deposit)
    return deposit


async def deposits_at(venue_id: int, statuses: list[str] | None = None) -> list[dict[str, Any]]:
    """The venue's deposits (with their booking's title, start and status), soonest booking first."""
    where: Combinable = Deposit.venue == venue_id
    if statuses:
        where &= Deposit.status.is_in(statuses)
    return (
        await Deposit.select(
            *Deposit.all_columns(),
            Deposit.booking.title.as_alias("title"),
            Deposit.booking.starts_at.as_alias("starts_at"),
            Deposit.booking.status.as_alias("booking_status"),
            Deposit.booking.group.as_alias("group_id"),
        )
        .where(where)
        .order_by(Deposit.booking.starts_at)
    )
