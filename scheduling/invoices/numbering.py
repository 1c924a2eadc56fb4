"""The next number of a venue's invoices or credit notes, taken inside the issuing transaction.

One counter row per (venue, kind): ``INSERT … ON CONFLICT DO NOTHING`` makes it on first use (two first
issuers at once meet the unique index, and the loser's insert does nothing instead of failing, which on
PostgreSQL would abort its transaction), then ``UPDATE … RETURNING`` takes the next number. The update holds
the row until the transaction ends (SQLite's writers are serial anyway), so issuers queue on it, and a
rolled-back issue gives its number back: the numbers have no gaps and no repeats.
"""

from __future__ import annotations

from scheduling.models import InvoiceCounter
from scheduling.vocabulary import InvoiceKind


async def next_number(venue_id: int, kind: str) -> int:
    """Call inside ``write_transaction()``."""
    table = InvoiceCounter._meta.tablename
    await InvoiceCounter.raw(
        f'INSERT INTO "{table}" ("venue", "kind", "last_number") VALUES ({{}}, {{}}, 0) '
        'ON CONFLICT ("venue", "kind") DO NOTHING',
        venue_id,
        str(kind),
    )
    rows = await InvoiceCounter.raw(
        f'UPDATE "{table}" SET "last_number" = "last_number" + 1 WHERE "venue" = {{}} AND "kind" = {{}} '
        'RETURNING "last_number"',
        venue_id,
        str(kind),
    )
    return int(rows[0]["last_number"])


def reference(prefix: str, number: int) -> str:
    """The number as printed: ``INV-000042``."""
    return f"{prefix}-{number:06d}"


def prefix_for(kind: str, invoice_prefix: str, credit_note_prefix: str) -> str:
    return credit_note_prefix if kind == InvoiceKind.credit_note else invoice_prefix
