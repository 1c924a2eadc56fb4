"""Whoever money concerns hears it once, in the change's transaction: the person billed reads the invoice with the
confirmation, the credit with the cancellation, a month's invoice and a deposit settled in messages of their own;
nobody else reads the amounts, a rolled-back change sends nothing and a free booking no invoice."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

import scheduling.bookings.workflow as workflow
from scheduling.bookings.workflow import cancel_booking, confirm_booking
from scheduling.invoices.monthly import issue_monthly, set_monthly
from scheduling.models import Booking, Invoice
from scheduling.notices.preferences import set_choices
from scheduling.payments.deposits import return_deposit, take_deposit
from scheduling.payments.record import PaymentDraft, record_payment
from scheduling.venue_changes.resolve import Fate, Resolution, close
from tests.bookings_support import future_day
from tests.factories import Account, Factory
from tests.mail_support import Sent, outbox, sent_to
from venues.core import clock
from venues.core.timezones import local_datetime
from venues.models import OutboxMessage, Space, Venue, VenueMoneySettings

DAY = future_day()
STARTS = local_datetime(DAY, time(10), "Europe/London")  # two hours at £15.00 an hour: £30.00 of hire
ENDS = STARTS + timedelta(hours=2)
TODAY = DAY - timedelta(days=21)  # the day the change is made: 21 days before, so a full refund by the policy
INSTRUCTIONS = "Bank transfer to Hall Trust, sort code 00-11-22, account 12345678"


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with clock.frozen_at(datetime.combine(TODAY, time(12), tzinfo=UTC)):
        yield


async def hall(factory: Factory, hourly: int = 1500, deposit: int = 2000) -> dict[str, Any]:
    people = {n: await factory.account(n) for n in ("manager", "hirer", "organiser", "other_organiser")}
    venue = await factory.venue(manager=people["manager"], public_email="bookings@hall.example")
    await VenueMoneySettings(
        venue=venue.id,
        vat_registered=True,
        vat_number="GB123456789",
        vat_rate_bp=2000,
        hire_vat_treatment="standard",
        payment_terms_days=14,
        payment_instructions=INSTRUCTIONS,
        billing_name="Hall Trust",
        cancellation_policy="[[14, 100], [7, 50]]",
    ).save()
    space = await factory.space(venue, requires_approval=True)
    rate = await factory.rate(space, "standard", hourly)
    rate.deposit_minor = deposit
    await rate.save()
    group = await factory.group(organiser=people["organiser"])
    other = await factory.group(organiser=people["other_organiser"])
    return {**people, "venue": venue, "space": space, "group": group, "other": other}


async def requested(s: dict[str, Any], who: str = "hirer", **fields: Any) -> Booking:
    account: Account = s[who]
    space: Space = s["space"]
    booking = Booking(
        venue=space.venue,
        space=space.id,
        starts_at=STARTS,
        ends_at=ENDS,
        status="requested",
        booked_by=account.id,
        booker_name=account.user.display_name,
        booker_email=account.user.email,
        title="Birthday party",
        uid=str(uuid.uuid4()),
        **fields,
    )
    await booking.save()
    return booking


def email(account: Account) -> str:
    return account.user.email


async def only_message(address: str) -> Sent:
    (message,) = await sent_to(address)
    return message


async def test_a_confirmation_tells_the_booker_the_invoice_in_the_one_confirmed_message(factory: Factory) -> None:
    s = await hall(factory)
    booking = await requested(s)
    await confirm_booking(s["manager"].user, booking.id)

    invoice = await Invoice.objects().where(Invoice.booking == booking.id).first()
    assert invoice is not None and invoice.total_minor == 5000
    message = await only_message(email(s["hirer"]))
    assert message.kind == "confirmed"
    assert "INV-000001" in message.subject
    text = message.text
    # Hire £30.00 with VAT at 20% inside (3000 × 2000 ÷ 12000 = £5.00), and the £20.00 deposit outside VAT.
    assert "Total: £50.00" in text and "VAT included: £5.00" in text
    due = TODAY + timedelta(days=14)
    assert f"Due: {due:%d %B %Y}" in text and f"Please pay by {due:%d %B %Y}." in text
    assert INSTRUCTIONS in text and "Hall Trust has issued invoice INV-000001 for £50.00." in text
    assert f"http://testserver/invoices/{invoice.id}" in text
    assert f'href="http://testserver/bookings/{booking.id}"' in message.html and "£50.00" in message.html
    # One message in all: the managers confirmed it, nobody else hears.
    assert [m.to for m in await outbox()] == [email(s["hirer"])]


async def test_a_group_invoice_goes_only_to_the_groups_organisers(factory: Factory) -> None:
    s = await hall(factory)
    # A manager books for the group, typing the secretary's address: they hear of the confirmation, not the money.
    booking = await requested(s, "manager", group=s["group"].id)
    await Booking.update({Booking.booker_email: "secretary@choir.example"}).where(Booking.id == booking.id)
    await confirm_booking(s["manager"].user, booking.id)

    to_organiser = await only_message(email(s["organiser"]))
    assert to_organiser.kind == "confirmed" and "INV-000001" in to_organiser.text and "£50.00" in to_organiser.text
    for address in (email(s["manager"]), "secretary@choir.example"):
        message = await only_message(address)
        assert message.kind == "confirmed"
        assert "INV-000001" not in message.text + message.html and "£" not in message.text + message.html
    assert not await sent_to(email(s["other_organiser"])) and not await sent_to(email(s["hirer"]))


async def test_a_free_booking_is_confirmed_without_an_invoice(factory: Factory) -> None:
    s = await hall(factory, hourly=0, deposit=0)
    booking = await requested(s)
    await confirm_booking(s["manager"].user, booking.id)

    assert not await Invoice.exists().where(Invoice.venue == s["venue"].id)
    message = await only_message(email(s["hirer"]))
    assert message.kind == "confirmed" and "Invoice" not in message.text and "£" not in message.text


async def test_an_invoice_reaches_the_booker_whatever_they_chose_for_confirmations(factory: Factory) -> None:
    s = await hall(factory)
    await set_choices(s["hirer"].id, {"confirmed": "none"})
    booking = await requested(s)
    await confirm_booking(s["manager"].user, booking.id)
    assert "INV-000001" in (await only_message(email(s["hirer"]))).text

    free = await hall(factory, hourly=0, deposit=0)
    await set_choices(free["hirer"].id, {"confirmed": "none"})
    await confirm_booking(free["manager"].user, (await requested(free)).id)
    assert not await sent_to(email(free["hirer"]))


async def test_a_confirmation_that_fails_after_issuing_leaves_no_invoice_and_no_message(
    factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = await hall(factory)
    booking = await requested(s)
    original = workflow.booking_notice

    async def notice_then_fail(*args: Any, **kwargs: Any) -> None:
        await original(*args, **kwargs)
        assert await OutboxMessage.count() == 1  # the message was written, inside the transaction
        raise RuntimeError("the confirmation fails after its message")

    monkeypatch.setattr(workflow, "booking_notice", notice_then_fail)
    with pytest.raises(RuntimeError):
        await confirm_booking(s["manager"].user, booking.id)
    assert await OutboxMessage.count() == 0
    assert not await Invoice.exists().where(Invoice.venue == s["venue"].id)


async def pay(s: dict[str, Any], booking: Booking, amount: int) -> None:
    draft = PaymentDraft(kind="payment", method="bank_transfer", amount_minor=amount, booking_id=booking.id)
    await record_payment(s["venue"].id, draft, s["manager"].id)


async def confirmed(s: dict[str, Any]) -> Booking:
    booking = await requested(s)
    await confirm_booking(s["manager"].user, booking.id)
    await OutboxMessage.delete(force=True)
    return booking


async def cancellation_to(s: dict[str, Any], who: str, booking: Booking, days_before: int) -> Sent:
    now = datetime.combine(DAY - timedelta(days=days_before), time(12), tzinfo=UTC)
    with clock.frozen_at(now):
        await cancel_booking(s[who].user, booking.id, "Plans changed", now=now)
    return await only_message(email(s["hirer"]))


async def test_a_cancellation_paid_for_tells_the_booker_the_credit_and_the_refund_due(factory: Factory) -> None:
    s = await hall(factory)
    booking = await confirmed(s)
    await pay(s, booking, 5000)
    message = await cancellation_to(s, "hirer", booking, 21)
    # 21 days before: all the hire (£30.00) and the deposit (£20.00) credited; £50.00 paid comes back.
    assert message.kind == "cancelled" and "CN-000001" in message.subject
    assert "Credit note CN-000001 credits £50.00 against invoice INV-000001." in message.text
    assert "A refund of £50.00 is due to you." in message.text
    assert "Credited: £50.00" in message.text


async def test_a_late_cancellation_unpaid_says_what_is_still_to_pay(factory: Factory) -> None:
    s = await hall(factory)
    booking = await confirmed(s)
    message = await cancellation_to(s, "hirer", booking, 10)
    # 10 days before: half the hire (£15.00) and all the deposit (£20.00) credited; £50.00 − £35.00 is left.
    assert "Credit note CN-000001 credits £35.00" in message.text
    assert "£15.00 is still to pay for this booking." in message.text


async def test_the_venue_cancelling_an_unpaid_booking_leaves_nothing_to_pay(factory: Factory) -> None:
    s = await hall(factory)
    booking = await confirmed(s)
    message = await cancellation_to(s, "manager", booking, 3)
    assert "Credit note CN-000001 credits £50.00" in message.text
    assert "There is nothing more to pay for this booking." in message.text
    assert [m.to for m in await outbox()] == [email(s["hirer"])]


async def test_a_deposit_part_kept_tells_the_booker_what_comes_back_what_is_kept_and_why(factory: Factory) -> None:
    s = await hall(factory)
    booking = await confirmed(s)
    venue: Venue = s["venue"]
    await take_deposit(venue.id, booking.id, "cash", s["manager"].id)
    await return_deposit(venue.id, booking.id, 1200, "bank_transfer", "Scuffed floor", s["manager"].id)

    message = await only_message(email(s["hirer"]))
    assert message.kind == "deposit" and message.subject.startswith("Deposit partly returned: Birthday party")
    assert "£12.00 of your deposit is being returned to you; the venue has kept £8.00." in message.text
    assert "Why it was kept: Scuffed floor" in message.text and "Deposit: £20.00" in message.text
    assert [m.to for m in await outbox()] == [email(s["hirer"])]


async def test_a_deposit_returned_in_full_says_so(factory: Factory) -> None:
    s = await hall(factory)
    booking = await confirmed(s)
    venue: Venue = s["venue"]
    await take_deposit(venue.id, booking.id, "cash", s["manager"].id)
    await return_deposit(venue.id, booking.id, 2000, "cash", "", s["manager"].id)
    message = await only_message(email(s["hirer"]))
    assert "Your deposit of £20.00 is being returned to you in full." in message.text and "kept" not in message.text


async def test_a_months_invoice_goes_to_the_groups_organisers_once(factory: Factory) -> None:
    s = await hall(factory)
    venue: Venue = s["venue"]
    await set_monthly(s["group"].id, venue.id, True)
    booking = await requested(s, "organiser", group=s["group"].id)
    await confirm_booking(s["manager"].user, booking.id)
    confirmation = await only_message(email(s["organiser"]))
    assert "Invoice" not in confirmation.text  # billed monthly: nothing issued at confirmation
    await OutboxMessage.delete(force=True)

    (invoice,) = await issue_monthly(venue.id, DAY.year, DAY.month, s["manager"].id)
    assert await issue_monthly(venue.id, DAY.year, DAY.month, s["manager"].id) == []
    message = await only_message(email(s["organiser"]))
    assert message.kind == "invoice" and message.subject == f"Invoice INV-000001 from {venue.name}"
    assert "Total: £50.00" in message.text and "VAT included: £5.00" in message.text
    assert f"http://testserver/invoices/{invoice.id}" in message.text and INSTRUCTIONS in message.text
    first = date(DAY.year, DAY.month, 1)
    assert f"Period: {first:%d %B %Y} to" in message.text
    assert [m.to for m in await outbox()] == [email(s["organiser"])]


async def test_a_closure_cancelling_a_paid_booking_tells_the_credit_in_its_one_message(factory: Factory) -> None:
    s = await hall(factory)
    booking = await confirmed(s)
    await pay(s, booking, 3000)
    everyone = Resolution(every=Fate.cancel, reason="Flood")
    await close(s["manager"].user, s["venue"].id, DAY, DAY, "Flood", None, everyone)

    message = await only_message(email(s["hirer"]))
    assert message.kind == "closure" and "CN-000001" in message.subject
    # The venue cancelled: all £50.00 credited; £30.00 of it was paid, which comes back.
    assert "Credit note CN-000001 credits £50.00 against invoice INV-000001." in message.text
    assert "A refund of £30.00 is due to you." in message.text
    assert [m.to for m in await outbox()] == [email(s["hirer"])]
