"""Extras chosen on a booking, and the stock they hold while the booking holds its time."""

from piccolo.columns import BigInt, ForeignKey, Integer, Serial
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from scheduling.models.bookings import Booking
from venues.models import Extra


class BookingExtra(Table):
    """``quantity`` of ``extra`` on ``booking`` (1 for extras priced per booking or per hour).
    The price is fixed with the booking's at confirmation (``Booking.price_breakdown``)."""

    id: Serial

    booking = ForeignKey(references=Booking, on_delete=OnDelete.cascade, index=True)
    extra = ForeignKey(references=Extra, on_delete=OnDelete.cascade, index=True)
    quantity = Integer(default=1)


class ExtraHold(Table):
    """One row per unit of a stock-limited extra a live booking holds: unit numbers run 1..stock.

    Times are the booking's, UTC epoch seconds, half-open. PostgreSQL refuses two rows for the same
    (extra, unit) whose times overlap with an exclusion constraint, SQLite with a trigger, exactly as
    ``Occupancy`` guards time; rows go when the booking is declined or cancelled.
    """

    id: Serial

    booking = ForeignKey(references=Booking, on_delete=OnDelete.cascade, index=True)
    extra = ForeignKey(references=Extra, on_delete=OnDelete.cascade)
    unit = Integer()
    starts_ts = BigInt()
    ends_ts = BigInt()
