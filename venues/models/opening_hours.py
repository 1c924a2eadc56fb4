"""Weekly opening hours in the venue's local time."""

from piccolo.columns import ForeignKey, Integer, Serial, Time
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from venues.models.spaces import Space
from venues.models.venues import Venue


class OpeningHours(Table):
    """One open interval on one weekday (0 = Monday).

    Rows with a ``space`` narrow the venue's hours for that space: the space is
    open only where both the venue's and its own rows say so.
    """

    id: Serial

    venue = ForeignKey(references=Venue, on_delete=OnDelete.cascade, index=True)
    space = ForeignKey(references=Space, on_delete=OnDelete.cascade, null=True, default=None)
    weekday = Integer()
    opens = Time()
    closes = Time()
