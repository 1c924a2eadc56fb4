"""A recurring series: the rule, in the venue's local time, that its occurrence bookings come from."""

from piccolo.columns import Boolean, Date, ForeignKey, Integer, Serial, Text, Time, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from scheduling.models.groups import Group
from venues.models import PriceTier, Space, User, Venue


class Series(Table):
    """Occurrences exist as bookings (``Booking.series``) for every original start before ``materialised_until``.

    The rule is RRULE text in the subset ``scheduling.recurrence.rules`` accepts (UNTIL
    a local date), with the first date and the wall-clock times read in
    ``timezone``: expanding in local time is what keeps 10:00 at 10:00 when the
    clocks change. ``until`` and ``occurrence_count`` repeat the rule's end so
    queries need not parse it. ``sequence`` counts changes to the whole series,
    for iCal SEQUENCE. The booker's contact and the purpose are private, as on a booking.
    """

    id: Serial

    uid = Varchar(length=64, unique=True)
    venue = ForeignKey(references=Venue, on_delete=OnDelete.cascade, index=True)
    space = ForeignKey(references=Space, on_delete=OnDelete.cascade, index=True)
    group = ForeignKey(references=Group, on_delete=OnDelete.set_null, null=True, default=None, index=True)
    booked_by = ForeignKey(references=User, on_delete=OnDelete.set_null, null=True, default=None, index=True)
    rrule = Varchar(length=500)
    dtstart = Date()
    start_time = Time()
    end_time = Time()
    timezone = Varchar(length=64, default="Europe/London")
    until = Date(null=True, default=None)
    occurrence_count = Integer(null=True, default=None)
    materialised_until = Timestamptz(null=True, default=None, index=True)
    status = Varchar(length=12, default="active", index=True)
    title = Varchar(length=200, default="")
    is_public = Boolean(default=False)
    tier = ForeignKey(references=PriceTier, on_delete=OnDelete.set_null, null=True, default=None)
    attendance = Integer(default=1)
    booker_name = Varchar(length=200, default="")
    booker_email = Varchar(length=254, default="")
    booker_phone = Varchar(length=40, default="")
    purpose = Text(default="")
    sequence = Integer(default=0)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
