"""The time an active booking holds on each physical space: the table the overlap guard watches."""

from piccolo.columns import BigInt, ForeignKey, Serial
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from scheduling.models.bookings import Booking
from venues.models import Space


class Occupancy(Table):
    """One row per (active booking, physical space), buffers included.

    A combined space has no row of its own: booking it writes one row for each
    part, so the whole hall collides with each part and the parts not with each
    other. Times are UTC epoch seconds, half-open ``[starts_ts, ends_ts)``;
    integers compare the same on every engine. PostgreSQL refuses overlapping
    rows with an exclusion constraint, SQLite with a trigger (see migrations).
    Rows are deleted when a booking is declined or cancelled.
    """

    id: Serial

    booking = ForeignKey(references=Booking, on_delete=OnDelete.cascade, index=True)
    space = ForeignKey(references=Space, on_delete=OnDelete.cascade)
    starts_ts = BigInt()
    ends_ts = BigInt()
