"""The treasurer's CSV adds up: its invoice rows to the invoices less the credit notes, its money rows to the
payments less the refunds, and every line's net and VAT to its gross; amounts in pounds from pence."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

from scheduling.payments.export import COLUMNS, decimal_pounds, money_csv
from scheduling.payments.record import PaymentDraft, record_payment
from tests.factories import Factory
from tests.scheduling.payments.support import issued


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
