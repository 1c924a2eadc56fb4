"""A cancellation end to end with the real pieces: a booking priced (hire £80, an extra £20, deposit £50),
confirmed and invoiced (£150), paid, cancelled by the hirer or the venue; the credit note the policy gives
and the balance a treasurer sees, brought to nothing by the refund it shows."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

import pytest

from scheduling.bookings.workflow import BookingDraft, cancel_booking, request_booking
from scheduling.models import Booking, Deposit, Invoice, InvoiceLine
from scheduling.payments.balances import booking_balance, group_balance, group_balances, overdue, statement
from scheduling.payments.deposits import return_deposit, take_deposit
from scheduling.payments.record import PaymentDraft, record_payment
from scheduling.venue_changes.resolve import Fate, Resolution, close
from tests.bookings_support import future_day
from tests.factories import Account, Factory
from venues.core.errors import InvalidInput
from venues.core.timezones import local_datetime
from venues.models import Extra, Space, SpaceRate, Venue, VenueMoneySettings

ZONE = "Europe/London"


async def hall(factory: Factory) -> tuple[Account, Account, Venue, Space, Extra]:
    manager, hirer = await factory.account("manager"), await factory.account("hirer")
    venue = await factory.venue(manager=manager)
    await VenueMoneySettings(venue=venue.id, cancellation_policy=json.dumps([[14, 100], [7, 50]])).save()
    space = await factory.space(venue, requires_approval=False)
    rate = await factory.rate(space, "standard", 4000)
    await SpaceRate.update({SpaceRate.deposit_minor: 5000}).where(SpaceRate.id == rate.id)
    urn = Extra(venue=venue.id, name="Tea urn", unit="booking", price_minor=2000, vat_treatment="exempt")
    await urn.save()
    return manager, hirer, venue, space, urn


def day() -> date:
    return future_day(weeks=5)


async def booked_and_paid(factory: Factory) -> tuple[Account, Account, Venue, Booking]:
    """Hire 10:00–12:00 at £40 an hour, the urn and the deposit, confirmed at once and invoiced; £150 paid."""
    manager, hirer, venue, space, urn = await hall(factory)
    draft = BookingDraft(
        space.id,
        local_datetime(day(), time(10), ZONE).replace(tzinfo=None),
        local_datetime(day(), time(12), ZONE).replace(tzinfo=None),
        title="Party",
        extras=((urn.id, 1),),
    )
    booking = await request_booking(hirer.user, draft)
    assert booking.status == "confirmed"
    invoice = await Invoice.objects().where(Invoice.kind == "invoice").first()
    lines = await InvoiceLine.select(InvoiceLine.kind, InvoiceLine.amount_minor).where(
        InvoiceLine.invoice == invoice.id
    )
    assert sorted((row["kind"], row["amount_minor"]) for row in lines) == [
        ("deposit", 5000),
        ("extra", 2000),
        ("hire", 8000),
    ]
    assert invoice.total_minor == 15000
    deposit = await Deposit.objects().first()
    assert (deposit.booking, deposit.amount_minor, deposit.status) == (booking.id, 5000, "due")
    await record_payment(venue.id, PaymentDraft("payment", "bank_transfer", 15000, booking_id=booking.id), manager.id)
    return manager, hirer, venue, booking


def days_before(days: int) -> datetime:
    """Noon, venue time, ``days`` calendar days before the booking's day."""
    return local_datetime(day() - timedelta(days=days), time(12), ZONE)


async def credit_note_total() -> int:
    notes = await Invoice.select(Invoice.total_minor).where(Invoice.kind == "credit_note")
    return sum(row["total_minor"] for row in notes)


@pytest.mark.parametrize(
    ("days", "credited"),
    [
        (14, 10000 + 5000),  # all the hire and extras, and the deposit
        (10, 5000 + 5000),  # half of £100, and the deposit
        (7, 5000 + 5000),
        (6, 0 + 5000),  # nothing of the hire and extras; the deposit always comes back
    ],
)
async def test_the_hirer_cancelling_is_credited_by_the_policy_and_the_refund_due_settles_the_balance(
    factory: Factory, days: int, credited: int
) -> None:
    manager, hirer, venue, booking = await booked_and_paid(factory)
    assert (await booking_balance(venue.id, booking.id)).owed_minor == 0
    await cancel_booking(hirer.user, booking.id, "Change of plan", now=days_before(days))
    assert await credit_note_total() == credited
    balance = await booking_balance(venue.id, booking.id)
    # £150 invoiced, £150 paid, `credited` credited: that much is owed back to the hirer.
    assert (balance.invoiced_minor, balance.credited_minor, balance.paid_minor) == (15000, credited, 15000)
    assert balance.owed_minor == -credited
    await record_payment(venue.id, PaymentDraft("refund", "bank_transfer", credited, booking_id=booking.id), manager.id)
    assert (await booking_balance(venue.id, booking.id)).owed_minor == 0


@pytest.mark.parametrize("how", ["manager", "closure"])
async def test_the_venue_cancelling_credits_everything(factory: Factory, how: str) -> None:
    manager, _, venue, booking = await booked_and_paid(factory)
    now = days_before(1)
    if how == "manager":
        await cancel_booking(manager.user, booking.id, "Boiler broken", now=now)
    else:
        resolution = Resolution(every=Fate.cancel, reason="Flood")
        await close(manager.user, venue.id, day(), day(), "Flood", None, resolution, now=now)
    assert (await Booking.select(Booking.status).where(Booking.id == booking.id).first())["status"] == "cancelled"
    assert await credit_note_total() == 15000
    assert (await booking_balance(venue.id, booking.id)).owed_minor == -15000


async def test_a_deposit_taken_then_returned_after_a_cancellation_counts_as_paying_the_credit_back(
    factory: Factory,
) -> None:
    """The treasurer takes the deposit, and the hirer cancels 10 days before: half the £100 hire is credited
    (the deposit taken is not: only returning it settles it), so £50 is due back; returning the deposit changes
    nothing owed, and a £50 refund settles the rest."""
    manager, hirer, venue, space, urn = await hall(factory)
    draft = BookingDraft(
        space.id,
        local_datetime(day(), time(10), ZONE).replace(tzinfo=None),
        local_datetime(day(), time(12), ZONE).replace(tzinfo=None),
        extras=((urn.id, 1),),
    )
    booking = await request_booking(hirer.user, draft)
    await take_deposit(venue.id, booking.id, "cash", manager.id)
    await record_payment(venue.id, PaymentDraft("payment", "cash", 10000, booking_id=booking.id), manager.id)
    assert (await booking_balance(venue.id, booking.id)).owed_minor == 0
    await cancel_booking(hirer.user, booking.id, "", now=days_before(10))
    assert (await booking_balance(venue.id, booking.id)).owed_minor == -5000
    await return_deposit(venue.id, booking.id, 5000, "cash", "", manager.id)
    assert (await booking_balance(venue.id, booking.id)).owed_minor == -5000
    await record_payment(venue.id, PaymentDraft("refund", "cash", 5000, booking_id=booking.id), manager.id)
    assert (await booking_balance(venue.id, booking.id)).owed_minor == 0


async def test_a_deposit_returned_after_the_booking_took_place_leaves_nothing_owed(factory: Factory) -> None:
    manager, hirer, venue, space, urn = await hall(factory)
    draft = BookingDraft(
        space.id,
        local_datetime(day(), time(10), ZONE).replace(tzinfo=None),
        local_datetime(day(), time(12), ZONE).replace(tzinfo=None),
        extras=((urn.id, 1),),
    )
    booking = await request_booking(hirer.user, draft)
    await take_deposit(venue.id, booking.id, "cash", manager.id)
    await record_payment(venue.id, PaymentDraft("payment", "cash", 10000, booking_id=booking.id), manager.id)
    await return_deposit(venue.id, booking.id, 5000, "cash", "", manager.id)
    # No credit note: the deposit on the invoice was a sum held, not a charge; returning it leaves 0 owed.
    assert (await booking_balance(venue.id, booking.id)).owed_minor == 0


async def test_a_deposit_never_taken_is_credited_whole_and_money_for_a_deposit_goes_through_its_actions(
    factory: Factory,
) -> None:
    """£100 paid (not the deposit), cancelled 6 days before: nothing of the hire comes back, the £50 deposit that
    was never taken is credited whole, so nothing is owed or overdue; deposit money recorded as a plain payment
    or refund is refused (only the deposit's own take and return actions move it)."""
    manager, hirer, venue, space, urn = await hall(factory)
    draft = BookingDraft(
        space.id,
        local_datetime(day(), time(10), ZONE).replace(tzinfo=None),
        local_datetime(day(), time(12), ZONE).replace(tzinfo=None),
        extras=((urn.id, 1),),
    )
    booking = await request_booking(hirer.user, draft)
    await record_payment(venue.id, PaymentDraft("payment", "cash", 10000, booking_id=booking.id), manager.id)
    await cancel_booking(hirer.user, booking.id, "", now=days_before(6))
    later = day() + timedelta(days=400)
    assert (await booking_balance(venue.id, booking.id)).owed_minor == 0 and await overdue(venue.id, later) == []
    with pytest.raises(InvalidInput):
        await record_payment(
            venue.id, PaymentDraft("refund", "cash", 5000, booking_id=booking.id, for_deposit=True), manager.id
        )
    assert (await booking_balance(venue.id, booking.id)).owed_minor == 0


async def test_a_groups_balance_list_and_statement_agree_after_a_cancellation_settled_by_the_deposit(
    factory: Factory,
) -> None:
    manager, hirer, venue, space, urn = await hall(factory)
    group = await factory.group(hirer, name="Choir")
    draft = BookingDraft(
        space.id,
        local_datetime(day(), time(10), ZONE).replace(tzinfo=None),
        local_datetime(day(), time(12), ZONE).replace(tzinfo=None),
        extras=((urn.id, 1),),
        group_id=group.id,
    )
    booking = await request_booking(hirer.user, draft)
    await take_deposit(venue.id, booking.id, "cash", manager.id)
    await record_payment(venue.id, PaymentDraft("payment", "cash", 10000, booking_id=booking.id), manager.id)
    await cancel_booking(hirer.user, booking.id, "", now=days_before(10))
    await return_deposit(venue.id, booking.id, 5000, "cash", "", manager.id)
    assert (await group_balance(venue.id, group.id)).owed_minor == -5000
    assert [item.balance.owed_minor for item in await group_balances(venue.id)] == [-5000]
    assert (await statement(venue.id, group.id)).closing_minor == -5000
    await record_payment(venue.id, PaymentDraft("refund", "cash", 5000, booking_id=booking.id), manager.id)
    assert (await group_balance(venue.id, group.id)).owed_minor == 0
    assert [item.balance.owed_minor for item in await group_balances(venue.id)] == [0]
    assert (await statement(venue.id, group.id)).closing_minor == 0
