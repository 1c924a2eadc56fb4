"""What cancelling gives back, called inside each cancelling transaction.

A hirer (the booker or the group's organisers) cancelling gets the venue's cancellation policy's percent of
the invoiced hire and extras (``policy.refund_percent``, days counted in the venue's local dates); the venue
cancelling (a manager, a closure or new hours resolved by cancelling) refunds it all. Either way a deposit
never taken is credited in full; a deposit taken is settled by the treasurer returning it (the ``Deposit``
row stays held until then), see ``scheduling.payments.balances``. The credit note itself
is ``scheduling.invoices.credit.credit_cancelled``'s; only bookings that were invoiced are passed to it.

A booking confirmed but not yet invoiced (its group is billed monthly at the venue, now or before) has
nothing to credit: when the hirer cancels it and the policy keeps anything, what is kept is invoiced at
once as a cancellation charge (``issue.issue_cancellation_charge``); the monthly run never sees a cancelled
booking, so it is charged once. A booking only requested, or cancelled by the venue, is charged nothing.
"""

from __future__ import annotations

import json
from datetime import datetime

from scheduling.bookings.status import BookingStatus
from scheduling.invoices import credit, issue
from scheduling.models import Booking, BookingEvent, GroupBilling, Invoice, InvoiceLine
from scheduling.payments.policy import refund_percent
from venues.billing.settings import money_settings
from venues.core.timezones import zone
from venues.models import Venue

FULL = 100


async def _invoiced(booking_ids: list[int]) -> list[int]:
    """Those of ``booking_ids`` an invoice or an invoice line names, in order."""
    if not booking_ids:
        return []
    named = {
        row["booking"]
        for row in await InvoiceLine.select(InvoiceLine.booking).where(InvoiceLine.booking.is_in(booking_ids))
    }
    named |= {row["booking"] for row in await Invoice.select(Invoice.booking).where(Invoice.booking.is_in(booking_ids))}
    return [booking_id for booking_id in booking_ids if booking_id in named]


async def _uninvoiced_confirmed_monthly(booking_ids: list[int]) -> list[int]:
    """Those of ``booking_ids`` (just cancelled, not invoiced) that were confirmed when cancelled (their
    cancellation's history entry says so) and whose group the venue bills (or billed) monthly."""
    if not booking_ids:
        return []
    rows = await Booking.select(Booking.id, Booking.venue, Booking.group).where(
        Booking.id.is_in(booking_ids) & Booking.group.is_not_null()
    )
    billed = {
        (row["group"], row["venue"])
        for row in await GroupBilling.select(GroupBilling.group, GroupBilling.venue).where(
            GroupBilling.group.is_in(sorted({row["group"] for row in rows}) or [0])
        )
    }
    candidates = {row["id"] for row in rows if (row["group"], row["venue"]) in billed}
    if not candidates:
        return []
    was_confirmed = set()
    for event in await BookingEvent.select(BookingEvent.booking, BookingEvent.changes).where(
        BookingEvent.booking.is_in(sorted(candidates)) & (BookingEvent.action == str(BookingStatus.cancelled))
    ):
        changes = json.loads(event["changes"]) if isinstance(event["changes"], str) else event["changes"]
        status = changes.get("status") if isinstance(changes, dict) else None
        if isinstance(status, list) and status and status[0] == BookingStatus.confirmed:
            was_confirmed.add(event["booking"])
    return [booking_id for booking_id in booking_ids if booking_id in was_confirmed]


async def credit_hirer_cancelled(
    booking_ids: list[int], actor_id: int | None, reason: str, now: datetime
) -> list[Invoice]:
    """The hirer called these bookings off on ``now``: credit each by the venue's cancellation policy, or
    charge what the policy keeps of one confirmed but not yet invoiced (billed monthly); the credit notes issued."""
    invoiced = await _invoiced(booking_ids)
    charged = await _uninvoiced_confirmed_monthly([i for i in booking_ids if i not in set(invoiced)])
    issued: list[Invoice | None] = []
    if not invoiced and not charged:
        return []
    rows = await Booking.objects().where(Booking.id.is_in(invoiced + charged))
    by_id = {row.id: row for row in rows}
    venues: dict[int, tuple[str, object]] = {}
    for booking_id in invoiced + charged:
        row = by_id[booking_id]
        if row.venue not in venues:
            venue = await Venue.select(Venue.timezone).where(Venue.id == row.venue).first()
            tz_name = venue["timezone"] if venue is not None else "UTC"
            venues[row.venue] = (tz_name, (await money_settings(row.venue)).cancellation_policy)
        tz_name, policy = venues[row.venue]
        tz = zone(tz_name)
        percent = refund_percent(policy, row.starts_at.astimezone(tz).date(), now.astimezone(tz).date())
        if booking_id in charged:
            await issue.issue_cancellation_charge(row, percent, actor_id, reason)
        else:
            issued.append(await credit.credit_cancelled(booking_id, percent, actor_id, reason))
    return [note for note in issued if note is not None]


async def credit_venue_cancelled(booking_ids: list[int], actor_id: int | None, reason: str) -> list[Invoice]:
    """The venue called these bookings off: everything invoiced is credited; the credit notes issued."""
    issued = [
        await credit.credit_cancelled(booking_id, FULL, actor_id, reason) for booking_id in await _invoiced(booking_ids)
    ]
    return [note for note in issued if note is not None]


async def credit_cancelled_by(
    booking_ids: list[int], venue_acted: bool, actor_id: int | None, reason: str, now: datetime
) -> list[Invoice]:
    """``credit_venue_cancelled`` when the venue acted, else ``credit_hirer_cancelled``: the credit notes issued."""
    if venue_acted:
        return await credit_venue_cancelled(booking_ids, actor_id, reason)
    return await credit_hirer_cancelled(booking_ids, actor_id, reason, now)
