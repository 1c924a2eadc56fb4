"""A venue's money settings and treasurers, and an invoice or credit note as a PDF."""

from __future__ import annotations

import re

from litestar import Controller, Response, delete, get, post, put
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody

from api.auth import requires_login
from api.billing.schemas import MoneySettingsIn, MoneySettingsOut, PolicyStepOut, TreasurerAdd, TreasurerOut
from api.errors import problem_responses
from api.venues.guards import handles_path_venue_money, manages_path_venue
from scheduling.invoices.access import readable_invoice
from scheduling.invoices.document import invoice_document
from scheduling.invoices.pdf import invoice_pdf
from venues.billing import operations, treasurers
from venues.billing.settings import money_settings
from venues.models import User, VenueMoneySettings

PDF_MEDIA_TYPE = "application/pdf"


def settings_out(venue_id: int, row: VenueMoneySettings) -> MoneySettingsOut:
    values = operations.settings_in(row)
    return MoneySettingsOut(
        venue_id=venue_id,
        vat_registered=values.vat_registered,
        vat_number=values.vat_number,
        vat_rate_bp=values.vat_rate_bp,
        hire_vat_treatment=values.hire_vat_treatment,
        payment_terms_days=values.payment_terms_days,
        cancellation_policy=[PolicyStepOut(days, percent) for days, percent in values.cancellation_policy],
        billing_name=values.billing_name,
        billing_address=values.billing_address,
        payment_instructions=values.payment_instructions,
        invoice_prefix=values.invoice_prefix,
        credit_note_prefix=values.credit_note_prefix,
    )


def treasurer_out(found: treasurers.Treasurer) -> TreasurerOut:
    return TreasurerOut(user_id=found.user_id, email=found.email, display_name=found.display_name)


class MoneySettingsController(Controller):
    path = "/api/v1/venues/{venue_id:int}"
    tags = ["billing"]

    @get(
        "/money-settings",
        guards=[handles_path_venue_money],
        summary="A venue's money settings (its managers and treasurers)",
        description="Defaults until a manager saves them: not VAT-registered, hire exempt, 14 days to pay.",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def get_settings(self, venue_id: FromPath[int]) -> MoneySettingsOut:
        return settings_out(venue_id, await money_settings(venue_id))

    @put(
        "/money-settings",
        guards=[manages_path_venue],
        summary="Replace a venue's money settings (its managers)",
        description="Changing a prefix affects only documents issued afterwards; nothing issued is renumbered.",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def put_settings(self, venue_id: FromPath[int], data: JSONBody[MoneySettingsIn]) -> MoneySettingsOut:
        fields = {name: getattr(data, name) for name in data.__struct_fields__}
        fields["cancellation_policy"] = [[step.days_before, step.percent_refunded] for step in data.cancellation_policy]
        row = await operations.save_money_settings(venue_id, operations.MoneySettingsIn(**fields))
        return settings_out(venue_id, row)

    @get(
        "/treasurers",
        guards=[manages_path_venue],
        summary="Who are this venue's treasurers",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def list_treasurers(self, venue_id: FromPath[int]) -> list[TreasurerOut]:
        return [treasurer_out(found) for found in await treasurers.list_treasurers(venue_id)]

    @post(
        "/treasurers",
        guards=[manages_path_venue],
        summary="Add a treasurer by a confirmed account's email",
        description="A treasurer sees and records the venue's money without managing its bookings.",
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def add_treasurer(self, venue_id: FromPath[int], data: JSONBody[TreasurerAdd]) -> TreasurerOut:
        return treasurer_out(await treasurers.add_treasurer(venue_id, data.email))

    @delete(
        "/treasurers/{user_id:int}",
        guards=[manages_path_venue],
        summary="Remove a treasurer",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def remove_treasurer(self, venue_id: FromPath[int], user_id: FromPath[int]) -> None:
        await treasurers.remove_treasurer(venue_id, user_id)


class InvoicePdfController(Controller):
    path = "/api/v1/invoices"
    tags = ["billing"]

    @get(
        "/{invoice_id:int}/pdf",
        guards=[requires_login],
        media_type=PDF_MEDIA_TYPE,
        summary="An invoice or credit note as a PDF",
        description="For the venue's managers and treasurers and whoever it is made out to.",
        responses={
            200: ResponseSpec(
                data_container=bytes, media_type=PDF_MEDIA_TYPE, description="The PDF", generate_examples=False
            ),
            **problem_responses(400, 401, 403, 404),
        },
    )
    async def pdf(self, invoice_id: FromPath[int], user: NamedDependency[User | None]) -> Response[bytes]:
        invoice = await readable_invoice(user, invoice_id)
        body = await invoice_pdf(await invoice_document(invoice))
        return Response(
            body,
            media_type=PDF_MEDIA_TYPE,
            headers={
                "Content-Disposition": f'inline; filename="{re.sub(r"[^A-Za-z0-9-]", "", invoice.reference) or "invoice"}.pdf"',
                "Cache-Control": "private, no-store",
            },
        )
