"""Invoices written as the issuing code stores them (numbered per venue and kind), for money tests that
need documents without going through issuing."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from scheduling.models import Invoice, InvoiceLine

_numbers = itertools.count(1)


async def issued(
    venue_id: int,
    lines: list[tuple[int, int]],
    issued_on: date,
    due_on: date | None = None,
    kind: str = "invoice",
    group: int | None = None,
    booking: int | None = None,
    credits: int | None = None,
    billing_name: str = "Hall users",
) -> Invoice:
    """An invoice (or credit note) whose lines are ``(gross_minor, vat_minor)``, its total their sum."""
    number = next(_numbers)
    invoice = Invoice(
        venue=venue_id,
        kind=kind,
        number=number,
        reference=f"{'CN' if kind == 'credit_note' else 'INV'}-{number:06d}",
        credits=credits,
        group=group,
        booking=booking,
        billing_name=billing_name,
        total_minor=sum(gross for gross, _ in lines),
        vat_minor=sum(vat for _, vat in lines),
        issued_on=issued_on,
        due_on=due_on,
    )
    await invoice.save()
    rows: list[Any] = [
        InvoiceLine(
            invoice=invoice.id,
            booking=booking,
            kind="hire",
            description=f"Line {position}",
            amount_minor=gross,
            vat_minor=vat,
            unit_minor=gross,
            position=position,
        )
        for position, (gross, vat) in enumerate(lines)
    ]
    if rows:
        await InvoiceLine.insert(*rows)
    return invoice
