"""Request and response bodies for charge rules."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta, Struct

from api.hours.schemas import Clock, Weekday
from api.schemas import SINGLE_LINE, MinorUnits, RowId
from venues.vocabulary import ChargeKind

RuleName = Annotated[str, Meta(max_length=100, pattern=SINGLE_LINE, description="what the hirer reads, e.g. Evening")]


class ChargeRuleIn(Struct, forbid_unknown_fields=True):
    """``fixed``/``minimum``/``daily_cap`` use ``amount_minor``; ``band`` uses ``hourly_rate_minor`` on
    ``weekdays`` from ``band_starts`` to ``band_ends`` (venue wall clock; 00:00 as the end is midnight;
    a band through midnight is two rules)."""

    tier_id: RowId
    kind: ChargeKind
    name: RuleName = ""
    amount_minor: MinorUnits = 0
    hourly_rate_minor: MinorUnits = 0
    weekdays: Annotated[list[Weekday], Meta(max_length=7)] = []
    band_starts: Clock | None = None
    band_ends: Clock | None = None
    position: Annotated[int, Meta(ge=0, le=1000)] = 0


class ChargeRuleOut(Struct):
    id: int
    space_id: int
    tier_id: int
    kind: ChargeKind
    name: str
    amount_minor: int
    hourly_rate_minor: int
    weekdays: list[int]
    band_starts: str | None
    band_ends: str | None
    position: int


class ChargeRulesOut(Struct):
    space_id: int
    rules: list[ChargeRuleOut]
