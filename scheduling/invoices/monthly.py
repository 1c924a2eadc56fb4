"""Monthly invoices for regular hirers: a group a venue bills monthly gets one invoice for every confirmed
booking of a calendar month (by the venue's local date of its start) not invoiced yet.

A group the venue billed monthly before and no longer does is still picked up for its bookings confirmed
while it was (any group with a billing row at the venue: one never monthly has nothing left uninvoiced, its
bookings being invoiced at confirmation), so turning monthly billing off strands nothing.

Idempotent: a booking already on an invoice (credit notes aside) is never invoiced again, so running a
month twice issues nothing new. The venue's row is held first, so two runs at once queue instead of both
issuing.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime

from scheduling.bookings.status import BookingStatus
from scheduling.invoices.issue import issue_for_bookings
from scheduling.models import Booking, Group, GroupBilling, Invoice, InvoiceLine
from scheduling.notices.notify import invoice_notice
from scheduling.vocabulary import InvoiceKind
from venues.core.database import write_transaction
from venues.core.errors import InvalidInput
from venues.core.i18n import _
from venues.core.row_locks import lock_row
from venues.core.timezones import FIRST_DAY, LAST_DAY, to_utc
from venues.lookups import get_venue
from venues.models import Venue


async def invoiced_booking_ids(booking_ids: list[int]) -> set[int]:
    """Those of ``booking_ids`` already on an invoice (a credit note does not count)."""
    if not booking_ids:
        return set()
    rows = await InvoiceLine.select(InvoiceLine.booking).where(
        InvoiceLine.booking.is_in(booking_ids) & (InvoiceLine.invoice.kind == str(InvoiceKind.invoice))
    )
    return {row["booking"] for row in rows}


def month_span(year: int, month: int) -> tuple[date, date]:
    if not 1 <= month <= 12:
        raise InvalidInput("month", _("A month is 1 to 12."))
    if not FIRST_DAY.year <= year < LAST_DAY.year:
        raise InvalidInput(
            "year", _("A year from %(first)s to %(last)s.") % {"first": FIRST_DAY.year, "last": LAST_DAY.year - 1}
        )
    first = date(year, month, 1)
    return first, date(year, month, calendar.monthrange(year, month)[1])


async def issue_monthly(venue_id: int, year: int, month: int, actor_id: int | None) -> list[Invoice]:
    """One invoice per group billed monthly at the venue (now or before), for that month's confirmed bookings
    not yet invoiced."""
    venue = await get_venue(venue_id)
    first, last = month_span(year, month)
    next_first = date(year + (month == 12), month % 12 + 1, 1)
    starts = to_utc(datetime(first.year, first.month, first.day), venue.timezone)
    ends = to_utc(datetime(next_first.year, next_first.month, next_first.day), venue.timezone)
    issued: list[Invoice] = []
    async with write_transaction():
        await lock_row(Venue, venue.id)
        groups = await GroupBilling.select(GroupBilling.group).where(GroupBilling.venue == venue.id)
        for group_id in sorted({row["group"] for row in groups}):
            bookings = (
                await Booking.objects()
                .where(
                    (Booking.venue == venue.id)
                    & (Booking.group == group_id)
                    & (Booking.status == str(BookingStatus.confirmed))
                    & (Booking.starts_at >= starts)
                    & (Booking.starts_at < ends)
                )
                .order_by(Booking.starts_at)
            )
            done = await invoiced_booking_ids([b.id for b in bookings])
            waiting = [b for b in bookings if b.id not in done]
            if not waiting:
                continue
            invoice = await issue_for_bookings(
                waiting, actor_id, period=(first, last), monthly=True, billing=await group_billed_to(group_id)
            )
            if invoice is not None:
                issued.append(invoice)
                await invoice_notice(invoice, waiting[0].id)
    return issued


async def group_billed_to(group_id: int) -> tuple[str, str]:
    """The group's billing name and address, else its name."""
    group = (
        await Group.select(Group.name, Group.billing_name, Group.billing_address).where(Group.id == group_id).first()
    )
    if group is None:
        return "", ""
    return group["billing_name"].strip() or group["name"], group["billing_address"]


async def set_monthly(group_id: int, venue_id: int, monthly: bool) -> bool:
    """Whether the venue bills the group monthly (one row per pair)."""
    async with write_transaction():
        await lock_row(Venue, venue_id)
        found = await GroupBilling.exists().where((GroupBilling.group == group_id) & (GroupBilling.venue == venue_id))
        if found:
            await GroupBilling.update({GroupBilling.monthly: monthly}).where(
                (GroupBilling.group == group_id) & (GroupBilling.venue == venue_id)
            )
        else:
            await GroupBilling(group=group_id, venue=venue_id, monthly=monthly).save()
    return monthly


async def monthly_group_ids(venue_id: int) -> set[int]:
    rows = await GroupBilling.select(GroupBilling.group).where(
        (GroupBilling.venue == venue_id) & (GroupBilling.monthly == True)  # noqa: E712
    )
    return {row["group"] for row in rows}
