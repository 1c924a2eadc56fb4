"""Engine selection and the few places where SQLite and PostgreSQL differ."""

from __future__ import annotations

import asyncio
import os
from contextlib import asynccontextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import AsyncIterator
from urllib.parse import unquote, urlsplit

from piccolo.columns import Array
from piccolo.columns.combination import Where
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from venues.sqlite_pool import PooledSQLiteEngine


class DatabaseURLError(ValueError):
    """The configured DATABASE_URL cannot be understood."""


def engine_from_url(url: str) -> Engine:
    """Build a Piccolo engine from ``sqlite:///path`` or ``postgresql://user@host:port/db``."""
    parts = urlsplit(url)
    scheme = parts.scheme.split("+")[0]
    if scheme == "sqlite":
        # SQLAlchemy's convention: sqlite:///relative/path, sqlite:////absolute/path.
        raw_path = unquote(url.split("://", 1)[1])
        path = raw_path[1:] if raw_path.startswith("/") else raw_path
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        # A generous busy timeout: writers queue on SQLite's single write lock.
        return PooledSQLiteEngine(path=path, timeout=60)
    if scheme in ("postgres", "postgresql"):
        config = {
            "host": parts.hostname or "127.0.0.1",
            "port": parts.port or 5432,
            "user": unquote(parts.username or "postgres"),
            "database": (parts.path or "/postgres").lstrip("/") or "postgres",
        }
        if parts.password:
            config["password"] = unquote(parts.password)
        return PostgresEngine(config=config)
    raise DatabaseURLError(f"Unsupported DATABASE_URL scheme {parts.scheme!r}: use sqlite:/// or postgresql://")


def current_engine() -> Engine:
    from piccolo.engine.finder import engine_finder

    engine = engine_finder()
    if engine is None:
        raise RuntimeError("No Piccolo engine configured (piccolo_conf.DB)")
    return engine


def is_postgres(engine: Engine | None = None) -> bool:
    return (engine or current_engine()).engine_type in ("postgres", "cockroach")


_sqlite_writers = asyncio.Lock()
# Set while this task holds the lock, so a nested write transaction joins the outer one instead of waiting on itself.
_holds_sqlite_writers: ContextVar[bool] = ContextVar("holds_sqlite_writers", default=False)


@asynccontextmanager
async def write_transaction() -> AsyncIterator[None]:
    """A transaction that holds the write lock before it reads.

    On SQLite this is ``BEGIN IMMEDIATE``, so a check and the insert that
    follows it cannot interleave with another writer. On PostgreSQL it is an
    ordinary transaction: the exclusion constraint is what refuses overlaps.
    """
    engine = current_engine()
    if isinstance(engine, SQLiteEngine):
        # Queue this process's writers here rather than in SQLite's busy-wait loop; other
        # processes are still serialised by the database lock that BEGIN IMMEDIATE takes.
        if _holds_sqlite_writers.get():
            async with engine.transaction(transaction_type=TransactionType.immediate):
                yield
            return
        async with _sqlite_writers:
            holding = _holds_sqlite_writers.set(True)
            try:
                async with engine.transaction(transaction_type=TransactionType.immediate):
                    yield
            finally:
                _holds_sqlite_writers.reset(holding)
    else:
        async with engine.transaction():
            yield


async def _keep_session(connection: object) -> None:
    """Pool release without asyncpg's reset query (advisory unlock, CLOSE ALL, UNLISTEN, RESET ALL).

    Piccolo takes a pooled connection for every query, so that query was a second round trip
    each time. The app sets none of that session state; an open transaction is still rolled back
    by asyncpg before this is called.
    """


async def start_pool() -> None:
    engine = current_engine()
    if isinstance(engine, PostgresEngine):
        size = int(os.environ.get("DB_POOL_SIZE", "10"))
        await engine.start_connection_pool(min_size=1, max_size=size, reset=_keep_session)
    elif isinstance(engine, SQLiteEngine):
        # WAL lets readers carry on while one writer holds the lock; the setting is stored in the file.
        await engine.run_ddl("PRAGMA journal_mode=WAL")
        if isinstance(engine, PooledSQLiteEngine):
            # Fewer than for PostgreSQL: each keeps its own page cache, and a worker's Python holds
            # one lock anyway, so more kept connections cost memory without adding throughput.
            await engine.start_connection_pool(max_size=int(os.environ.get("DB_POOL_SIZE", "4")))


async def close_pool() -> None:
    engine = current_engine()
    if isinstance(engine, (PostgresEngine, PooledSQLiteEngine)):
        await engine.close_connection_pool()


def array_contains(column: Array, value: str) -> Where:
    """``value`` is one of the array's items, on either engine.

    SQLite stores arrays as JSON text; matching the quoted item keeps
    "kitchen" from matching inside another word.
    """
    if is_postgres():
        return column.any(value)
    return column.like(f'%"{value}"%')
