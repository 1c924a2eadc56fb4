"""What a venue charges beyond the hourly rate: charge rules per space and tier, and its catalogue of extras.

Money is integer minor units (pence) with the space's or venue's ISO 4217 currency; never a float.
A returnable deposit per space and tier lives on ``SpaceRate.deposit_minor``.
"""

from piccolo.columns import Array, Boolean, ForeignKey, Integer, Serial, Text, Time, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from venues.models.price_tiers import PriceTier
from venues.models.spaces import Space
from venues.models.venues import Venue


class ChargeRule(Table):
    """One rule on top of a space's hourly rate for a tier (``venues.vocabulary.ChargeKind``).

    ``fixed``: ``amount_minor`` for the session whatever its length. ``minimum``: the hire never costs
    less than ``amount_minor``. ``daily_cap``: the hire of one local day never costs more than
    ``amount_minor``. ``band``: minutes on ``weekdays`` (0 Monday … 6 Sunday) from ``band_starts`` to
    ``band_ends`` (venue wall clock; ``band_ends`` 00:00 is midnight) cost ``hourly_rate_minor`` instead
    of the base rate; the first band by ``position`` wins where two overlap.
    """

    id: Serial

    space = ForeignKey(references=Space, on_delete=OnDelete.cascade, index=True)
    tier = ForeignKey(references=PriceTier, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=16)
    name = Varchar(length=100, default="")
    amount_minor = Integer(default=0)
    hourly_rate_minor = Integer(default=0)
    weekdays = Array(base_column=Integer(), default=list)
    band_starts = Time(null=True, default=None)
    band_ends = Time(null=True, default=None)
    position = Integer(default=0)


class Extra(Table):
    """Something a hirer can add to a booking (kitchen use, PA system, a projector, extra tables).

    Priced per booking, per hour or per item (``venues.vocabulary.ExtraUnit``). ``stock`` null is
    unlimited; otherwise at most ``stock`` are out at any moment, guarded by the database like time
    (``scheduling.models.extra_holds``). ``vat_treatment`` is ``venues.vocabulary.VatTreatment``.
    """

    id: Serial

    venue = ForeignKey(references=Venue, on_delete=OnDelete.cascade, index=True)
    name = Varchar(length=100)
    description = Text(default="")
    unit = Varchar(length=16, default="booking")
    price_minor = Integer(default=0)
    currency = Varchar(length=3, default="GBP")
    stock = Integer(null=True, default=None)
    vat_treatment = Varchar(length=16, default="standard")
    archived = Boolean(default=False)
    position = Integer(default=0)
