"""Issuing an invoice when bookings are confirmed, inside the confirmation's own transaction.

Lines come from each booking's stored ``price_breakdown`` (the quote it was confirmed at: hire, extra and
deposit lines; a breakdown stored before lines had a kind reads as hire). Prices are what the hirer pays,
VAT included: where the venue is VAT-registered a standard-rated line contains
``amount × rate ÷ (10000 + rate)`` of VAT (rate in basis points, rounded half-up in integers); zero-rated,
exempt and outside-the-scope lines (a returnable deposit) contain none, and a venue that is not registered
shows no VAT and no VAT number. Nothing is issued when the total (deposit included) is nothing, or when the
venue bills the booking's group monthly (``scheduling.invoices.monthly``). Names and addresses of buyer and
seller are copied at issue, so later edits or an account's deletion never change an issued invoice.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from scheduling.invoices.numbering import next_number, prefix_for, reference
from scheduling.models import Booking, Group, GroupBilling, Invoice, InvoiceLine
from scheduling.vocabulary import InvoiceKind, InvoiceLineKind
from scheduling.wording import money
from venues.billing.settings import money_settings
from venues.core import clock
from venues.core.errors import Conflict
from venues.core.i18n import _
from venues.core.timezones import zone
from venues.models import Venue, VenueMoneySettings
from venues.vocabulary import VatTreatment

MAX_BIND_PARAMETERS = 30_000


@dataclass(frozen=True)
class DraftLine:
    booking_id: int | None
    kind: str
    description: str
    service_date: date | None
    quantity: int
    unit_minor: int
    amount_minor: int
    vat_treatment: str
    # A credit note's line keeps the rate of the line it credits; ``None`` is the venue's rate now.
    vat_rate_bp: int | None = None


def vat_within(amount_minor: int, treatment: str, rate_bp: int, registered: bool) -> int:
    """The VAT contained in a VAT-inclusive amount, rounded half-up in integers (magnitude, sign kept)."""
    if not registered or treatment != VatTreatment.standard or rate_bp <= 0:
        return 0
    magnitude = abs(amount_minor)
    vat = (2 * magnitude * rate_bp + 10000 + rate_bp) // (2 * (10000 + rate_bp))
    return vat if amount_minor >= 0 else -vat


def local_day(moment: Any, tz_name: str) -> date:
    return moment.astimezone(zone(tz_name)).date()


def _loaded(breakdown: Any) -> dict[str, Any]:
    value = json.loads(breakdown) if isinstance(breakdown, str | bytes) else breakdown
    return value if isinstance(value, dict) else {}


def breakdown_lines(booking: Booking, tz_name: str, hire_treatment: str) -> list[DraftLine]:
    """The invoice lines of one booking's stored quote, with its deposit as a line of its own."""
    quote = _loaded(booking.price_breakdown)
    day = local_day(booking.starts_at, tz_name)
    lines: list[DraftLine] = []
    for raw in quote.get("lines") or []:
        if not isinstance(raw, dict):
            continue
        kind = str(raw.get("kind") or InvoiceLineKind.hire)
        amount = int(raw.get("amount_minor") or 0)
        quantity = int(raw.get("quantity") or 1)
        unit = int(raw.get("unit_minor") or 0)
        if quantity * unit != amount:
            quantity, unit = 1, amount
        default_treatment = VatTreatment.outside_scope if kind == InvoiceLineKind.deposit else hire_treatment
        treatment = str(raw.get("vat_treatment") or default_treatment)
        if amount:
            lines.append(
                DraftLine(booking.id, kind, str(raw.get("description") or ""), day, quantity, unit, amount, treatment)
            )
    deposit = int(quote.get("deposit_minor") or 0)
    if deposit and not any(line.kind == InvoiceLineKind.deposit for line in lines):
        lines.append(
            DraftLine(
                booking.id,
                str(InvoiceLineKind.deposit),
                "Returnable deposit",
                day,
                1,
                deposit,
                deposit,
                str(VatTreatment.outside_scope),
            )
        )
    return lines


async def billed_monthly(group_id: int | None, venue_id: int) -> bool:
    if group_id is None:
        return False
    return await GroupBilling.exists().where(
        (GroupBilling.group == group_id) & (GroupBilling.venue == venue_id) & (GroupBilling.monthly == True)  # noqa: E712
    )


async def billed_to(booking: Booking) -> tuple[str, str]:
    """The group's billing name and address when set, else the booker's name and the booking's address."""
    if booking.group is not None:
        group = await Group.select(Group.billing_name, Group.billing_address).where(Group.id == booking.group).first()
        if group is not None and group["billing_name"].strip():
            return group["billing_name"], group["billing_address"]
    return booking.booker_name, booking.billing_address


# What one invoice or credit note may total: its amounts are INTEGER columns (at most 2,147,483,647).
MAX_DOCUMENT_MINOR = 2_000_000_000


class DocumentTooLarge(Conflict):
    """The lines would total more than one document's amounts can hold."""

    rule = "invoice-too-large"


def check_document_size(lines: Sequence[DraftLine], currency: str) -> None:
    """Before a number is taken: a total no INTEGER column could store is a 409, not a database error."""
    total = sum(line.amount_minor for line in lines)
    largest = max([abs(total), *(abs(line.amount_minor) for line in lines)])
    if largest > MAX_DOCUMENT_MINOR:
        raise DocumentTooLarge(
            _(
                "These charges total %(total)s, more than one invoice can hold (%(MAX_DOCUMENT_MINOR)s); invoice them in parts (for example month by month)."
            )
            % {"total": money(total, currency), "MAX_DOCUMENT_MINOR": money(MAX_DOCUMENT_MINOR, currency)},
            rule=DocumentTooLarge.rule,
        )


async def write_document(
    venue: Venue,
    settings: VenueMoneySettings,
    kind: str,
    lines: Sequence[DraftLine],
    actor_id: int | None,
    billing: tuple[str, str],
    *,
    group_id: int | None = None,
    booking_id: int | None = None,
    credits: int | None = None,
    period: tuple[date, date] | None = None,
    note: str = "",
    currency: str = "GBP",
) -> Invoice:
    """Number and save an invoice or credit note with its lines; call inside ``write_transaction()``."""
    check_document_size(lines, currency)
    registered = bool(settings.vat_registered)
    rate = settings.vat_rate_bp if registered else 0
    number = await next_number(venue.id, kind)
    prefix = prefix_for(kind, settings.invoice_prefix, settings.credit_note_prefix)
    issued_on = local_day(clock.now(), venue.timezone)
    rows = []
    for position, line in enumerate(lines):
        line_rate = rate if line.vat_rate_bp is None else line.vat_rate_bp
        line_vat = vat_within(
            line.amount_minor, line.vat_treatment, line_rate, line.vat_rate_bp is not None or registered
        )
        rows.append(
            InvoiceLine(
                booking=line.booking_id,
                kind=line.kind,
                description=line.description,
                service_date=line.service_date,
                quantity=line.quantity,
                unit_minor=line.unit_minor,
                amount_minor=line.amount_minor,
                vat_treatment=line.vat_treatment,
                vat_rate_bp=line_rate if line_vat or line.vat_treatment == VatTreatment.standard else 0,
                vat_minor=line_vat,
                position=position,
            )
        )
    invoice = Invoice(
        venue=venue.id,
        kind=str(kind),
        number=number,
        reference=reference(prefix, number),
        credits=credits,
        group=group_id,
        booking=booking_id,
        billing_name=billing[0],
        billing_address=billing[1],
        seller_name=settings.billing_name or venue.name,
        seller_address=settings.billing_address or venue.address,
        vat_number=settings.vat_number if registered else "",
        currency=currency,
        total_minor=sum(row.amount_minor for row in rows),
        vat_minor=sum(row.vat_minor for row in rows),
        issued_on=issued_on,
        due_on=issued_on + timedelta(days=settings.payment_terms_days) if kind == InvoiceKind.invoice else None,
        period_start=period[0] if period else None,
        period_end=period[1] if period else None,
        note=note,
        issued_by=actor_id,
        issued_at=clock.now(),
    )
    await invoice.save()
    for row in rows:
        row.invoice = invoice.id
    size = MAX_BIND_PARAMETERS // len(InvoiceLine._meta.columns)  # a long series' lines, in inserts the engines take
    for start in range(0, len(rows), size):
        await InvoiceLine.insert(*rows[start : start + size])
    return invoice


async def issue_for_bookings(
    bookings: Sequence[Booking],
    actor_id: int | None,
    *,
    period: tuple[date, date] | None = None,
    monthly: bool = False,
    billing: tuple[str, str] | None = None,
) -> Invoice | None:
    """One invoice for ``bookings`` (one venue, one buyer: a booking, a series' dates or a group's month),
    lines per booking and date. ``None`` when it would total nothing or the group is billed monthly
    (unless this is the monthly run). Call inside the confirming ``write_transaction()``."""
    if not bookings:
        return None
    first = bookings[0]
    # Nothing to invoice (the free tier, a hire priced at nothing) is known from the stored quotes alone: their
    # amounts do not depend on the venue's zone or VAT treatment, so the venue and its settings are not read.
    if sum(line.amount_minor for b in bookings for line in breakdown_lines(b, "UTC", VatTreatment.outside_scope)) <= 0:
        return None
    if not monthly and await billed_monthly(first.group, first.venue):
        return None
    venue = await Venue.objects().where(Venue.id == first.venue).first()
    if venue is None:
        return None
    settings = await money_settings(venue.id)
    ordered = sorted(bookings, key=lambda b: (b.starts_at, b.id))
    lines = [line for b in ordered for line in breakdown_lines(b, venue.timezone, settings.hire_vat_treatment)]
    if sum(line.amount_minor for line in lines) <= 0:
        return None
    return await write_document(
        venue,
        settings,
        str(InvoiceKind.invoice),
        lines,
        actor_id,
        billing if billing is not None else await billed_to(first),
        group_id=first.group,
        booking_id=first.id if len(bookings) == 1 and not monthly else None,
        period=period,
        currency=first.currency or "GBP",
    )


async def issue_for_booking(booking: Booking, actor_id: int | None) -> Invoice | None:
    """The invoice for a booking just confirmed (its price fixed on ``booking``), or ``None`` (free, or its
    group is billed monthly). Call inside the confirming ``write_transaction()``."""
    return await issue_for_bookings([booking], actor_id)


async def issue_cancellation_charge(
    booking: Booking, refund_percent: int, actor_id: int | None, reason: str
) -> Invoice | None:
    """A booking confirmed but not yet invoiced (its group billed monthly) that the hirer cancels: an invoice
    at once for what the policy keeps, ``100 − refund_percent`` of its net hire and extras (the refund
    share rounded half-up, as a credit note would), lines keeping their VAT treatment and no deposit.
    ``None`` when nothing is kept. Call inside the cancellation's ``write_transaction()``."""
    venue = await Venue.objects().where(Venue.id == booking.venue).first()
    if venue is None:
        return None
    settings = await money_settings(venue.id)
    priced = [
        line
        for line in breakdown_lines(booking, venue.timezone, settings.hire_vat_treatment)
        if line.kind != InvoiceLineKind.deposit
    ]
    net = max(0, sum(line.amount_minor for line in priced))
    kept = net - (2 * net * refund_percent + 100) // 200
    positive = [line for line in priced if line.amount_minor > 0]
    total = sum(line.amount_minor for line in positive)
    if kept <= 0 or total <= 0:
        return None
    shares = [kept * line.amount_minor // total for line in positive]
    for i in sorted(range(len(positive)), key=lambda i: -(kept * positive[i].amount_minor % total))[
        : kept - sum(shares)
    ]:
        shares[i] += 1
    label = f"Cancellation charge ({100 - refund_percent}% kept)"
    lines = [
        DraftLine(
            line.booking_id,
            line.kind,
            f"{label}: {line.description}",
            line.service_date,
            1,
            share,
            share,
            line.vat_treatment,
        )
        for line, share in zip(positive, shares, strict=True)
        if share > 0
    ]
    return await write_document(
        venue,
        settings,
        str(InvoiceKind.invoice),
        lines,
        actor_id,
        await billed_to(booking),
        group_id=booking.group,
        booking_id=booking.id,
        note=reason,
        currency=booking.currency or "GBP",
    )
