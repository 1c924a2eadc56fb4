"""/desk/venues/{id}/money-settings: a venue's VAT, payment terms, cancellation policy and what its invoices say,
saved through the same domain function as ``PUT /api/v1/venues/{id}/money-settings``."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.errors import domain_status
from api.pages.support.rendering import checked, current_user, form_int, page
from api.text_input import MULTI_LINE_FIELDS
from api.venues.guards import handles_path_venue_money, manages_path_venue
from venues.billing.operations import MoneySettingsIn, save_money_settings, settings_in
from venues.billing.settings import money_settings
from venues.core.errors import DomainError, InvalidInput
from venues.lookups import get_venue
from venues.models import Venue
from venues.permissions import manages_venue

POLICY_ROWS = 5
_PERCENT = re.compile(r"^\d{1,3}(\.\d{1,2})?$")


def rate_text(rate_bp: int) -> str:
    """2000 → ``20``, 1250 → ``12.5``: the rate as a person types it."""
    whole, part = divmod(rate_bp, 100)
    return str(whole) if part == 0 else f"{whole}.{part:02d}".rstrip("0")


def rate_bp(text: str) -> int:
    cleaned = text.strip().rstrip("%").strip()
    if not _PERCENT.match(cleaned):
        raise InvalidInput("vat_rate_bp", f"{text!r} is not a VAT rate such as 20 or 12.5 (percent).")
    try:
        return int(Decimal(cleaned) * 100)
    except InvalidOperation:
        raise InvalidInput("vat_rate_bp", f"{text!r} is not a VAT rate such as 20 or 12.5 (percent).") from None


def read_policy(form: dict[str, str]) -> list[list[int]]:
    """Rows with both numbers; a row with one of them is a mistake worth saying so."""
    steps = []
    for row in range(POLICY_ROWS + 20):
        days, percent = form.get(f"policy-days-{row}", "").strip(), form.get(f"policy-percent-{row}", "").strip()
        if not days and not percent:
            continue
        if not days or not percent:
            raise InvalidInput("cancellation_policy", "Give each cancellation row both its days and its percent.")
        steps.append(
            [
                form_int(days, "cancellation_policy", least=0, most=3650) or 0,
                form_int(percent.rstrip("%"), "cancellation_policy", least=0, most=100) or 0,
            ]
        )
    return steps


def policy_rows_used(form: dict[str, str]) -> list[int]:
    """The row numbers of the policy fields sent back (``policy-days-3``); a key with anything else is ignored."""
    rows = []
    for key in form:
        row = key.removeprefix("policy-days-")
        if row != key and row.isascii() and row.isdigit() and len(row) <= 3:
            rows.append(int(row))
    return rows


def read_settings(form: dict[str, str]) -> MoneySettingsIn:
    return MoneySettingsIn(
        vat_registered=checked(form.get("vat_registered")),
        vat_number=form.get("vat_number", ""),
        vat_rate_bp=rate_bp(form.get("vat_rate", "20")),
        hire_vat_treatment=form.get("hire_vat_treatment", "exempt"),
        payment_terms_days=form_int(form.get("payment_terms_days"), "payment_terms_days", 14, least=0, most=365) or 0,
        cancellation_policy=read_policy(form),
        billing_name=form.get("billing_name", ""),
        billing_address=form.get("billing_address", ""),
        payment_instructions=form.get("payment_instructions", ""),
        invoice_prefix=form.get("invoice_prefix", ""),
        credit_note_prefix=form.get("credit_note_prefix", ""),
    )


def form_of(values: MoneySettingsIn) -> dict[str, str]:
    """The form's fields filled from saved settings."""
    form = {
        "vat_registered": "1" if values.vat_registered else "",
        "vat_number": values.vat_number,
        "vat_rate": rate_text(values.vat_rate_bp),
        "hire_vat_treatment": values.hire_vat_treatment,
        "payment_terms_days": str(values.payment_terms_days),
        "billing_name": values.billing_name,
        "billing_address": values.billing_address,
        "payment_instructions": values.payment_instructions,
        "invoice_prefix": values.invoice_prefix,
        "credit_note_prefix": values.credit_note_prefix,
    }
    for row, (days, percent) in enumerate(values.cancellation_policy):
        form[f"policy-days-{row}"], form[f"policy-percent-{row}"] = str(days), str(percent)
    return form


async def settings_page(
    request: Request[Any, Any, Any],
    venue: Venue,
    status_code: int = 200,
    form: dict[str, str] | None = None,
    problems: list[str] | None = None,
    field: str = "",
) -> Template:
    if form is None:
        form = form_of(settings_in(await money_settings(venue.id)))
    used = max((row + 1 for row in policy_rows_used(form)), default=0)
    return await page(
        request,
        "desk_billing.html.j2",
        status_code=status_code,
        nav="desk",
        tab="money_settings",
        money_only=not await manages_venue(current_user(request), venue.id),
        venue=venue,
        form=form,
        policy_rows=range(min(max(used + 2, POLICY_ROWS), POLICY_ROWS + 20)),
        problems=problems or [],
        field=field,
        saved=status_code == 200 and request.query_params.get("saved") == "1",
    )


class DeskBillingPages(Controller):
    path = "/desk/venues/{venue_id:int}/money-settings"

    @get("/", name="desk_money_settings", guards=[handles_path_venue_money])
    async def show(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template:
        return await settings_page(request, await get_venue(venue_id))

    @post(
        "/",
        status_code=303,
        guards=[manages_path_venue],
        opt={MULTI_LINE_FIELDS: {"billing_address", "payment_instructions"}},
    )
    async def save(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template | Redirect:
        venue = await get_venue(venue_id)
        form = {key: str(value) for key, value in (await request.form()).items()}
        try:
            await save_money_settings(venue.id, read_settings(form))
        except DomainError as error:
            field = error.extra.get("field", "")
            return await settings_page(request, venue, domain_status(error), form, [error.detail], str(field))
        return Redirect(f"/desk/venues/{venue.id}/money-settings?saved=1", status_code=303)
