"""What cancelling gives back, called inside each cancelling transaction.

A hirer (the booker or the group's organisers) cancelling gets the venue's cancellation policy's percent of
the invoiced hire and extras (``policy.refund_percent``, days counted in the venue's local dates); the venue
cancelling (a manager, a closure or new hours resolved by cancelling) refunds it all. Either way a deposit
never taken is credited in full; a deposit taken is settled by the treasurer returning it (the ``Deposit``
row stays held until then), see ``scheduling.payments.balances``. The credit note itself
is ``scheduling.invoices.credit.credit_cancelled``'s; only bookings that were invoiced are passed to it.
"""

from __future__ import annotations

from datetime import datetime

from scheduling.invoices import credit
from scheduling.models import Booking, Invoice, InvoiceLine
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


async def credit_hirer_cancelled(booking_ids: list[int], actor_id: int | None, reason: str, now: datetime) -> None:
    """The hirer called these bookings off on ``now``: credit each by the venue's cancellation policy."""
    invoiced = await _invoiced(booking_ids)
    if not invoiced:
        return
    rows = await Booking.select(Booking.id, Booking.venue, Booking.starts_at).where(Booking.id.is_in(invoiced))
    by_id = {row["id"]: row for row in rows}
    venues: dict[int, tuple[str, object]] = {}
    for booking_id in invoiced:
        row = by_id[booking_id]
        if row["venue"] not in venues:
            venue = await Venue.select(Venue.timezone).where(Venue.id == row["venue"]).first()
            tz_name = venue["timezone"] if venue is not None else "UTC"
            venues[row["venue"]] = (tz_name, (await money_settings(row["venue"])).cancellation_policy)
        tz_name, policy = venues[row["venue"]]
        tz = zone(tz_name)
        percent = refund_percent(policy, row["starts_at"].astimezone(tz).date(), now.astimezone(tz).date())
        await credit.credit_cancelled(booking_id, percent, actor_id, reason)


async def credit_venue_cancelled(booking_ids: list[int], actor_id: int | None, reason: str) -> None:
    """The venue called these bookings off: everything invoiced is credited."""
    for booking_id in await _invoiced(booking_ids):
        await credit.credit_cancelled(booking_id, FULL, actor_id, reason)


async def credit_cancelled_by(
    booking_ids: list[int], venue_acted: bool, actor_id: int | None, reason: str, now: datetime
) -> None:
    """``credit_venue_cancelled`` when the venue acted, else ``credit_hirer_cancelled``."""
    if venue_acted:
        await credit_venue_cancelled(booking_ids, actor_id, reason)
    else:
        await credit_hirer_cancelled(booking_ids, actor_id, reason, now)
