"""Dated closures (bank holidays, Christmas, refurbishment) of a venue or one space."""

from piccolo.columns import Date, ForeignKey, Serial, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from venues.models.spaces import Space
from venues.models.venues import Venue


class Closure(Table):
    """Closed from the start of ``starts_on`` to the end of ``ends_on`` (inclusive), local time."""

    id: Serial

    venue = ForeignKey(references=Venue, on_delete=OnDelete.cascade, index=True)
    space = ForeignKey(references=Space, on_delete=OnDelete.cascade, null=True, default=None)
    starts_on = Date()
    ends_on = Date()
    reason = Varchar(length=200)
