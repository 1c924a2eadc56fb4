"""Changing a venue's money settings: checked field by field (a 400 names the field), then the one row per venue
written (made on first save) inside ``write_transaction()``.

Changing the invoice or credit-note prefix changes only documents issued afterwards: an issued reference is
never renumbered (numbers count on per venue and kind whatever the prefix).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from piccolo.columns import Column

from venues.core.database import write_transaction
from venues.core.errors import InvalidInput
from venues.core.i18n import _
from venues.core.row_locks import lock_row
from venues.models import Venue, VenueMoneySettings
from venues.vocabulary import VatTreatment

HIRE_TREATMENTS = (VatTreatment.exempt, VatTreatment.standard)
MAX_POLICY_STEPS = 20
MAX_TEXT = 2000
_VAT_NUMBER = re.compile(r"^GB(?:[0-9]{9}|[0-9]{12})$")
_PREFIX = re.compile(r"^[A-Z0-9]{1,12}$")
_SINGLE_LINE_REFUSED = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_MULTI_LINE_REFUSED = re.compile(r"(?!\r\n)[\x00-\x08\x0b-\x1f\x7f]")


@dataclass
class MoneySettingsIn:
    """Everything a venue sets about billing; the defaults are the unsaved row's (``money_settings``)."""

    vat_registered: bool = False
    vat_number: str = ""
    vat_rate_bp: int = 2000
    hire_vat_treatment: str = VatTreatment.exempt
    payment_terms_days: int = 14
    cancellation_policy: list[list[int]] = field(default_factory=list)
    billing_name: str = ""
    billing_address: str = ""
    payment_instructions: str = ""
    invoice_prefix: str = "INV"
    credit_note_prefix: str = "CN"


def policy_steps(value: object) -> list[tuple[int, int]]:
    """A stored ``cancellation_policy`` (JSON text or an already decoded list) as ``(days_before, percent)`` steps,
    most days first."""
    steps: list[list[int]] = json.loads(value) if isinstance(value, str | bytes) else value  # type: ignore[assignment]  # a decoded list
    return [(int(days), int(percent)) for days, percent in (steps or [])]


def normalise_vat_number(value: str) -> str:
    """``gb 123 4567 89`` → ``GB123456789``: spaces and dots dropped, letters in capitals."""
    return re.sub(r"[\s.]", "", value).upper()


def check_vat_number(registered: bool, value: str) -> str:
    number = normalise_vat_number(value)
    if registered and not number:
        raise InvalidInput("vat_number", _("A VAT-registered venue prints its VAT number on invoices: give it."))
    if number and not _VAT_NUMBER.match(number):
        raise InvalidInput(
            "vat_number",
            _("%(value)r is not a UK VAT number: GB followed by 9 or 12 digits, e.g. GB123456789.") % {"value": value},
        )
    return number


def check_policy(steps: object) -> list[list[int]]:
    """``[[days_before, percent], …]``: days 0 or more and each once, percent 0–100, never refunding more as the
    start comes nearer; sorted most days first. The one check of a policy, for the API, the pages and the demo."""
    if not isinstance(steps, list):
        raise InvalidInput(
            "cancellation_policy", _("The cancellation policy is a list of [days before, percent] rows.")
        )
    if len(steps) > MAX_POLICY_STEPS:
        raise InvalidInput(
            "cancellation_policy",
            _("A cancellation policy has at most %(MAX_POLICY_STEPS)s rows.") % {"MAX_POLICY_STEPS": MAX_POLICY_STEPS},
        )
    cleaned: list[list[int]] = []
    for step in steps:
        if (
            not isinstance(step, list | tuple)
            or len(step) != 2
            or not all(isinstance(n, int) and not isinstance(n, bool) for n in step)
        ):
            raise InvalidInput(
                "cancellation_policy",
                _("%(step)r is not a row of two whole numbers: [days before, percent refunded].") % {"step": step},
            )
        days, percent = int(step[0]), int(step[1])
        if not 0 <= days <= 3650:
            raise InvalidInput(
                "cancellation_policy", _("Days before must be 0 to 3650, not %(days)s.") % {"days": days}
            )
        if not 0 <= percent <= 100:
            raise InvalidInput(
                "cancellation_policy",
                _("The percent refunded must be 0 to 100, not %(percent)s.") % {"percent": percent},
            )
        cleaned.append([days, percent])
    days_given = [days for days, _ in cleaned]
    if len(set(days_given)) != len(days_given):
        repeated = sorted({d for d in days_given if days_given.count(d) > 1})
        raise InvalidInput(
            "cancellation_policy",
            _("Each number of days appears once; %(value)s appears more than once.")
            % {"value": ", ".join(map(str, repeated))},
        )
    ordered = sorted(cleaned, key=lambda step: -step[0])
    percents = [percent for _, percent in ordered]
    if percents != sorted(percents, reverse=True):
        raise InvalidInput(
            "cancellation_policy", _("Cancelling nearer the booking cannot get more back than cancelling earlier.")
        )
    return ordered


def _text(name: str, value: str, multiline: bool, limit: int) -> str:
    value = value.replace("\r\n", "\n").strip() if multiline else value.strip()
    refused = (_MULTI_LINE_REFUSED if multiline else _SINGLE_LINE_REFUSED).search(value)
    if refused:
        raise InvalidInput(
            name,
            _("%(name)s contains a control character (U+%(code)04X).") % {"name": name, "code": ord(refused.group())},
        )
    if len(value) > limit:
        raise InvalidInput(name, _("%(name)s is longer than %(limit)s characters.") % {"name": name, "limit": limit})
    return value


def _prefix(name: str, value: str) -> str:
    prefix = value.strip().upper()
    if not _PREFIX.match(prefix):
        raise InvalidInput(
            name, _("%(value)r is not a prefix: 1 to 12 capital letters or digits, such as INV.") % {"value": value}
        )
    return prefix


def checked_settings(data: MoneySettingsIn) -> dict[str, Any]:
    """The row's values, each checked and normalised; the first bad one is a 400 naming its field."""
    if isinstance(data.vat_rate_bp, bool) or not 0 <= data.vat_rate_bp <= 10_000:
        raise InvalidInput("vat_rate_bp", _("The VAT rate is in basis points, 0 to 10000 (2000 is 20%)."))
    if data.hire_vat_treatment not in HIRE_TREATMENTS:
        raise InvalidInput(
            "hire_vat_treatment", _("Hire is exempt from VAT, or standard-rated when the venue has opted to tax.")
        )
    if isinstance(data.payment_terms_days, bool) or not 0 <= data.payment_terms_days <= 365:
        raise InvalidInput("payment_terms_days", _("Payment terms are 0 to 365 days."))
    invoice_prefix = _prefix("invoice_prefix", data.invoice_prefix)
    credit_note_prefix = _prefix("credit_note_prefix", data.credit_note_prefix)
    if credit_note_prefix == invoice_prefix:
        raise InvalidInput(
            "credit_note_prefix",
            _("Credit notes need a prefix of their own, or their numbers would read as invoices'."),
        )
    return {
        "vat_registered": bool(data.vat_registered),
        "vat_number": check_vat_number(bool(data.vat_registered), data.vat_number),
        "vat_rate_bp": int(data.vat_rate_bp),
        "hire_vat_treatment": str(data.hire_vat_treatment),
        "payment_terms_days": int(data.payment_terms_days),
        "cancellation_policy": check_policy(data.cancellation_policy),
        "billing_name": _text("billing_name", data.billing_name, False, 200),
        "billing_address": _text("billing_address", data.billing_address, True, MAX_TEXT),
        "payment_instructions": _text("payment_instructions", data.payment_instructions, True, MAX_TEXT),
        "invoice_prefix": invoice_prefix,
        "credit_note_prefix": credit_note_prefix,
    }


async def save_money_settings(venue_id: int, data: MoneySettingsIn) -> VenueMoneySettings:
    """The venue's settings replaced by ``data`` (the row made on first save), under the venue's row lock."""
    values = checked_settings(data)
    stored: dict[str, Any] = {**values, "cancellation_policy": json.dumps(values["cancellation_policy"])}
    async with write_transaction():
        await lock_row(Venue, venue_id)
        row = await VenueMoneySettings.objects().where(VenueMoneySettings.venue == venue_id).first()
        if row is None:
            row = VenueMoneySettings(venue=venue_id, **stored)
            await row.save()
        else:
            changes: dict[Column | str, Any] = {name: value for name, value in stored.items()}
            await VenueMoneySettings.update(changes).where(VenueMoneySettings.id == row.id)
            for name, value in stored.items():
                setattr(row, name, value)
    return row


def settings_in(row: VenueMoneySettings) -> MoneySettingsIn:
    """A stored (or default) row as the values a form or a PUT shows and sends back."""
    return MoneySettingsIn(
        vat_registered=bool(row.vat_registered),
        vat_number=row.vat_number,
        vat_rate_bp=row.vat_rate_bp,
        hire_vat_treatment=row.hire_vat_treatment,
        payment_terms_days=row.payment_terms_days,
        cancellation_policy=[[days, percent] for days, percent in policy_steps(row.cancellation_policy)],
        billing_name=row.billing_name,
        billing_address=row.billing_address,
        payment_instructions=row.payment_instructions,
        invoice_prefix=row.invoice_prefix,
        credit_note_prefix=row.credit_note_prefix,
    )
