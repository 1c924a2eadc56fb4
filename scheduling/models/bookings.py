"""A booking of one space for one interval, and the price it was confirmed at."""

from piccolo.columns import JSON, Boolean, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from scheduling.models.groups import Group
from scheduling.models.series import Series
from venues.models import PriceTier, Space, User, Venue


class Booking(Table):
    """Instants are UTC, whole seconds. ``requested`` and ``confirmed`` hold their time.

    The booker's name, email, phone and the purpose of a private booking are
    private: only the booker, the group's organisers and the venue's managers see them.

    An occurrence of a series points at it; ``recurrence_id`` is the occurrence's
    original start by the rule (iCal RECURRENCE-ID), null for one-offs, and
    ``detached`` marks one moved or re-timed away from the rule.
    """

    id: Serial

    uid = Varchar(length=64, unique=True)
    venue = ForeignKey(references=Venue, on_delete=OnDelete.cascade, index=True)
    space = ForeignKey(references=Space, on_delete=OnDelete.cascade, index=True)
    group = ForeignKey(references=Group, on_delete=OnDelete.set_null, null=True, default=None, index=True)
    series = ForeignKey(references=Series, on_delete=OnDelete.set_null, null=True, default=None, index=True)
    recurrence_id = Timestamptz(null=True, default=None)
    detached = Boolean(default=False)
    booked_by = ForeignKey(references=User, on_delete=OnDelete.set_null, null=True, default=None, index=True)
    booker_name = Varchar(length=200, default="")
    booker_email = Varchar(length=254, default="")
    booker_phone = Varchar(length=40, default="")
    # Private, like the booker's contact: where an invoice for a booking without a group is sent.
    billing_address = Text(default="")
    title = Varchar(length=200, default="")
    purpose = Text(default="")
    attendance = Integer(default=1)
    is_public = Boolean(default=False)
    status = Varchar(length=12, index=True)
    starts_at = Timestamptz(index=True)
    ends_at = Timestamptz(index=True)
    tier = ForeignKey(references=PriceTier, on_delete=OnDelete.set_null, null=True, default=None)
    price_minor = Integer(default=0)
    currency = Varchar(length=3, default="GBP")
    price_breakdown = JSON(default="[]")
    # For reports, fixed with the price: the hire part of it, and what the same hire costs at the venue's
    # standard tier (null where the venue had no standard rate), so free and low-cost hours are valued by
    # SQL sums rather than by pricing every booking again.
    hire_minor = Integer(default=0)
    standard_hire_minor = Integer(null=True, default=None)
    rules_overridden = Boolean(default=False)
    status_reason = Text(default="")
    # Who called a cancelled booking off (``scheduling.vocabulary.CancelledBy``): the hirer, or the venue
    # (a manager, a closure, new hours or a space's change); empty while it is not cancelled.
    cancelled_by = Varchar(length=8, default="")
    sequence = Integer(default=0)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
