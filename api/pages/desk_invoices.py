"""/desk/venues/{id}/invoices: the venue's invoices and credit notes, issuing a month's invoices for the groups
billed monthly, a credit note on an invoice and which groups are billed monthly.

For the venue's managers and its treasurers (``handles_path_venue_money``), through the same domain functions
as the API (``scheduling.invoices``).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.errors import domain_status
from api.pages.desk_settings import form_values, pence
from api.pages.support.rendering import current_user, page, query_int
from api.venues.guards import handles_path_venue_money
from scheduling.groups import get_group
from scheduling.invoices import credit, monthly, reading
from scheduling.invoices.billed_groups import require_group_at_venue
from scheduling.payments import balances
from scheduling.pricing.group_tiers import groups_at_venue
from venues.core import clock
from venues.core.errors import DomainError, InvalidInput, NotFound
from venues.core.i18n import _
from venues.core.timezones import zone
from venues.lookups import get_venue
from venues.models import Venue
from venues.permissions import manages_venue

PAGE_SIZE = 50
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def last_month(venue: Venue) -> date:
    today = clock.now().astimezone(zone(venue.timezone)).date()
    return date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)


def read_month(text: str) -> tuple[int, int]:
    match = _MONTH.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise InvalidInput("month", _("%(text)s is not a month such as 2027-03.") % {"text": repr(text)})
    return int(match.group(1)), int(match.group(2))


class DeskInvoicePages(Controller):
    path = "/desk/venues/{venue_id:int}/invoices"
    guards = [handles_path_venue_money]

    async def _page(
        self, request: Request[Any, Any, Any], venue: Venue, status_code: int = 200, problems: list[str] | None = None
    ) -> Template:
        number = max(query_int(request.query_params.get("page"), 1) or 1, 1)
        found, total = await reading.list_invoices(
            venue.id, reading.InvoiceFilter(), PAGE_SIZE, (number - 1) * PAGE_SIZE
        )
        return await page(
            request,
            "desk_invoices.html.j2",
            status_code=status_code,
            nav="desk",
            tab="invoices",
            money_only=not await manages_venue(current_user(request), venue.id),
            venue=venue,
            invoices=found,
            outstanding=await balances.invoice_outstanding(venue.id),
            total=total,
            page_number=number,
            more=number * PAGE_SIZE < total,
            groups=await groups_at_venue(venue.id),
            monthly_ids=await monthly.monthly_group_ids(venue.id),
            month=last_month(venue),
            problems=problems or [],
            issued=query_int(request.query_params.get("issued")),
            credited=request.query_params.get("credited", "")[:32],
            billing=query_int(request.query_params.get("billing")),
        )

    @get("/", name="desk_invoices")
    async def invoices(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template:
        return await self._page(request, await get_venue(venue_id))

    @post("/monthly", status_code=303)
    async def issue_monthly(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template | Redirect:
        venue = await get_venue(venue_id)
        form = form_values(await request.form())
        user = request.scope.get("user")
        try:
            year, month = read_month(form.get("month", ""))
            issued = await monthly.issue_monthly(venue.id, year, month, user.id if user else None)
        except DomainError as error:
            return await self._page(request, venue, domain_status(error), [error.detail])
        return Redirect(f"/desk/venues/{venue.id}/invoices?issued={len(issued)}", status_code=303)

    @post("/{invoice_id:int}/credit-notes", status_code=303)
    async def credit_note(
        self, request: Request[Any, Any, Any], venue_id: FromPath[int], invoice_id: FromPath[int]
    ) -> Template | Redirect:
        venue = await get_venue(venue_id)
        form = form_values(await request.form())
        user = request.scope.get("user")
        try:
            invoice = await credit.get_invoice_row(invoice_id)
            if invoice.venue != venue.id:
                raise NotFound(_("No invoice %(number)s at this venue.") % {"number": invoice_id})
            amount = pence(form.get("amount", ""), _("Credit"))
            if amount is None:
                raise InvalidInput("amount", _("Give the amount to credit, such as 12.50."))
            note = await credit.credit_invoice(
                invoice.id, amount, form.get("reason", "").strip(), user.id if user else None
            )
        except DomainError as error:
            return await self._page(request, venue, domain_status(error), [error.detail])
        return Redirect(f"/desk/venues/{venue.id}/invoices?credited={note.reference}", status_code=303)

    @post("/groups/{group_id:int}/billing", status_code=303)
    async def group_billing(
        self, request: Request[Any, Any, Any], venue_id: FromPath[int], group_id: FromPath[int]
    ) -> Template | Redirect:
        venue = await get_venue(venue_id)
        group = await get_group(group_id)
        form = form_values(await request.form())
        await require_group_at_venue(group.id, venue.id)
        await monthly.set_monthly(group.id, venue.id, form.get("monthly") == "1")
        return Redirect(f"/desk/venues/{venue.id}/invoices?billing={group.id}#billing-{group.id}", status_code=303)
