"""What a booking or a group owes a venue, its statement, and the invoices past due.

The arithmetic, in minor units, for a booking (its invoice lines) or a group (its invoices):

    owed = invoiced − credited − paid + refunded (refunds not for the deposit)

One model for the deposit, so it is never counted twice: the deposit line is invoiced like any line and the
deposit taken is paid like any payment; a deposit taken is then settled only by its return (a ``for_deposit``
refund, left out above, so returning it changes nothing owed, and what is kept stays paid), never by a credit
note. A credit note (a cancellation's, a treasurer's) credits a deposit line only for what of it was never
taken. So after a venue cancels a booking whose hire (6000) and deposit (5000) were paid: credited 6000,
owed −6000 (the hall owes the hirer £60) whether or not the deposit has been returned yet; refunding the 6000
brings it to 0. A negative balance is money held in the hirer's favour. ``deposits_held`` is what was taken
as deposits and is neither returned nor kept yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from piccolo.columns.combination import Combinable
from piccolo.query.functions.aggregate import Sum

from scheduling.models import Booking, Deposit, Group, Invoice, InvoiceLine, Payment
from scheduling.payments.record import group_at_venue
from scheduling.vocabulary import DepositStatus, InvoiceKind, PaymentKind
from venues.core.errors import NotFound
from venues.core.i18n import DEFAULT_LANGUAGE, _, current_language, gettext, lazy_gettext
from venues.core.ids import in_id_range
from venues.models import Venue


@dataclass(frozen=True)
class Balance:
    invoiced_minor: int
    credited_minor: int
    paid_minor: int
    refunded_minor: int
    deposit_refunded_minor: int
    deposits_held_minor: int
    currency: str = "GBP"

    @property
    def owed_minor(self) -> int:
        return self.invoiced_minor - self.credited_minor - self.paid_minor + self.refunded_minor


async def _payments(where: Any) -> tuple[int, int, int]:
    """(paid, refunded not for the deposit, refunded for the deposit)."""
    rows = (
        await Payment.select(Payment.kind, Payment.for_deposit, Sum(Payment.amount_minor).as_alias("total"))
        .where(where)
        .group_by(Payment.kind, Payment.for_deposit)
    )
    paid = refunded = deposit_refunded = 0
    for row in rows:
        total = int(row["total"] or 0)
        if row["kind"] == PaymentKind.payment:
            paid += total
        elif row["for_deposit"]:
            deposit_refunded += total
        else:
            refunded += total
    return paid, refunded, deposit_refunded


async def _held(where: Any) -> int:
    rows = await Deposit.select(Sum(Deposit.taken_minor).as_alias("total")).where(
        where & (Deposit.status == str(DepositStatus.held))
    )
    return int(rows[0]["total"] or 0) if rows else 0


async def booking_balance(venue_id: int, booking_id: int) -> Balance:
    """A booking's balance from the invoice lines naming it (or on an invoice for it alone) and its payments."""
    booking = (
        await Booking.select(Booking.venue).where(Booking.id == booking_id).first() if in_id_range(booking_id) else None
    )
    if booking is None or booking["venue"] != venue_id:
        raise NotFound(_("Booking %(booking_id)s is not one of this venue's bookings.") % {"booking_id": booking_id})
    names = (InvoiceLine.booking == booking_id) | (InvoiceLine.invoice.booking == booking_id)
    lines = (
        await InvoiceLine.select(
            InvoiceLine.invoice.kind.as_alias("kind"), Sum(InvoiceLine.amount_minor).as_alias("total")
        )
        .where(names & (InvoiceLine.invoice.venue == venue_id))
        .group_by(InvoiceLine.invoice.kind)
    )
    totals = {row["kind"]: int(row["total"] or 0) for row in lines}
    paid, refunded, deposit_refunded = await _payments((Payment.venue == venue_id) & (Payment.booking == booking_id))
    return Balance(
        invoiced_minor=totals.get(str(InvoiceKind.invoice), 0),
        credited_minor=totals.get(str(InvoiceKind.credit_note), 0),
        paid_minor=paid,
        refunded_minor=refunded,
        deposit_refunded_minor=deposit_refunded,
        deposits_held_minor=await _held((Deposit.venue == venue_id) & (Deposit.booking == booking_id)),
    )


def _group_invoices(venue_id: int, group_id: int) -> Combinable:
    return (Invoice.venue == venue_id) & (Invoice.group == group_id)


async def require_group_at(venue_id: int, group_id: int) -> None:
    if not await group_at_venue(venue_id, group_id):
        raise NotFound(_("Group %(group_id)s has no bookings or invoices at this venue.") % {"group_id": group_id})


async def group_balance(venue_id: int, group_id: int) -> Balance:
    """A group's balance at the venue: its invoices and credit notes there and the payments for it."""
    await require_group_at(venue_id, group_id)
    rows = (
        await Invoice.select(Invoice.kind, Sum(Invoice.total_minor).as_alias("total"))
        .where(_group_invoices(venue_id, group_id))
        .group_by(Invoice.kind)
    )
    totals = {row["kind"]: int(row["total"] or 0) for row in rows}
    paid, refunded, deposit_refunded = await _payments((Payment.venue == venue_id) & (Payment.group == group_id))
    return Balance(
        invoiced_minor=totals.get(str(InvoiceKind.invoice), 0),
        credited_minor=totals.get(str(InvoiceKind.credit_note), 0),
        paid_minor=paid,
        refunded_minor=refunded,
        deposit_refunded_minor=deposit_refunded,
        deposits_held_minor=await _held((Deposit.venue == venue_id) & (Deposit.booking.group == group_id)),
    )


@dataclass(frozen=True)
class GroupBalance:
    group_id: int
    group_name: str
    balance: Balance


async def group_balances(venue_id: int) -> list[GroupBalance]:
    """Every group with invoices or payments at the venue, by name: a handful of queries however many."""
    invoiced: dict[int, dict[str, int]] = {}
    for row in (
        await Invoice.select(Invoice.group, Invoice.kind, Sum(Invoice.total_minor).as_alias("total"))
        .where((Invoice.venue == venue_id) & Invoice.group.is_not_null())
        .group_by(Invoice.group, Invoice.kind)
    ):
        invoiced.setdefault(row["group"], {})[row["kind"]] = int(row["total"] or 0)
    money: dict[int, list[int]] = {}
    for row in (
        await Payment.select(
            Payment.group, Payment.kind, Payment.for_deposit, Sum(Payment.amount_minor).as_alias("total")
        )
        .where((Payment.venue == venue_id) & Payment.group.is_not_null())
        .group_by(Payment.group, Payment.kind, Payment.for_deposit)
    ):
        slot = money.setdefault(row["group"], [0, 0, 0])
        index = 0 if row["kind"] == PaymentKind.payment else 2 if row["for_deposit"] else 1
        slot[index] += int(row["total"] or 0)
    held: dict[int, int] = {}
    for row in (
        await Deposit.select(Deposit.booking.group.as_alias("group"), Sum(Deposit.taken_minor).as_alias("total"))
        .where((Deposit.venue == venue_id) & (Deposit.status == str(DepositStatus.held)))
        .group_by(Deposit.booking.group)
    ):
        if row["group"] is not None:
            held[row["group"]] = int(row["total"] or 0)
    ids = sorted(set(invoiced) | set(money) | set(held))
    if not ids:
        return []
    names = {row["id"]: row["name"] for row in await Group.select(Group.id, Group.name).where(Group.id.is_in(ids))}
    found = []
    for group_id in ids:
        kinds, (paid, refunded, deposit_refunded) = invoiced.get(group_id, {}), money.get(group_id, [0, 0, 0])
        balance = Balance(
            invoiced_minor=kinds.get(str(InvoiceKind.invoice), 0),
            credited_minor=kinds.get(str(InvoiceKind.credit_note), 0),
            paid_minor=paid,
            refunded_minor=refunded,
            deposit_refunded_minor=deposit_refunded,
            deposits_held_minor=held.get(group_id, 0),
        )
        found.append(GroupBalance(group_id, names.get(group_id, f"Group {group_id}"), balance))
    return sorted(found, key=lambda item: (item.group_name.lower(), item.group_id))


@dataclass(frozen=True)
class StatementEntry:
    on: date
    type: str  # invoice, credit_note, payment, refund
    document: str
    description: str
    amount_minor: int  # what it adds to the balance owed
    balance_minor: int
    id: int


@dataclass(frozen=True)
class Statement:
    group_id: int
    group_name: str
    start: date | None
    end: date | None
    opening_minor: int
    entries: list[StatementEntry] = field(default_factory=list)

    @property
    def closing_minor(self) -> int:
        return self.entries[-1].balance_minor if self.entries else self.opening_minor


# How money moved, as a statement in another language names it (English keeps the stored word, ``bank_transfer``).
_METHOD_WORDS = {
    "cash": lazy_gettext("Cash"),
    "cheque": lazy_gettext("Cheque"),
    "bank_transfer": lazy_gettext("Bank transfer"),
    "card_elsewhere": lazy_gettext("Card elsewhere"),
    "card_online": lazy_gettext("Card online"),
}


def _method_words(method: str) -> str:
    if current_language() == DEFAULT_LANGUAGE or method not in _METHOD_WORDS:
        return method
    return str(_METHOD_WORDS[method]).lower()


async def statement(venue_id: int, group_id: int, start: date | None = None, end: date | None = None) -> Statement:
    """The group's invoices, credit notes, payments and refunds at the venue from ``start`` to ``end``
    (inclusive, either open), oldest first with the balance owed after each; what came before ``start`` is
    the opening balance. Documents on one day come before that day's payments. A deposit returned changes
    nothing owed (its entry shows 0) unless a credit note credited the deposit (a cancellation): then it
    pays that credit back, as a refund would."""
    await require_group_at(venue_id, group_id)
    group = await Group.select(Group.name).where(Group.id == group_id).first()
    raw: list[tuple[date, int, int, str, str, str, int]] = []
    for row in await Invoice.select(
        Invoice.id, Invoice.kind, Invoice.reference, Invoice.issued_on, Invoice.total_minor, Invoice.note
    ).where(_group_invoices(venue_id, group_id)):
        credit = row["kind"] == InvoiceKind.credit_note
        raw.append(
            (
                row["issued_on"],
                0,
                row["id"],
                row["kind"],
                row["reference"],
                row["note"] or (gettext("Credit note") if credit else gettext("Invoice")),
                -row["total_minor"] if credit else row["total_minor"],
            )
        )
    for row in await Payment.select(
        Payment.id,
        Payment.kind,
        Payment.received_on,
        Payment.amount_minor,
        Payment.method,
        Payment.reference,
        Payment.for_deposit,
    ).where((Payment.venue == venue_id) & (Payment.group == group_id)):
        refund = row["kind"] == PaymentKind.refund
        method = {"method": _method_words(row["method"])}
        if row["for_deposit"]:
            what = gettext("Deposit returned (%(method)s)") if refund else gettext("Deposit received (%(method)s)")
        else:
            what = gettext("returned (%(method)s)") if refund else gettext("received (%(method)s)")
        effect = row["amount_minor"] if refund else -row["amount_minor"]
        if refund and row["for_deposit"]:
            effect = 0  # a deposit returned settles the deposit; it changes nothing owed
        raw.append((row["received_on"], 1, row["id"], row["kind"], row["reference"], what % method, effect))
    raw.sort(key=lambda item: (item[0], item[1], item[2]))
    opening = sum(item[6] for item in raw if start is not None and item[0] < start)
    running = opening
    entries = []
    for on, _unused, row_id, kind, document, description, effect in raw:
        if (start is not None and on < start) or (end is not None and on > end):
            continue
        running += effect
        entries.append(StatementEntry(on, kind, document, description, effect, running, row_id))
    return Statement(group_id, group["name"] if group else "", start, end, opening, entries)


@dataclass(frozen=True)
class Overdue:
    invoice_id: int
    reference: str
    billed_to: str
    group_id: int | None
    booking_id: int | None
    issued_on: date
    due_on: date
    total_minor: int
    outstanding_minor: int
    days_overdue: int


async def _outstanding(venue_id: int) -> list[tuple[dict[str, Any], int]]:
    """Each invoice of the venue (oldest first, credit notes left out) with what is outstanding on it: its total
    less its credit notes, then the account's payments (less refunds not for the deposit) applied to its
    invoices oldest first; the account is the invoice's group, else its booking."""
    invoices = (
        await Invoice.select(
            Invoice.id,
            Invoice.kind,
            Invoice.reference,
            Invoice.credits,
            Invoice.group,
            Invoice.booking,
            Invoice.billing_name,
            Invoice.issued_on,
            Invoice.due_on,
            Invoice.total_minor,
        )
        .where(Invoice.venue == venue_id)
        .order_by(Invoice.issued_on)
        .order_by(Invoice.id)
    )
    credited: dict[int, int] = {}
    for row in invoices:
        if row["kind"] == InvoiceKind.credit_note and row["credits"] is not None:
            credited[row["credits"]] = credited.get(row["credits"], 0) + row["total_minor"]
    pools: dict[tuple[str, int], int] = {}
    for row in (
        await Payment.select(
            Payment.group,
            Payment.booking,
            Payment.kind,
            Payment.for_deposit,
            Sum(Payment.amount_minor).as_alias("total"),
        )
        .where(Payment.venue == venue_id)
        .group_by(Payment.group, Payment.booking, Payment.kind, Payment.for_deposit)
    ):
        if row["kind"] == PaymentKind.refund and row["for_deposit"]:
            continue  # a deposit returned settles the deposit, not an invoice
        sign = 1 if row["kind"] == PaymentKind.payment else -1
        total = sign * int(row["total"] or 0)
        if row["group"] is not None:
            pools[("group", row["group"])] = pools.get(("group", row["group"]), 0) + total
        if row["booking"] is not None:
            pools[("booking", row["booking"])] = pools.get(("booking", row["booking"]), 0) + total
    found: list[tuple[dict[str, Any], int]] = []
    for row in invoices:
        if row["kind"] != InvoiceKind.invoice:
            continue
        account = ("group", row["group"]) if row["group"] is not None else ("booking", row["booking"])
        net = max(0, row["total_minor"] - credited.get(row["id"], 0))
        pool = max(0, pools.get(account, 0))
        applied = min(pool, net)
        pools[account] = pool - applied
        found.append((row, net - applied))
    return found


async def invoice_outstanding(venue_id: int) -> dict[int, int]:
    """What is still owed on each of the venue's invoices, by invoice id (as ``overdue`` reckons it)."""
    return {row["id"]: outstanding for row, outstanding in await _outstanding(venue_id)}


async def overdue(venue_id: int, today: date) -> list[Overdue]:
    """Invoices due before ``today`` with something outstanding (``_outstanding``), longest overdue first."""
    found = []
    for row, outstanding in await _outstanding(venue_id):
        due_on = row["due_on"]
        if outstanding > 0 and due_on is not None and due_on < today:
            found.append(
                Overdue(
                    row["id"],
                    row["reference"],
                    row["billing_name"],
                    row["group"],
                    row["booking"],
                    row["issued_on"],
                    due_on,
                    row["total_minor"],
                    outstanding,
                    (today - due_on).days,
                )
            )
    return sorted(found, key=lambda item: (item.due_on, item.invoice_id))


async def venues_billing_group(group_id: int) -> list[tuple[int, str]]:
    """The venues (id, name) that invoiced the group or recorded money for it, by name: its statements."""
    ids = {row["venue"] for row in await Invoice.select(Invoice.venue).where(Invoice.group == group_id).distinct()}
    ids |= {row["venue"] for row in await Payment.select(Payment.venue).where(Payment.group == group_id).distinct()}
    if not ids:
        return []
    rows = await Venue.select(Venue.id, Venue.name).where(Venue.id.is_in(sorted(ids))).order_by(Venue.name)
    return [(row["id"], row["name"]) for row in rows]


@dataclass(frozen=True)
class BookingMoney:
    """A booking's invoices and credit notes (id, reference, kind), oldest first, and what is owed on it."""

    documents: list[tuple[int, str, str]]
    owed_minor: int


async def money_of_bookings(booking_ids: list[int]) -> dict[int, BookingMoney]:
    """``booking_balance``'s ``owed`` and the documents naming each booking, for many bookings in two queries
    (a list of bookings shows them without a query each); bookings never invoiced are left out."""
    if not booking_ids:
        return {}
    wanted = set(booking_ids)
    lines = await InvoiceLine.select(
        InvoiceLine.booking,
        InvoiceLine.amount_minor,
        InvoiceLine.invoice.id.as_alias("invoice_id"),
        InvoiceLine.invoice.booking.as_alias("invoice_booking"),
        InvoiceLine.invoice.kind.as_alias("kind"),
        InvoiceLine.invoice.reference.as_alias("reference"),
    ).where(InvoiceLine.booking.is_in(booking_ids) | InvoiceLine.invoice.booking.is_in(booking_ids))
    owed: dict[int, int] = {}
    documents: dict[int, dict[int, tuple[int, str, str]]] = {}
    for line in lines:
        booking_id = line["booking"] if line["booking"] in wanted else line["invoice_booking"]
        sign = -1 if line["kind"] == InvoiceKind.credit_note else 1
        owed[booking_id] = owed.get(booking_id, 0) + sign * line["amount_minor"]
        documents.setdefault(booking_id, {})[line["invoice_id"]] = (line["invoice_id"], line["reference"], line["kind"])
    for row in (
        await Payment.select(
            Payment.booking, Payment.kind, Payment.for_deposit, Sum(Payment.amount_minor).as_alias("total")
        )
        .where(Payment.booking.is_in(booking_ids))
        .group_by(Payment.booking, Payment.kind, Payment.for_deposit)
    ):
        total = int(row["total"] or 0)
        if row["kind"] == PaymentKind.payment:
            owed[row["booking"]] = owed.get(row["booking"], 0) - total
        elif not row["for_deposit"]:
            owed[row["booking"]] = owed.get(row["booking"], 0) + total
    return {
        booking_id: BookingMoney(sorted(documents.get(booking_id, {}).values()), amount)
        for booking_id, amount in owed.items()
    }
