"""Request and response bodies for a venue's money: payments, deposits, balances, statements, overdue invoices."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from msgspec import Meta, Struct

from api.schemas import SINGLE_LINE, DatesInRange, LongText, MinorUnits, RowId, ShortText

Method = Literal["cash", "cheque", "bank_transfer", "card_elsewhere"]
PositiveMinor = Annotated[int, Meta(ge=1, le=100_000_000, description="money in minor units (pence), above 0")]
Reference = Annotated[str, Meta(max_length=100, pattern=SINGLE_LINE, description="one line")]


class PaymentCreate(DatesInRange, forbid_unknown_fields=True):
    """Money in (``payment``) or back out (``refund``). ``received_on`` is the venue-local date (today if
    left out). Name the booking, group or invoice it is for (a refund must): each must be the venue's."""

    method: Method
    amount_minor: PositiveMinor
    kind: Literal["payment", "refund"] = "payment"
    received_on: date | None = None
    booking_id: RowId | None = None
    group_id: RowId | None = None
    invoice_id: RowId | None = None
    payer_name: ShortText = ""
    reference: Reference = ""
    note: LongText = ""
    for_deposit: bool = False


class PaymentOut(Struct):
    id: int
    venue_id: int
    kind: str
    method: str
    amount_minor: int
    currency: str
    received_on: date
    booking_id: int | None
    group_id: int | None
    invoice_id: int | None
    payer_name: str
    reference: str
    note: str
    for_deposit: bool
    recorded_at: datetime | None


class DepositTake(DatesInRange, forbid_unknown_fields=True):
    method: Method
    received_on: date | None = None
    reference: Reference = ""
    payer_name: ShortText = ""


class DepositReturn(DatesInRange, forbid_unknown_fields=True):
    """``returned_minor`` goes back to the hirer; whatever is kept needs a ``reason`` (the hirer is told)."""

    returned_minor: MinorUnits
    method: Method
    reason: LongText = ""
    returned_on: date | None = None
    reference: Reference = ""


class DepositOut(Struct):
    id: int
    booking_id: int
    amount_minor: int
    currency: str
    status: str
    taken_minor: int
    returned_minor: int
    retained_minor: int
    reason: str


class BalanceOut(Struct):
    """``owed_minor`` = invoiced − credited − paid + refunded (refunds of deposits left out: they settle the
    deposit, except as far as a credit note credited the deposit, as a cancellation does: then returning it
    pays that credit back). Negative is money held in the hirer's favour."""

    invoiced_minor: int
    credited_minor: int
    paid_minor: int
    refunded_minor: int
    deposit_refunded_minor: int
    owed_minor: int
    deposits_held_minor: int
    currency: str


class StatementEntryOut(Struct):
    on: date
    type: str
    document: str
    description: str
    amount_minor: int
    balance_minor: int


class StatementOut(Struct):
    group_id: int
    group_name: str
    start: date | None
    end: date | None
    opening_minor: int
    closing_minor: int
    entries: list[StatementEntryOut]


class OverdueOut(Struct):
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
