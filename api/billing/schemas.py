"""Request and response bodies for a venue's money settings and treasurers."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from msgspec import Meta, Struct

from api.schemas import MULTI_LINE, SINGLE_LINE, RequiredEmail, ShortText

VatNumber = Annotated[
    str,
    Meta(
        max_length=40,
        pattern=SINGLE_LINE,
        description="UK VAT number: GB and 9 or 12 digits (spaces are dropped); required when VAT-registered",
        examples=["GB123456789"],
    ),
]
BasisPoints = Annotated[int, Meta(ge=0, le=10_000, description="basis points: 2000 is 20%")]
TermsDays = Annotated[int, Meta(ge=0, le=365)]
DaysBefore = Annotated[int, Meta(ge=0, le=3650, description="days before the booking starts")]
Percent = Annotated[int, Meta(ge=0, le=100, description="percent of the price refunded")]
BillingText = Annotated[str, Meta(max_length=2000, pattern=MULTI_LINE, description="line feeds allowed")]
Prefix = Annotated[str, Meta(pattern=r"^[A-Z0-9]{1,12}$", description="1–12 capital letters or digits")]


class PolicyStep(Struct, forbid_unknown_fields=True):
    """Cancelling at least ``days_before`` days before the booking starts gets ``percent_refunded`` back."""

    days_before: DaysBefore
    percent_refunded: Percent


class PolicyStepOut(Struct):
    days_before: int
    percent_refunded: int


class MoneySettingsIn(Struct, forbid_unknown_fields=True):
    """The whole of a venue's money settings (PUT replaces them; a field left out takes its default).

    ``hire_vat_treatment`` is ``standard`` when the venue has opted to tax its hire, else ``exempt``.
    ``cancellation_policy`` steps each name a number of days once: cancelling at least that many days before the
    booking gets that percent back (``[{"days_before": 14, "percent_refunded": 100}, {"days_before": 7,
    "percent_refunded": 50}]``); cancelling later than every step gets nothing back."""

    vat_registered: bool = False
    vat_number: VatNumber = ""
    vat_rate_bp: BasisPoints = 2000
    hire_vat_treatment: Literal["exempt", "standard"] = "exempt"
    payment_terms_days: TermsDays = 14
    cancellation_policy: Annotated[list[PolicyStep], Meta(max_length=20)] = msgspec.field(default_factory=list)
    billing_name: ShortText = ""
    billing_address: BillingText = ""
    payment_instructions: BillingText = ""
    invoice_prefix: Prefix = "INV"
    credit_note_prefix: Prefix = "CN"


class MoneySettingsOut(Struct):
    venue_id: int
    vat_registered: bool
    vat_number: str
    vat_rate_bp: int
    hire_vat_treatment: str
    payment_terms_days: int
    cancellation_policy: list[PolicyStepOut]
    billing_name: str
    billing_address: str
    payment_instructions: str
    invoice_prefix: str
    credit_note_prefix: str


class TreasurerAdd(Struct, forbid_unknown_fields=True):
    email: RequiredEmail


class TreasurerOut(Struct):
    user_id: int
    email: str
    display_name: str
