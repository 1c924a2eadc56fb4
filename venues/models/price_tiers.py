"""Price tiers a venue offers and each space's hourly rate and returnable deposit per tier."""

from piccolo.columns import ForeignKey, Integer, Serial, Text, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from venues.models.spaces import Space
from venues.models.venues import Venue


class PriceTier(Table):
    id: Serial
    venue = ForeignKey(references=Venue, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=20)
    name = Varchar(length=100)
    description = Text(default="")
    position = Integer(default=0)


class SpaceRate(Table):
    """Money is integer minor units (pence) with an ISO 4217 currency; never a float."""

    id: Serial

    space = ForeignKey(references=Space, on_delete=OnDelete.cascade, index=True)
    tier = ForeignKey(references=PriceTier, on_delete=OnDelete.cascade, index=True)
    hourly_rate_minor = Integer(default=0)
    currency = Varchar(length=3, default="GBP")
    # A returnable deposit taken with a booking at this tier (0: none); outside the scope of VAT.
    deposit_minor = Integer(default=0)
