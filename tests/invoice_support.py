"""An issued invoice with its lines written straight to the tables, for tests of reading and printing it
(issuing is tested with the issuing code)."""

from __future__ import annotations

from datetime import date
from typing import Any

from scheduling.models import Invoice, InvoiceLine


async def write_invoice(venue_id: int, lines: list[dict[str, Any]], **fields: Any) -> Invoice:
    """An invoice whose total and VAT are the sums of ``lines`` (each a dict of ``InvoiceLine`` fields)."""
    values: dict[str, Any] = {
        "venue": venue_id,
        "kind": "invoice",
        "number": 42,
        "reference": "INV-000042",
        "billing_name": "Gŵyl Dŷ Cymuned",
        "billing_address": "Tŷ Capel\nHeol y Llan\nLlanfair",
        "seller_name": "Neuadd Llanfair",
        "seller_address": "Stryd Fawr\nLlanfair",
        "issued_on": date(2027, 3, 1),
        "due_on": date(2027, 3, 15),
        "total_minor": sum(line["amount_minor"] for line in lines),
        "vat_minor": sum(line.get("vat_minor", 0) for line in lines),
    }
    values.update(fields)
    invoice = Invoice(**values)
    await invoice.save()
    for position, line in enumerate(lines):
        await InvoiceLine(invoice=invoice.id, position=position, **line).save()
    return invoice


HIRE_AND_PROJECTOR = [
    {
        "kind": "hire",
        "description": "Main hall, Sat 6 Mar 18:00–22:00",
        "service_date": date(2027, 3, 6),
        "quantity": 4,
        "unit_minor": 2000,
        "amount_minor": 8000,
        "vat_treatment": "exempt",
    },
    {
        "kind": "extra",
        "description": "Projector",
        "service_date": date(2027, 3, 6),
        "quantity": 1,
        "unit_minor": 4000,
        "amount_minor": 4000,
        "vat_treatment": "standard",
        "vat_rate_bp": 2000,
        "vat_minor": 667,
    },
]
