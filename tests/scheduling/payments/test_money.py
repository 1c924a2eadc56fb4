"""Payments, refunds, deposits and balances at a venue, with amounts worked out by hand (pence)."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from scheduling.models import Deposit, Payment
from scheduling.payments.balances import booking_balance, group_balance, invoice_outstanding, overdue, statement
from scheduling.payments.deposits import deposit_due, return_deposit, take_deposit
from scheduling.payments.record import PaymentDraft, record_payment
from tests.factories import Account, Factory
from tests.scheduling.payments.support import issued
from venues.core.errors import Conflict, InvalidInput
from venues.models import Space, Venue


async def hall(factory: Factory) -> tuple[Account, Venue, Space]:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    return manager, venue, await factory.space(venue)


def at(hour: int, day: int = 20) -> datetime:
    from datetime import UTC

    return datetime(2026, 6, day, hour, tzinfo=UTC)


def paid(amount: int, kind: str = "payment", **fields: object) -> PaymentDraft:
    return PaymentDraft(kind=kind, method="bank_transfer", amount_minor=amount, received_on=date(2026, 6, 1), **fields)  # type: ignore[arg-type]  # test fields by name


async def test_a_part_payment_leaves_the_rest_owed(factory: Factory) -> None:
    manager, venue, space = await hall(factory)
    booking = await factory.booking(space, at(10), at(12))
    await issued(venue.id, [(6000, 0), (1500, 250)], date(2026, 6, 1), booking=booking.id)
    await record_payment(venue.id, paid(5000, booking_id=booking.id), manager.id)
    balance = await booking_balance(venue.id, booking.id)
    assert (balance.invoiced_minor, balance.paid_minor, balance.owed_minor) == (7500, 5000, 2500)


async def test_a_refund_is_never_more_than_was_paid_and_not_yet_refunded(factory: Factory) -> None:
    manager, venue, space = await hall(factory)
    booking = await factory.booking(space, at(10), at(12))
    await record_payment(venue.id, paid(3000, booking_id=booking.id), manager.id)
    await record_payment(venue.id, paid(2000, "refund", booking_id=booking.id), manager.id)
    with pytest.raises(Conflict):
        await record_payment(venue.id, paid(1001, "refund", booking_id=booking.id), manager.id)
    await record_payment(venue.id, paid(1000, "refund", booking_id=booking.id), manager.id)
    balance = await booking_balance(venue.id, booking.id)
    assert (balance.paid_minor, balance.refunded_minor, balance.owed_minor) == (3000, 3000, 0)


async def test_a_payment_for_another_venues_booking_or_a_nothing_amount_is_refused(factory: Factory) -> None:
    manager, venue, space = await hall(factory)
    _, other, other_space = await hall(factory)
    theirs = await factory.booking(other_space, at(10), at(12))
    with pytest.raises(InvalidInput) as refused:
        await record_payment(venue.id, paid(100, booking_id=theirs.id), manager.id)
    assert refused.value.field == "booking_id"
    with pytest.raises(InvalidInput):
        await record_payment(venue.id, paid(0), manager.id)
    with pytest.raises(InvalidInput):
        await record_payment(venue.id, PaymentDraft(kind="payment", method="bitcoin", amount_minor=100), manager.id)
    assert await Payment.count() == 0


async def test_a_payment_row_cannot_be_changed(factory: Factory) -> None:
    manager, venue, space = await hall(factory)
    payment = await record_payment(venue.id, paid(100), manager.id)
    with pytest.raises(Exception):  # noqa: B017  # the trigger's error differs by engine
        await Payment.update({Payment.amount_minor: 1}).where(Payment.id == payment.id)


async def deposit_booking(factory: Factory, space: Space, deposit: int = 10000) -> int:
    booking = await factory.booking(
        space, at(10), at(12), price_breakdown=json.dumps({"deposit_minor": deposit, "lines": []})
    )
    assert await deposit_due(booking) is not None
    return booking.id


async def test_a_deposit_taken_then_returned_in_part_keeps_the_rest_with_its_reason(factory: Factory) -> None:
    manager, venue, space = await hall(factory)
    booking_id = await deposit_booking(factory, space)
    held = await take_deposit(venue.id, booking_id, "cash", manager.id)
    assert (held.status, held.taken_minor) == ("held", 10000)
    assert (await booking_balance(venue.id, booking_id)).deposits_held_minor == 10000
    with pytest.raises(InvalidInput) as refused:
        await return_deposit(venue.id, booking_id, 7500, "cash", "  ", manager.id)
    assert refused.value.field == "reason"
    settled = await return_deposit(venue.id, booking_id, 7500, "cash", "Broken chair", manager.id)
    row = await Deposit.objects().where(Deposit.booking == booking_id).first()
    assert (row.status, row.returned_minor, row.retained_minor, row.reason) == (
        "part_returned",
        7500,
        2500,
        "Broken chair",
    )
    assert settled.status == "part_returned"
    balance = await booking_balance(venue.id, booking_id)
    # Paid 100.00 as deposit; 75.00 returned settles that much deposit: nothing owed is added, nothing held.
    assert (balance.paid_minor, balance.refunded_minor, balance.deposit_refunded_minor) == (10000, 0, 7500)
    assert balance.deposits_held_minor == 0
    with pytest.raises(Conflict):
        await return_deposit(venue.id, booking_id, 2500, "cash", "", manager.id)


async def test_a_deposit_returned_in_full_or_retained(factory: Factory) -> None:
    manager, venue, space = await hall(factory)
    first, second = await deposit_booking(factory, space, 5000), await deposit_booking(factory, space, 4000)
    for booking_id in (first, second):
        await take_deposit(venue.id, booking_id, "cheque", manager.id)
    assert (await return_deposit(venue.id, first, 5000, "cheque", "", manager.id)).status == "returned"
    kept = await return_deposit(venue.id, second, 0, "cheque", "Left the hall dirty", manager.id)
    assert (kept.status, kept.retained_minor) == ("retained", 4000)
    assert await Payment.count().where(Payment.kind == "refund") == 1
    with pytest.raises(Conflict):
        await take_deposit(venue.id, first, "cash", manager.id)


async def test_no_deposit_row_without_a_deposit_in_the_price(factory: Factory) -> None:
    _, _, space = await hall(factory)
    booking = await factory.booking(space, at(10), at(12), price_breakdown=json.dumps({"deposit_minor": 0}))
    assert await deposit_due(booking) is None
    old = await factory.booking(space, at(13), at(14))
    assert await deposit_due(old) is None
    assert await Deposit.count() == 0


async def test_a_groups_statement_runs_its_balance_and_overdue_applies_payments_oldest_first(
    factory: Factory,
) -> None:
    manager, venue, space = await hall(factory)
    group = await factory.group(name="Choir")
    await factory.booking(space, at(10), at(12), group=group.id)
    may = await issued(venue.id, [(4000, 0)], date(2026, 5, 1), date(2026, 5, 15), group=group.id)
    june = await issued(venue.id, [(3000, 0)], date(2026, 6, 1), date(2026, 6, 15), group=group.id)
    await issued(venue.id, [(1000, 0)], date(2026, 6, 3), kind="credit_note", group=group.id, credits=june.id)
    await record_payment(venue.id, PaymentDraft("payment", "cash", 2500, date(2026, 5, 20), group_id=group.id), None)
    found = await statement(venue.id, group.id)
    assert [(entry.type, entry.amount_minor, entry.balance_minor) for entry in found.entries] == [
        ("invoice", 4000, 4000),
        ("payment", -2500, 1500),
        ("invoice", 3000, 4500),
        ("credit_note", -1000, 3500),
    ]
    later = await statement(venue.id, group.id, date(2026, 6, 1), date(2026, 6, 30))
    assert (later.opening_minor, later.closing_minor, len(later.entries)) == (1500, 3500, 2)
    assert (await group_balance(venue.id, group.id)).owed_minor == 3500
    late = await overdue(venue.id, date(2026, 6, 20))
    # May: 40.00 less the 25.00 paid leaves 15.00; June: 30.00 less its 10.00 credit leaves 20.00.
    assert [(item.invoice_id, item.outstanding_minor) for item in late] == [(may.id, 1500), (june.id, 2000)]
    assert [item.invoice_id for item in await overdue(venue.id, date(2026, 6, 15))] == [may.id]


async def test_what_is_owed_on_each_invoice_is_its_total_less_credits_and_its_accounts_payments_oldest_first(
    factory: Factory,
) -> None:
    manager, venue, space = await hall(factory)
    group = await factory.group(name="Choir")
    await factory.booking(space, at(10), at(12), group=group.id)
    party = await factory.booking(space, at(14), at(18))
    may = await issued(venue.id, [(4000, 0)], date(2026, 5, 1), date(2026, 5, 15), group=group.id)
    june = await issued(venue.id, [(3000, 0)], date(2026, 6, 1), date(2026, 6, 15), group=group.id)
    credit = await issued(venue.id, [(1000, 0)], date(2026, 6, 3), kind="credit_note", group=group.id, credits=june.id)
    hire = await issued(venue.id, [(20700, 200)], date(2026, 6, 2), booking=party.id)
    await record_payment(venue.id, paid(5000, group_id=group.id), manager.id)
    await record_payment(venue.id, paid(10000, booking_id=party.id), manager.id)
    owed = await invoice_outstanding(venue.id)
    # The choir's 50.00 pays May's 40.00, then 10.00 of June's 30.00 less 10.00 credited: 10.00 left.
    # The party's invoice of 207.00 less its 100.00: 107.00. A credit note owes nothing and is not listed.
    assert owed == {may.id: 0, june.id: 1000, hire.id: 10700}
    assert credit.id not in owed


async def test_confirming_a_request_priced_with_a_deposit_makes_the_deposit_due(
    factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scheduling.bookings import workflow
    from scheduling.bookings.workflow import BookingDraft, confirm_booking, request_booking

    manager, venue, _ = await hall(factory)
    space = await factory.space(venue, requires_approval=True)
    hirer = await factory.account("hirer")
    priced = workflow.price_for

    async def with_deposit(*args: object, **kwargs: object) -> dict[str, object]:
        values = await priced(*args, **kwargs)  # type: ignore[arg-type]  # passed through as called
        breakdown = json.loads(values["price_breakdown"])
        return {**values, "price_breakdown": json.dumps({**breakdown, "deposit_minor": 7500})}

    monkeypatch.setattr(workflow, "price_for", with_deposit)
    asked = await request_booking(
        hirer.user, BookingDraft(space.id, at(10, 25).replace(year=2027), at(12, 25).replace(year=2027))
    )
    assert asked.status == "requested" and await Deposit.count() == 0
    await confirm_booking(manager.user, asked.id)
    deposit = await Deposit.objects().first()
    assert (deposit.booking, deposit.amount_minor, deposit.status) == (asked.id, 7500, "due")
