"""The audit trail: every change to a booking, who made it, from what to what, and why."""

from piccolo.columns import JSON, ForeignKey, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from scheduling.models.bookings import Booking
from venues.models import User


class BookingEvent(Table):
    id: Serial
    booking = ForeignKey(references=Booking, on_delete=OnDelete.cascade, index=True)
    actor = ForeignKey(references=User, on_delete=OnDelete.set_null, null=True, default=None)
    at = Timestamptz(default=TimestamptzNow())
    action = Varchar(length=30)
    changes = JSON(default="{}")
    reason = Text(default="")
