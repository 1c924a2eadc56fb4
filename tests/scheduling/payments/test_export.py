"""The treasurer's CSV adds up: its invoice rows to the invoices less the credit notes, its money rows to the
payments less the refunds, and every line's net and VAT to its gross; amounts in pounds from pence."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, time, timedelta

from scheduling.bookings.workflow import BookingDraft, cancel_booking, request_booking
from scheduling.models import Invoice
from scheduling.payments.balances import booking_balance
from scheduling.payments.deposits import return_deposit, take_deposit
from scheduling.payments.export import COLUMNS, decimal_pounds, money_csv
from scheduling.payments.record import PaymentDraft, record_payment
from tests.factories import Factory
from tests.scheduling.payments.support import issued
from venues.core import clock
from venues.core.timezones import local_datetime
from venues.models import Extra, SpaceRate, VenueMoneySettings


def pence(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    whole, pennies = text.lstrip("-").split(".")
    return sign * (int(whole) * 100 + int(pennies))


def test_pounds_are_written_from_whole_pence() -> None:
    assert [decimal_pounds(v) for v in (0, 5, -5, 1234, -100001)] == ["0.00", "0.05", "-0.05", "12.34", "-1000.01"]


async def test_every_amount_in_the_csv_sums_to_the_documents_and_the_money(factory: Factory) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    group = await factory.group(name="=HYPERLINK(evil)")
    booking = await factory.booking(
        space, datetime(2026, 6, 1, 10, tzinfo=UTC), datetime(2026, 6, 1, 12, tzinfo=UTC), group=group.id
    )
    first = await issued(venue.id, [(6001, 1000), (333, 55)], date(2026, 6, 1), group=group.id, booking=booking.id)
    await issued(venue.id, [(10000, 0)], date(2026, 6, 2), group=group.id)
    await issued(venue.id, [(3000, 500)], date(2026, 6, 3), kind="credit_note", group=group.id, credits=first.id)
    for kind, amount in (("payment", 5000), ("payment", 1234), ("refund", 999)):
        await record_payment(
            venue.id, PaymentDraft(kind, "cheque", amount, date(2026, 6, 4), booking_id=booking.id), manager.id
        )
    rows = list(csv.DictReader(io.StringIO(await money_csv(venue.id))))
    assert list(rows[0]) == COLUMNS
    documents = [row for row in rows if row["type"] in ("invoice", "credit_note")]
    money = [row for row in rows if row["type"] in ("payment", "refund")]
    assert sum(pence(row["gross"]) for row in documents) == (6001 + 333 + 10000) - 3000
    assert sum(pence(row["vat"]) for row in documents) == (1000 + 55) - 500
    assert sum(pence(row["gross"]) for row in money) == 5000 + 1234 - 999
    assert all(pence(row["net"]) + pence(row["vat"]) == pence(row["gross"]) for row in rows)
    assert [row["date"] for row in rows] == sorted(row["date"] for row in rows)
    assert {row["billed_to"] for row in money} == {"'=HYPERLINK(evil)"}
    cut = list(csv.DictReader(io.StringIO(await money_csv(venue.id, date(2026, 6, 2), date(2026, 6, 3)))))
    assert [(row["type"], row["gross"]) for row in cut] == [("invoice", "100.00"), ("credit_note", "-30.00")]


async def test_the_csv_of_really_issued_documents_and_money_adds_up_in_venue_local_dates(factory: Factory) -> None:
    """A VAT-registered venue: exempt hire £80, a standard-rated extra £24 (£4 VAT), a £50 deposit; booked,
    paid and cancelled 10 days before (half the hire and extra back; the deposit taken goes back by its return,
    not by the credit note), the deposit returned and the credit refunded.
    Everything happens at 23:30 UTC in summer, which is already the next day in London."""
    manager, hirer = await factory.account("manager"), await factory.account("hirer")
    venue = await factory.venue(manager=manager)
    await VenueMoneySettings(
        venue=venue.id,
        vat_registered=True,
        vat_number="GB123456789",
        vat_rate_bp=2000,
        hire_vat_treatment="exempt",
        cancellation_policy=json.dumps([[14, 100], [7, 50]]),
    ).save()
    space = await factory.space(venue, requires_approval=False)
    rate = await factory.rate(space, "standard", 4000)
    await SpaceRate.update({SpaceRate.deposit_minor: 5000}).where(SpaceRate.id == rate.id)
    urn = Extra(venue=venue.id, name="PA system", unit="booking", price_minor=2400, vat_treatment="standard")
    await urn.save()
    late_evening = datetime(2027, 7, 1, 23, 30, tzinfo=UTC)  # 00:30 on 2 July in London
    local_day = date(2027, 7, 2)
    event_day = date(2027, 7, 20)
    with clock.frozen_at(late_evening):
        booking = await request_booking(
            hirer.user,
            BookingDraft(
                space.id,
                local_datetime(event_day, time(10), "Europe/London").replace(tzinfo=None),
                local_datetime(event_day, time(12), "Europe/London").replace(tzinfo=None),
                extras=((urn.id, 1),),
            ),
        )
        await take_deposit(venue.id, booking.id, "cash", manager.id)
        await record_payment(
            venue.id, PaymentDraft("payment", "bank_transfer", 10400, booking_id=booking.id), manager.id
        )
    cancelled = late_evening + timedelta(days=8)  # 00:30 on 10 July in London: 10 days before
    with clock.frozen_at(cancelled):
        await cancel_booking(hirer.user, booking.id, "Change of plan", now=cancelled)
        await return_deposit(venue.id, booking.id, 5000, "cash", "", manager.id)
        await record_payment(venue.id, PaymentDraft("refund", "bank_transfer", 5200, booking_id=booking.id), manager.id)

    invoice = await Invoice.objects().where(Invoice.kind == "invoice").first()
    note = await Invoice.objects().where(Invoice.kind == "credit_note").first()
    assert (invoice.total_minor, invoice.vat_minor, invoice.issued_on) == (15400, 400, local_day)
    # Half of 80.00 and of 24.00 (its VAT halved too); the deposit was taken, so it is returned, not credited.
    assert (note.total_minor, note.vat_minor, note.issued_on) == (4000 + 1200, 200, date(2027, 7, 10))
    rows = list(csv.DictReader(io.StringIO(await money_csv(venue.id))))
    documents = [row for row in rows if row["type"] in ("invoice", "credit_note")]
    money = [row for row in rows if row["type"] in ("payment", "refund")]
    assert sum(pence(row["gross"]) for row in documents) == invoice.total_minor - note.total_minor == 10200
    assert sum(pence(row["vat"]) for row in documents) == invoice.vat_minor - note.vat_minor == 200
    assert sum(pence(row["gross"]) for row in money) == (5000 + 10400) - (5000 + 5200) == 5200
    assert all(pence(row["net"]) + pence(row["vat"]) == pence(row["gross"]) for row in rows)
    assert [(row["date"], row["type"]) for row in rows if row["date"] == local_day.isoformat()] == [
        ("2027-07-02", "invoice"),
        ("2027-07-02", "invoice"),
        ("2027-07-02", "invoice"),
        ("2027-07-02", "payment"),
        ("2027-07-02", "payment"),
    ]
    assert {row["date"] for row in rows} == {"2027-07-02", "2027-07-10"}
    # What the CSV says is owed matches the balance a treasurer sees: nothing.
    assert (await booking_balance(venue.id, booking.id)).owed_minor == 0
