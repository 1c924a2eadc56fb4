"""/api/v1/venues/{id}/…: a venue's money for its managers and treasurers (payments, deposits, balances,
statements, overdue invoices, the CSV)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, QueryParameter

from api.errors import problem_responses
from api.pagination import Paging, page_of, provide_paging
from api.payments.schemas import (
    BalanceOut,
    DepositOut,
    DepositReturn,
    DepositTake,
    OverdueOut,
    PaymentCreate,
    PaymentOut,
    StatementEntryOut,
    StatementOut,
)
from api.schemas import Page, RowIdQuery
from api.venues.guards import handles_path_venue_money
from scheduling.models import Deposit, Payment
from scheduling.payments.balances import Balance, booking_balance, group_balance, overdue, statement
from scheduling.payments.deposits import booking_deposit, return_deposit, take_deposit
from scheduling.payments.export import money_csv
from scheduling.payments.record import PaymentDraft, list_payments, record_payment
from venues.core import clock
from venues.lookups import get_venue
from venues.models import User

CSV_MEDIA_TYPE = "text/csv"


def payment_out(payment: Payment) -> PaymentOut:
    return PaymentOut(
        id=payment.id,
        venue_id=payment.venue,
        kind=payment.kind,
        method=payment.method,
        amount_minor=payment.amount_minor,
        currency=payment.currency,
        received_on=payment.received_on,
        booking_id=payment.booking,
        group_id=payment.group,
        invoice_id=payment.invoice,
        payer_name=payment.payer_name,
        reference=payment.reference,
        note=payment.note,
        for_deposit=payment.for_deposit,
        recorded_at=payment.recorded_at,
    )


def deposit_out(deposit: Deposit) -> DepositOut:
    return DepositOut(
        id=deposit.id,
        booking_id=deposit.booking,
        amount_minor=deposit.amount_minor,
        currency=deposit.currency,
        status=deposit.status,
        taken_minor=deposit.taken_minor,
        returned_minor=deposit.returned_minor,
        retained_minor=deposit.retained_minor,
        reason=deposit.reason,
    )


def balance_out(balance: Balance) -> BalanceOut:
    return BalanceOut(
        invoiced_minor=balance.invoiced_minor,
        credited_minor=balance.credited_minor,
        paid_minor=balance.paid_minor,
        refunded_minor=balance.refunded_minor,
        deposit_refunded_minor=balance.deposit_refunded_minor,
        owed_minor=balance.owed_minor,
        deposits_held_minor=balance.deposits_held_minor,
        currency=balance.currency,
    )


FromDay = Annotated[date | None, QueryParameter(name="from", description="first date, YYYY-MM-DD (venue time)")]
ToDay = Annotated[date | None, QueryParameter(name="to", description="last date, YYYY-MM-DD (venue time)")]


class PaymentController(Controller):
    path = "/api/v1/venues/{venue_id:int}"
    tags = ["payments"]
    guards = [handles_path_venue_money]
    dependencies = {"paging": Provide(provide_paging, sync_to_thread=False)}

    @post(
        "/payments",
        summary="Record a payment or a refund (managers and treasurers)",
        description="Money in or back out, by cash, cheque, bank transfer or card taken elsewhere; never edited "
        "afterwards (put a mistake right with a refund). A refund names its booking, group or invoice and is "
        "never more than was paid for it less earlier refunds (409). Deposit money (for_deposit) is refused (400): "
        "take and return a deposit with the booking's deposit actions.",
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def record(
        self, venue_id: FromPath[int], data: JSONBody[PaymentCreate], user: NamedDependency[User]
    ) -> PaymentOut:
        draft = PaymentDraft(
            kind=data.kind,
            method=data.method,
            amount_minor=data.amount_minor,
            received_on=data.received_on,
            booking_id=data.booking_id,
            group_id=data.group_id,
            invoice_id=data.invoice_id,
            payer_name=data.payer_name,
            reference=data.reference,
            note=data.note,
            for_deposit=data.for_deposit,
        )
        return payment_out(await record_payment(venue_id, draft, user.id))

    @get(
        "/payments",
        summary="A venue's payments and refunds, latest first (managers and treasurers)",
        responses=problem_responses(401, 403, 404),
    )
    async def listed(
        self,
        request: Request,
        venue_id: FromPath[int],
        paging: NamedDependency[Paging],
        booking_id: RowIdQuery = None,
        group_id: RowIdQuery = None,
    ) -> Page[PaymentOut]:
        rows, total = await list_payments(venue_id, paging.limit, paging.offset, booking_id, group_id)
        return page_of(request, [payment_out(row) for row in rows], total, paging)

    @get(
        "/bookings/{booking_id:int}/deposit",
        summary="A booking's deposit",
        responses=problem_responses(401, 403, 404),
    )
    async def deposit(self, venue_id: FromPath[int], booking_id: FromPath[int]) -> DepositOut:
        return deposit_out(await booking_deposit(venue_id, booking_id))

    @post(
        "/bookings/{booking_id:int}/deposit/take",
        summary="Take a booking's deposit",
        description="Records a payment of the deposit (for_deposit); the deposit is then held. 409 unless due.",
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def take(
        self,
        venue_id: FromPath[int],
        booking_id: FromPath[int],
        data: JSONBody[DepositTake],
        user: NamedDependency[User],
    ) -> DepositOut:
        deposit = await take_deposit(
            venue_id, booking_id, data.method, user.id, data.received_on, data.reference, data.payer_name
        )
        return deposit_out(deposit)

    @post(
        "/bookings/{booking_id:int}/deposit/return",
        summary="Return a held deposit in full or in part, or keep it",
        description="`returned_minor` goes back (a refund for the deposit); what is kept needs a `reason`, "
        "which the hirer is told. Status returned, part_returned or retained. 409 unless held.",
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def give_back(
        self,
        venue_id: FromPath[int],
        booking_id: FromPath[int],
        data: JSONBody[DepositReturn],
        user: NamedDependency[User],
    ) -> DepositOut:
        deposit = await return_deposit(
            venue_id,
            booking_id,
            data.returned_minor,
            data.method,
            data.reason,
            user.id,
            data.returned_on,
            data.reference,
        )
        return deposit_out(deposit)

    @get(
        "/bookings/{booking_id:int}/balance",
        summary="What a booking owes",
        responses=problem_responses(401, 403, 404),
    )
    async def booking_balance(self, venue_id: FromPath[int], booking_id: FromPath[int]) -> BalanceOut:
        return balance_out(await booking_balance(venue_id, booking_id))

    @get(
        "/groups/{group_id:int}/balance",
        summary="What a group owes the venue",
        responses=problem_responses(401, 403, 404),
    )
    async def group_balance(self, venue_id: FromPath[int], group_id: FromPath[int]) -> BalanceOut:
        return balance_out(await group_balance(venue_id, group_id))

    @get(
        "/groups/{group_id:int}/statement",
        summary="A group's statement at the venue",
        description="Invoices, credit notes, payments and refunds from `from` to `to`, oldest first, with the "
        "balance owed after each; what came before `from` is the opening balance.",
        responses=problem_responses(401, 403, 404),
    )
    async def statement(
        self, venue_id: FromPath[int], group_id: FromPath[int], from_day: FromDay = None, to_day: ToDay = None
    ) -> StatementOut:
        found = await statement(venue_id, group_id, from_day, to_day)
        return StatementOut(
            group_id=found.group_id,
            group_name=found.group_name,
            start=found.start,
            end=found.end,
            opening_minor=found.opening_minor,
            closing_minor=found.closing_minor,
            entries=[
                StatementEntryOut(
                    on=entry.on,
                    type=entry.type,
                    document=entry.document,
                    description=entry.description,
                    amount_minor=entry.amount_minor,
                    balance_minor=entry.balance_minor,
                )
                for entry in found.entries
            ],
        )

    @get(
        "/overdue",
        summary="Invoices past their due date with something outstanding",
        responses=problem_responses(401, 403, 404),
    )
    async def overdue(
        self, request: Request, venue_id: FromPath[int], paging: NamedDependency[Paging]
    ) -> Page[OverdueOut]:
        venue = await get_venue(venue_id)
        found = await overdue(venue.id, clock.today_in(venue.timezone))
        shown = found[paging.offset : paging.offset + paging.limit]
        items = [
            OverdueOut(
                invoice_id=item.invoice_id,
                reference=item.reference,
                billed_to=item.billed_to,
                group_id=item.group_id,
                booking_id=item.booking_id,
                issued_on=item.issued_on,
                due_on=item.due_on,
                total_minor=item.total_minor,
                outstanding_minor=item.outstanding_minor,
                days_overdue=item.days_overdue,
            )
            for item in shown
        ]
        return page_of(request, items, len(found), paging)

    @get(
        "/money.csv",
        media_type=CSV_MEDIA_TYPE,
        summary="Every invoice line and payment as CSV, for the treasurer",
        description="Columns date, type, document, billed_to, description, net, vat, gross, method, reference; "
        "credit notes and refunds negative; pounds with two decimals; venue-local dates.",
        responses=problem_responses(401, 403, 404),
    )
    async def money_csv_file(
        self, venue_id: FromPath[int], from_day: FromDay = None, to_day: ToDay = None
    ) -> Response[str]:
        text = await money_csv(venue_id, from_day, to_day)
        return Response(
            text,
            media_type=CSV_MEDIA_TYPE,
            headers={
                "Content-Disposition": f'attachment; filename="venue-{venue_id}-money.csv"',
                "Cache-Control": "private, no-store",
            },
        )
