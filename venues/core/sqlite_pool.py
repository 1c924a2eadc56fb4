"""SQLite with open connections kept for the queries that run outside a transaction.

Piccolo's ``SQLiteEngine`` opens a new aiosqlite connection (a thread, ``sqlite3.connect``
and a pragma) for every such query and closes it after: about 1.5–2 ms of CPU each, most
of what a read costs. Between ``start_connection_pool`` and ``close_connection_pool`` this
engine lends a kept connection instead and runs the statement and its fetch in one hop to
the connection's thread. Nothing is cached: every statement reads the database as it is
(WAL, autocommit), so workers and processes still see each other's writes at once.
Transactions keep Piccolo's own connection per transaction.

Each kept connection has its own page cache, which fills to its limit and stays
for the life of the worker: SQLite's default (2 MiB) on every kept connection
is most of what a served SQLite worker holds beyond a PostgreSQL one at county
size. A kept connection's cache is bounded to ``KEPT_CACHE_KIB``: the pages a
query misses come back from the operating system's file cache, which every
connection and process share, for a system call each.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiosqlite
from piccolo.engine.sqlite import SQLiteEngine, dict_factory

# A kept connection's page cache, in KiB (PRAGMA cache_size takes a negative number as KiB): half SQLite's default,
# still room for the interior pages of every index the hot queries walk.
KEPT_CACHE_KIB = 1024


class PooledSQLiteEngine(SQLiteEngine):
    """An ``SQLiteEngine`` whose reads and single writes borrow kept connections once the pool is started."""

    def __init__(self, path: str = "piccolo.sqlite", **connection_kwargs: Any) -> None:
        super().__init__(path=path, **connection_kwargs)
        self._pool: _Pool | None = None

    async def start_connection_pool(self, max_size: int = 8) -> None:
        """Connections belong to the loop that starts the pool; another loop gets Piccolo's behaviour."""
        await self.close_connection_pool()
        self._pool = _Pool(asyncio.get_running_loop(), max_size)

    async def close_connection_pool(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            await pool.close()

    def _pool_in_reach(self) -> _Pool | None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return None
        pool = self._pool
        return pool if pool is not None and pool.loop is loop else None

    async def _run_in_new_connection(
        self,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: Any = None,
    ) -> Any:
        pool = self._pool_in_reach()
        if pool is None or (query_type == "insert" and self.get_version_sync() < 3.35):
            return await super()._run_in_new_connection(query, args, query_type, table)
        async with pool.slots:
            connection = pool.idle.pop() if pool.idle else await self._connect()
            try:
                rows = await connection.execute_fetchall(query, args or [])
            except Exception:
                await pool.settle(connection, commit=False)
                raise
            except BaseException:
                pool.discard(connection)
                raise
            await pool.settle(connection, commit=True)
        return list(rows)

    async def _connect(self) -> aiosqlite.Connection:
        connection = await aiosqlite.connect(**self.connection_kwargs)
        connection.row_factory = dict_factory  # type: ignore[assignment]
        await connection.execute("PRAGMA foreign_keys = 1")
        await connection.execute(f"PRAGMA cache_size = -{KEPT_CACHE_KIB}")
        return connection


class _Pool:
    """At most ``max_size`` connections in use at once; idle ones are reused last-in, first-out."""

    def __init__(self, loop: asyncio.AbstractEventLoop, max_size: int) -> None:
        self.loop = loop
        self.slots = asyncio.Semaphore(max(1, max_size))
        self.idle: list[aiosqlite.Connection] = []
        self.closed = False
        self._closing: set[asyncio.Task[None]] = set()

    async def settle(self, connection: aiosqlite.Connection, commit: bool) -> None:
        """End the implicit transaction a write opened (commit it, or roll back a failed one), then keep it.

        A connection that cannot be settled, or was cancelled mid-statement, is closed instead: kept, it
        could hold SQLite's write lock and stall every other writer.
        """
        try:
            if connection.in_transaction:
                await (connection.commit() if commit else connection.rollback())
        except BaseException:
            self.discard(connection)
            raise
        if self.closed:
            self.discard(connection)
        else:
            self.idle.append(connection)

    def discard(self, connection: aiosqlite.Connection) -> None:
        task = self.loop.create_task(connection.close())
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    async def close(self) -> None:
        self.closed = True
        idle, self.idle = self.idle, []
        for connection in idle:
            await connection.close()
        if self._closing:
            await asyncio.gather(*self._closing, return_exceptions=True)
