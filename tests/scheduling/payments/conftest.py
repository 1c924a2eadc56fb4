"""Credit notes go before the invoices they credit when the tables are emptied: deleting a credited invoice
first would set the credit note's ``credits`` to null, which the issued-documents trigger refuses (SQLite;
PostgreSQL truncates without triggers)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from scheduling.models import Invoice


@pytest.fixture(autouse=True)
async def credit_notes_first() -> AsyncIterator[None]:
    yield
    await Invoice.delete().where(Invoice.credits.is_not_null())
