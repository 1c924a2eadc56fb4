"""Request and response bodies for invoices, credit notes and how a venue bills a group."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from msgspec import UNSET, Meta, Struct, UnsetType

from api.schemas import LongText
from scheduling.vocabulary import InvoiceKind, InvoiceLineKind
from venues.vocabulary import VatTreatment


class InvoiceLineOut(Struct):
    booking_id: int | None
    kind: InvoiceLineKind
    description: str
    service_date: date | None
    quantity: int
    unit_minor: int
    amount_minor: int
    vat_treatment: VatTreatment
    vat_rate_bp: int
    vat_minor: int


class InvoiceOut(Struct):
    """An invoice or credit note as issued; amounts are what the hirer pays, ``vat_minor`` the VAT within
    ``total_minor``. A credit note's amounts are positive and reduce what is owed (``credits_id``: the
    invoice). ``lines`` and ``credited_minor`` (what credit notes took off an invoice) come with one invoice."""

    id: int
    venue_id: int
    kind: InvoiceKind
    number: int
    reference: str
    credits_id: int | None
    group_id: int | None
    booking_id: int | None
    billing_name: str
    billing_address: str
    seller_name: str
    seller_address: str
    vat_number: str
    currency: str
    total_minor: int
    vat_minor: int
    issued_on: date
    due_on: date | None
    period_start: date | None
    period_end: date | None
    note: str
    issued_at: datetime
    lines: list[InvoiceLineOut] | UnsetType = UNSET
    credited_minor: int | UnsetType = UNSET


class MonthlyIn(Struct, forbid_unknown_fields=True):
    """The calendar month (venue-local dates of the bookings' starts) to invoice."""

    year: Annotated[int, Meta(ge=2000, le=2199)]
    month: Annotated[int, Meta(ge=1, le=12)]


class CreditNoteIn(Struct, forbid_unknown_fields=True):
    amount_minor: Annotated[int, Meta(ge=1, le=100_000_000, description="money in minor units (pence)")]
    reason: LongText = ""


class GroupBillingIn(Struct, forbid_unknown_fields=True):
    monthly: bool


class GroupBillingOut(Struct):
    venue_id: int
    group_id: int
    monthly: bool
