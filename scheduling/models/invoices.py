"""Invoices and credit notes: numbered per venue without gaps or repeats, and never changed once issued.

``InvoiceCounter`` holds the last number issued per (venue, kind); issuing takes the next number by
updating that row inside the issuing transaction, so concurrent issuers queue on it and a rolled-back
issue gives its number back. A unique index on (venue, kind, number) is the backstop, and triggers
refuse any change to an issued document's number, amounts, lines or billing details (see migrations).
Billing name and address are copied at issue and kept for six years whatever an account deletion erases.
"""

from piccolo.columns import Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from scheduling.models.bookings import Booking
from scheduling.models.groups import Group
from venues.models import User, Venue


class InvoiceCounter(Table):
    id: Serial

    venue = ForeignKey(references=Venue, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=16)
    last_number = Integer(default=0)


class Invoice(Table):
    """``kind`` is ``invoice`` or ``credit_note``; a credit note names the invoice it ``credits``.
    ``reference`` is the number as printed (``INV-000042``). Amounts are what the hirer pays, VAT
    included where it applies (``vat_minor`` is the VAT within ``total_minor``); a credit note's
    amounts are positive and reduce what is owed."""

    id: Serial

    venue = ForeignKey(references=Venue, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=16, default="invoice")
    number = Integer()
    reference = Varchar(length=32)
    credits: ForeignKey["Invoice"] = ForeignKey(
        references="Invoice", on_delete=OnDelete.set_null, null=True, default=None, index=True
    )
    group = ForeignKey(references=Group, on_delete=OnDelete.set_null, null=True, default=None, index=True)
    booking = ForeignKey(references=Booking, on_delete=OnDelete.set_null, null=True, default=None, index=True)
    billing_name = Varchar(length=200, default="")
    billing_address = Text(default="")
    seller_name = Varchar(length=200, default="")
    seller_address = Text(default="")
    vat_number = Varchar(length=40, default="")
    currency = Varchar(length=3, default="GBP")
    total_minor = Integer(default=0)
    vat_minor = Integer(default=0)
    issued_on = Date()
    due_on = Date(null=True, default=None)
    period_start = Date(null=True, default=None)
    period_end = Date(null=True, default=None)
    note = Text(default="")
    issued_by = ForeignKey(references=User, on_delete=OnDelete.set_null, null=True, default=None)
    issued_at = Timestamptz(default=TimestamptzNow())


class InvoiceLine(Table):
    """``kind`` is hire, extra or deposit; ``amount_minor`` is the gross amount of the line (quantity × unit),
    ``vat_minor`` the VAT within it by ``vat_treatment`` at ``vat_rate_bp`` (basis points)."""

    id: Serial

    invoice = ForeignKey(references=Invoice, on_delete=OnDelete.cascade, index=True)
    booking = ForeignKey(references=Booking, on_delete=OnDelete.set_null, null=True, default=None, index=True)
    kind = Varchar(length=16)
    description = Text()
    service_date = Date(null=True, default=None)
    quantity = Integer(default=1)
    unit_minor = Integer(default=0)
    amount_minor = Integer(default=0)
    vat_treatment = Varchar(length=16, default="exempt")
    vat_rate_bp = Integer(default=0)
    vat_minor = Integer(default=0)
    position = Integer(default=0)
