"""Invoice numbers per venue have no gaps and no repeats: fifty confirmations at once number 1 to 50, and a
confirmation rolled back gives its number back."""

from __future__ import annotations

import asyncio

import pytest

from scheduling.bookings import workflow
from scheduling.bookings.workflow import confirm_booking
from scheduling.models import Invoice, InvoiceCounter
from tests.factories import Factory
from tests.scheduling.invoices.support import at

CONFIRMATIONS = 50


async def test_fifty_concurrent_confirmations_number_their_invoices_one_to_fifty(factory: Factory) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    other_venue = await factory.venue(manager=manager)
    space = await factory.space(venue, requires_approval=True)
    other_space = await factory.space(other_venue, requires_approval=True)
    for s in (space, other_space):
        await factory.rate(s, "standard", 1000)
    requests = [
        await factory.booking(space, at(i // 10, 8 + i % 10), at(i // 10, 9 + i % 10), status="requested")
        for i in range(CONFIRMATIONS)
    ]
    elsewhere = [await factory.booking(other_space, at(0, 8 + i), at(0, 9 + i), status="requested") for i in range(3)]
    results = await asyncio.gather(
        *[confirm_booking(manager.user, b.id) for b in [*requests, *elsewhere]], return_exceptions=True
    )
    assert [r for r in results if isinstance(r, BaseException)] == []
    rows = await Invoice.select(Invoice.number, Invoice.reference, Invoice.booking).where(Invoice.venue == venue.id)
    assert sorted(r["number"] for r in rows) == list(range(1, CONFIRMATIONS + 1))
    assert sorted(r["booking"] for r in rows) == sorted(b.id for b in requests)
    assert {r["reference"] for r in rows} == {f"INV-{n:06d}" for n in range(1, CONFIRMATIONS + 1)}
    # Each venue has its own sequence.
    assert sorted(r["number"] for r in await Invoice.select(Invoice.number).where(Invoice.venue == other_venue.id)) == [
        1,
        2,
        3,
    ]
    counter = await InvoiceCounter.select(InvoiceCounter.last_number).where(InvoiceCounter.venue == venue.id)
    assert counter == [{"last_number": CONFIRMATIONS}]


async def test_a_rolled_back_confirmation_gives_its_number_back(
    factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, requires_approval=True)
    await factory.rate(space, "standard", 1000)
    first, failing, third = [
        await factory.booking(space, at(0, 8 + i), at(0, 9 + i), status="requested") for i in range(3)
    ]
    await confirm_booking(manager.user, first.id)
    notice = workflow.booking_notice

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("mail is down")

    monkeypatch.setattr(workflow, "booking_notice", broken)
    with pytest.raises(RuntimeError):
        await confirm_booking(manager.user, failing.id)  # its invoice was numbered 2, then rolled back
    monkeypatch.setattr(workflow, "booking_notice", notice)
    await confirm_booking(manager.user, third.id)
    rows = await Invoice.select(Invoice.number, Invoice.booking).order_by(Invoice.number)
    assert rows == [{"number": 1, "booking": first.id}, {"number": 2, "booking": third.id}]
