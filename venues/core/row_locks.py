"""Serialising writers on one parent row, so a rule counted over its children holds under concurrency.

"A venue keeps at least one manager" is a count of rows other writers can
delete at the same moment. On SQLite ``write_transaction()`` already takes the
database's write lock first (BEGIN IMMEDIATE), so a count inside it is exact.
PostgreSQL's READ COMMITTED lets two transactions count the same two rows and
each delete a different one; locking the parent row (``SELECT … FOR UPDATE``)
first makes the second wait for the first to commit and then count again.
Call it first thing inside ``write_transaction()``.
"""

from __future__ import annotations

from piccolo.table import Table

from venues.core.database import is_postgres


async def lock_row(table: type[Table], row_id: int) -> None:
    """Hold ``table``'s row ``row_id`` until the current transaction ends (a no-op on SQLite, already serial)."""
    if is_postgres():
        await table.select(table._meta.primary_key).where(table._meta.primary_key == row_id).lock_rows()
