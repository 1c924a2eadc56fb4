"""How a venue bills: its VAT registration and the treatment of hire, payment terms, cancellation policy
and the name and address on its invoices. One row per venue, made on first use with safe defaults."""

from piccolo.columns import JSON, Boolean, ForeignKey, Integer, Serial, Text, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from venues.models.accounts import User
from venues.models.venues import Venue


class VenueMoneySettings(Table):
    """``cancellation_policy`` is a JSON list of ``[days_before, percent_refunded]`` steps, most days first
    (``[[14, 100], [7, 50]]``: full refund 14 or more days before, half 7 to 13, nothing after).
    ``vat_rate_bp`` is basis points (2000 = 20%). Prices a venue sets are what the hirer pays; where
    the venue is VAT-registered an invoice shows the VAT each standard-rated line contains."""

    id: Serial

    venue = ForeignKey(references=Venue, on_delete=OnDelete.cascade, unique=True, index=True)
    vat_registered = Boolean(default=False)
    vat_number = Varchar(length=40, default="")
    vat_rate_bp = Integer(default=2000)
    hire_vat_treatment = Varchar(length=16, default="exempt")
    payment_terms_days = Integer(default=14)
    cancellation_policy = JSON(default="[]")
    billing_name = Varchar(length=200, default="")
    billing_address = Text(default="")
    payment_instructions = Text(default="")
    invoice_prefix = Varchar(length=12, default="INV")
    credit_note_prefix = Varchar(length=12, default="CN")


class VenueTreasurer(Table):
    """Someone who sees and records a venue's money without managing its bookings."""

    id: Serial

    venue = ForeignKey(references=Venue, on_delete=OnDelete.cascade, index=True)
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
