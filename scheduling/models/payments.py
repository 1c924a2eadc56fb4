"""Money received and paid back, and a booking's returnable deposit.

A ``Payment`` is money in (``kind`` payment) or out (refund), always a positive amount, by a method
(``scheduling.vocabulary.PaymentMethod``); ``provider`` and ``provider_ref`` are the seam an online
card provider would fill. ``for_deposit`` marks money taken or returned as the deposit, which is held
for the hirer rather than earned. Payments are never edited; a mistake is put right by a refund.
"""

from piccolo.columns import Boolean, Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from scheduling.models.bookings import Booking
from scheduling.models.groups import Group
from scheduling.models.invoices import Invoice
from venues.models import User, Venue


class Payment(Table):
    id: Serial

    venue = ForeignKey(references=Venue, on_delete=OnDelete.cascade, index=True)
    booking = ForeignKey(references=Booking, on_delete=OnDelete.set_null, null=True, default=None, index=True)
    group = ForeignKey(references=Group, on_delete=OnDelete.set_null, null=True, default=None, index=True)
    invoice = ForeignKey(references=Invoice, on_delete=OnDelete.set_null, null=True, default=None, index=True)
    kind = Varchar(length=16, default="payment")
    method = Varchar(length=20)
    amount_minor = Integer()
    currency = Varchar(length=3, default="GBP")
    for_deposit = Boolean(default=False)
    received_on = Date()
    payer_name = Varchar(length=200, default="")
    reference = Varchar(length=100, default="")
    note = Text(default="")
    provider = Varchar(length=40, default="")
    provider_ref = Varchar(length=100, default="")
    recorded_by = ForeignKey(references=User, on_delete=OnDelete.set_null, null=True, default=None)
    recorded_at = Timestamptz(default=TimestamptzNow())


class Deposit(Table):
    """The returnable deposit a confirmed booking owes: ``amount_minor`` fixed at confirmation.

    ``status`` (``scheduling.vocabulary.DepositStatus``): due, held (taken), returned, part_returned,
    retained. What is kept back is ``retained_minor`` with the ``reason`` the hirer is told.
    """

    id: Serial

    booking = ForeignKey(references=Booking, on_delete=OnDelete.cascade, unique=True, index=True)
    venue = ForeignKey(references=Venue, on_delete=OnDelete.cascade, index=True)
    amount_minor = Integer()
    currency = Varchar(length=3, default="GBP")
    status = Varchar(length=16, default="due")
    taken_minor = Integer(default=0)
    returned_minor = Integer(default=0)
    retained_minor = Integer(default=0)
    reason = Text(default="")
    settled_by = ForeignKey(references=User, on_delete=OnDelete.set_null, null=True, default=None)
    settled_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
