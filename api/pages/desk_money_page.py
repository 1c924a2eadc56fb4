"""/desk/venues/{id}/money: a venue's money for its managers and treasurers (overdue invoices, balances by group,
deposits, recording payments, the CSV), through the same guard and domain functions as the API.

A treasurer reaches this tab alone: the other desk tabs keep ``manages_path_venue``."""

from __future__ import annotations

import re
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.auth import requires_login
from api.errors import domain_status
from api.pages.support.rendering import current_user, form_date, form_int, page
from api.pages.support.wording import label
from api.text_input import MULTI_LINE_FIELDS
from api.venues.guards import handles_path_venue_money
from scheduling.groups import get_group, organises
from scheduling.models import Payment
from scheduling.payments.balances import group_balance, group_balances, overdue, statement
from scheduling.payments.deposits import deposits_at, return_deposit, take_deposit
from scheduling.payments.export import money_csv
from scheduling.payments.record import PaymentDraft, list_payments, record_payment
from scheduling.pricing.group_tiers import groups_at_venue
from scheduling.vocabulary import DepositStatus, PaymentMethod
from venues.core import clock
from venues.core.errors import DomainError, Forbidden, InvalidInput
from venues.core.i18n import _
from venues.core.i18n.content import shown
from venues.lookups import get_venue
from venues.models import Venue
from venues.permissions import manages_venue

_POUNDS = re.compile(r"^(\d{1,7})(?:\.(\d{1,2}))?$")


def methods() -> list[tuple[str, str]]:
    """How money may come in or go back, named in the page's language (``Bank transfer``)."""
    return [(str(method), label(str(method))) for method in PaymentMethod]


RECENT = 50


def pounds_to_pence(text: str, field: str, allow_zero: bool = False) -> int:
    """``18``, ``18.5`` or ``£18.50`` as whole pence, from the digits alone (no floats)."""
    match = _POUNDS.match(text.strip().lstrip("£").replace(",", ""))
    if match is None:
        raise InvalidInput(field, _("%(text)s is not an amount in pounds such as 18.50.") % {"text": repr(text)})
    pence = int(match.group(1)) * 100 + int((match.group(2) or "0").ljust(2, "0"))
    if pence == 0 and not allow_zero:
        raise InvalidInput(field, _("The amount must be more than nothing."))
    return pence


def money_path(venue_id: int, done: str = "") -> str:
    return f"/desk/venues/{venue_id}/money" + (f"?done={done}" if done else "")


class DeskMoneyPages(Controller):
    path = "/desk/venues/{venue_id:int}/money"
    guards = [handles_path_venue_money]

    async def _page(
        self,
        request: Request[Any, Any, Any],
        venue: Venue,
        status_code: int = 200,
        problems: list[str] | None = None,
        form: dict[str, str] | None = None,
    ) -> Template:
        user = current_user(request)
        payments, total = await list_payments(venue.id, RECENT, 0)
        deposits = await deposits_at(venue.id, [str(DepositStatus.due), str(DepositStatus.held)])
        return await page(
            request,
            "desk_money_page.html.j2",
            status_code=status_code,
            nav="desk",
            tab="money",
            venue=venue,
            money_only=not await manages_venue(user, venue.id) if user is not None else True,
            overdue=await overdue(venue.id, clock.today_in(venue.timezone)),
            balances=await group_balances(venue.id),
            deposits=deposits,
            payments=payments,
            payments_total=total,
            groups=await groups_at_venue(venue.id),
            methods=methods(),
            today=clock.today_in(venue.timezone),
            problems=problems or [],
            form=form or {},
            done=request.query_params.get("done"),
        )

    @get("/", name="desk_money")
    async def money(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template:
        return await self._page(request, await get_venue(venue_id))

    @get("/money.csv", name="desk_money_csv", media_type="text/csv")
    async def csv_file(self, venue_id: FromPath[int]) -> Response[str]:
        venue = await get_venue(venue_id)
        return Response(
            await money_csv(venue.id),
            media_type="text/csv",
            headers={
                "Content-Disposition": f'attachment; filename="venue-{venue.id}-money.csv"',
                "Cache-Control": "private, no-store",
            },
        )

    @get("/groups/{group_id:int}", name="desk_money_statement")
    async def group_statement(
        self, request: Request[Any, Any, Any], venue_id: FromPath[int], group_id: FromPath[int]
    ) -> Template:
        venue = await get_venue(venue_id)
        return await statement_page(
            request, venue, group_id, money_path(venue.id), _("%(venue)s: money") % {"venue": shown(venue, "name").text}
        )

    @post("/payments", status_code=303, opt={MULTI_LINE_FIELDS: {"note"}})
    async def record(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template | Redirect:
        venue = await get_venue(venue_id)
        form = {key: str(value) for key, value in (await request.form()).items()}
        user = current_user(request)
        try:
            draft = PaymentDraft(
                kind=form.get("kind", "payment"),
                method=form.get("method", ""),
                amount_minor=pounds_to_pence(form.get("amount", ""), "amount"),
                received_on=form_date(form.get("received_on"), "received_on", required=False),
                booking_id=form_int(form.get("booking_id"), "booking_id"),
                group_id=form_int(form.get("group_id"), "group_id"),
                payer_name=form.get("payer_name", "")[:200],
                reference=form.get("reference", "")[:100],
                note=form.get("note", "")[:5000],
            )
            payment: Payment = await record_payment(venue.id, draft, user.id if user else None)
        except DomainError as error:
            return await self._page(request, venue, domain_status(error), [error.detail], form)
        return Redirect(money_path(venue.id, f"{payment.kind}-recorded"), status_code=303)

    @post("/deposits/{booking_id:int}/take", status_code=303)
    async def take(
        self, request: Request[Any, Any, Any], venue_id: FromPath[int], booking_id: FromPath[int]
    ) -> Template | Redirect:
        venue = await get_venue(venue_id)
        form = {key: str(value) for key, value in (await request.form()).items()}
        user = current_user(request)
        try:
            await take_deposit(venue.id, booking_id, form.get("method", ""), user.id if user else None)
        except DomainError as error:
            return await self._page(request, venue, domain_status(error), [error.detail])
        return Redirect(money_path(venue.id, "deposit-taken"), status_code=303)

    @post("/deposits/{booking_id:int}/return", status_code=303, opt={MULTI_LINE_FIELDS: {"reason"}})
    async def give_back(
        self, request: Request[Any, Any, Any], venue_id: FromPath[int], booking_id: FromPath[int]
    ) -> Template | Redirect:
        venue = await get_venue(venue_id)
        form = {key: str(value) for key, value in (await request.form()).items()}
        user = current_user(request)
        try:
            returned = pounds_to_pence(form.get("returned", ""), "returned", allow_zero=True)
            await return_deposit(
                venue.id,
                booking_id,
                returned,
                form.get("method", ""),
                form.get("reason", "")[:5000],
                user.id if user else None,
            )
        except DomainError as error:
            return await self._page(request, venue, domain_status(error), [error.detail])
        return Redirect(money_path(venue.id, "deposit-settled"), status_code=303)


async def statement_page(
    request: Request[Any, Any, Any], venue: Venue, group_id: int, back: str, back_label: str
) -> Template:
    """A group's statement at a venue, read-only, from ``from`` to ``to`` in the query string when given."""
    start = form_date(request.query_params.get("from"), "from", required=False)
    end = form_date(request.query_params.get("to"), "to", required=False)
    found = await statement(venue.id, group_id, start, end)
    return await page(
        request,
        "money_statement.html.j2",
        venue=venue,
        statement=found,
        balance=await group_balance(venue.id, group_id),
        back=back,
        back_label=back_label,
    )


class GroupStatementPages(Controller):
    """An organiser's read-only view of what the group owes each venue that bills it."""

    path = "/groups/{group_id:int}/statements"
    guards = [requires_login]

    @get("/{venue_id:int}", name="group_statement")
    async def statement(
        self, request: Request[Any, Any, Any], group_id: FromPath[int], venue_id: FromPath[int]
    ) -> Template:
        user = current_user(request)
        group = await get_group(group_id)
        if not await organises(user, group.id):
            raise Forbidden(_("Only the group's organisers may see its statements."))
        venue = await get_venue(venue_id)
        return await statement_page(request, venue, group.id, f"/groups/{group.id}", group.name)
