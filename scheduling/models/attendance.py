"""What happened at a session: held or not, and how many came. Nothing personal about attendees is stored."""

from piccolo.columns import Boolean, ForeignKey, Integer, Serial, Timestamptz
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from scheduling.models.bookings import Booking
from venues.models import User


class SessionRecord(Table):
    """One per booking (a one-off, or one date of a series), written after it started by its organiser or a
    venue manager. ``held`` false: it did not take place (no headcount). ``headcount`` is everyone who came,
    ``first_timers`` how many of them came for the first time (null: not counted); both are counts only."""

    id: Serial

    booking = ForeignKey(references=Booking, on_delete=OnDelete.cascade, unique=True, index=True)
    held = Boolean(default=True)
    headcount = Integer(null=True, default=None)
    first_timers = Integer(null=True, default=None)
    recorded_by = ForeignKey(references=User, on_delete=OnDelete.set_null, null=True, default=None)
    recorded_at = Timestamptz(default=TimestamptzNow())
