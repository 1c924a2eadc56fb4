"""Request and response bodies for a venue's extras."""

from __future__ import annotations

from typing import Annotated

from msgspec import UNSET, Meta, Struct, UnsetType

from api.schemas import MULTI_LINE, SINGLE_LINE, Currency, MinorUnits
from venues.vocabulary import ExtraUnit, VatTreatment

ExtraName = Annotated[str, Meta(min_length=1, max_length=100, pattern=SINGLE_LINE, description="1–100 characters")]
Description = Annotated[str, Meta(max_length=2000, pattern=MULTI_LINE)]
Stock = Annotated[int, Meta(ge=1, le=10_000, description="how many there are; null for unlimited")]
Position = Annotated[int, Meta(ge=0, le=1000, description="order in lists, lowest first")]


class ExtraCreate(Struct, forbid_unknown_fields=True):
    name: ExtraName
    description: Description = ""
    unit: ExtraUnit = ExtraUnit.booking
    price_minor: MinorUnits = 0
    currency: Currency = "GBP"
    stock: Stock | None = None
    vat_treatment: VatTreatment = VatTreatment.standard
    position: Position | None = None


class ExtraUpdate(Struct, forbid_unknown_fields=True):
    name: ExtraName | UnsetType = UNSET
    description: Description | UnsetType = UNSET
    unit: ExtraUnit | UnsetType = UNSET
    price_minor: MinorUnits | UnsetType = UNSET
    currency: Currency | UnsetType = UNSET
    stock: Stock | None | UnsetType = UNSET
    vat_treatment: VatTreatment | UnsetType = UNSET
    archived: bool | UnsetType = UNSET
    position: Position | UnsetType = UNSET


class ExtraOut(Struct):
    """The public sees name, description, unit and price of extras still offered; managers everything."""

    id: int
    venue_id: int
    name: str
    description: str
    unit: ExtraUnit
    price_minor: int
    currency: str
    stock: int | None | UnsetType = UNSET
    vat_treatment: VatTreatment | UnsetType = UNSET
    archived: bool | UnsetType = UNSET
    position: int | UnsetType = UNSET


class ExtraRemoved(Struct):
    """``deleted`` when no booking had chosen it; otherwise it was archived and ``extra`` is what stays."""

    deleted: bool
    extra: ExtraOut | None = None
