"""Request and response bodies for price tiers and space rates."""

from __future__ import annotations

from typing import Annotated

from msgspec import UNSET, Meta, Struct, UnsetType

from api.schemas import MULTI_LINE, SINGLE_LINE, Currency, MinorUnits, RowId
from venues.vocabulary import TierKind

TierName = Annotated[str, Meta(min_length=1, max_length=100, pattern=SINGLE_LINE, description="1–100 characters")]
WhoQualifies = Annotated[str, Meta(max_length=2000, pattern=MULTI_LINE, description="who qualifies for the tier")]
Position = Annotated[int, Meta(ge=0, le=1000, description="order in lists, lowest first")]


class TierCreate(Struct, forbid_unknown_fields=True):
    kind: TierKind
    name: TierName
    description: WhoQualifies = ""
    position: Position | None = None


class TierUpdate(Struct, forbid_unknown_fields=True):
    kind: TierKind | UnsetType = UNSET
    name: TierName | UnsetType = UNSET
    description: WhoQualifies | UnsetType = UNSET
    position: Position | UnsetType = UNSET


class TierOut(Struct):
    id: int
    venue_id: int
    kind: TierKind
    name: str
    description: str
    position: int


class RateIn(Struct, forbid_unknown_fields=True):
    tier_id: RowId
    hourly_rate_minor: MinorUnits
    currency: Currency = "GBP"
    deposit_minor: MinorUnits = 0


class RatesIn(Struct, forbid_unknown_fields=True):
    """The space's whole set of rates; tiers left out have no rate (not bookable at that tier)."""

    rates: Annotated[list[RateIn], Meta(max_length=50)]


class RateOut(Struct):
    tier_id: int
    tier_kind: TierKind
    tier_name: str
    hourly_rate_minor: int
    currency: str
    deposit_minor: int = 0


class RatesOut(Struct):
    space_id: int
    rates: list[RateOut]
