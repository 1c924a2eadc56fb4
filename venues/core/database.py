"""Engine selection and the few places where SQLite and PostgreSQL differ."""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from asyncpg.exceptions import UniqueViolationError
from piccolo.columns import Array
from piccolo.columns.combination import Where
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from venues.core.errors import Busy
from venues.core.i18n import _
from venues.core.sqlite_pool import PooledSQLiteEngine

log = logging.getLogger(__name__)

BUSY_SECONDS_ENV = "COMMONROOM_SQLITE_BUSY_SECONDS"
POOLER_ENV = "COMMONROOM_DB_POOLER"


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
        # Writers queue on SQLite's single write lock for at most this long, then get a 503 to retry.
        return PooledSQLiteEngine(path=path, timeout=busy_seconds())
    if scheme in ("postgres", "postgresql"):
        config = postgres_config(url)
        if behind_transaction_pooler():
            # PgBouncer before 1.21 (Debian's) hands each transaction whichever server connection is free, so a
            # statement prepared by name on one is unknown on the next. With no cache asyncpg prepares only the
            # unnamed statement and parses it again with each execution, in the same round trip.
            config["statement_cache_size"] = 0
        return PostgresEngine(config=config)
    raise DatabaseURLError(f"Unsupported DATABASE_URL scheme {parts.scheme!r}: use sqlite:/// or postgresql://")


def behind_transaction_pooler() -> bool:
    """``COMMONROOM_DB_POOLER=transaction``: DATABASE_URL reaches PostgreSQL through a pooler in transaction mode
    (PgBouncer's ``pool_mode = transaction``), where nothing outlives a transaction on a server connection.

    An environment variable rather than a query parameter of the URL, so the URL stays one that asyncpg and psql
    read as it is (asyncpg sends unknown parameters to the server as settings, which refuses them). Empty or
    ``none`` for a direct connection, or a pooler in session mode, which keeps a server connection per client.
    """
    raw = os.environ.get(POOLER_ENV, "").strip().lower()
    if raw in ("", "none"):
        return False
    if raw == "transaction":
        return True
    raise DatabaseURLError(f"{POOLER_ENV} must be 'transaction' or 'none', not {raw!r}")


def postgres_config(url: str) -> dict[str, Any]:
    """asyncpg's connection arguments from ``postgresql://user:password@host:port/db``."""
    parts = urlsplit(url)
    if parts.scheme.split("+")[0] not in ("postgres", "postgresql"):
        raise DatabaseURLError(f"Expected a postgresql:// URL, not {parts.scheme!r}")
    config: dict[str, Any] = {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "user": unquote(parts.username or "postgres"),
        "database": (parts.path or "/postgres").lstrip("/") or "postgres",
    }
    if parts.password:
        config["password"] = unquote(parts.password)
    return config


LISTEN_URL_ENV = "COMMONROOM_LISTEN_URL"


def listen_config(engine: Engine | None = None) -> dict[str, Any] | None:
    """Where a worker's version watch listens: ``COMMONROOM_LISTEN_URL``, else the engine's own database.

    ``LISTEN`` needs a session of its own for as long as it listens, which PgBouncer's transaction
    mode does not give: behind such a pooler, point this at PostgreSQL directly (same database);
    without it there, None (readers go to the database). None on SQLite, where there is nothing to listen to.
    """
    engine = engine or current_engine()
    if not isinstance(engine, PostgresEngine):
        return None
    url = os.environ.get(LISTEN_URL_ENV, "")
    if url:
        return postgres_config(url)
    if behind_transaction_pooler():
        # LISTEN through the pooler would seem to work and hear nothing: without a direct URL, no watch.
        return None
    return dict(engine.config)


def current_engine() -> Engine:
    from piccolo.engine.finder import engine_finder

    engine = engine_finder()
    if engine is None:
        raise RuntimeError("No Piccolo engine configured (piccolo_conf.DB)")
    return engine


def is_postgres(engine: Engine | None = None) -> bool:
    return (engine or current_engine()).engine_type in ("postgres", "cockroach")


def in_transaction() -> bool:
    """Whether this task runs inside a transaction, whose one connection takes one statement at a time
    (reads outside one may run side by side on pooled connections)."""
    return current_engine().current_transaction.get() is not None


def busy_seconds() -> float:
    """How long a write waits for SQLite's lock (``COMMONROOM_SQLITE_BUSY_SECONDS``, default 5).

    Long enough for any one write the app makes to finish, short enough that a stuck lock
    (a backup, a long manual transaction) answers 503 with ``Retry-After`` rather than holding
    the request and its client for a minute.
    """
    raw = os.environ.get(BUSY_SECONDS_ENV, "")
    try:
        return float(raw) if raw else 5.0
    except ValueError:
        raise DatabaseURLError(f"{BUSY_SECONDS_ENV} must be a number of seconds, not {raw!r}") from None


def is_lock_timeout(error: BaseException) -> bool:
    """SQLite gave up waiting for another connection's lock (SQLITE_BUSY / SQLITE_LOCKED)."""
    if not isinstance(error, sqlite3.OperationalError):
        return False
    name = getattr(error, "sqlite_errorname", "")
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in str(error)


def busy_error() -> Busy:
    return Busy(_("The database is busy with other changes; nothing was saved. Try again shortly."), retry_after=2)


_sqlite_writers = asyncio.Lock()
# Set while this task holds the lock, so a nested write transaction joins the outer one instead of waiting on itself.
_holds_sqlite_writers: ContextVar[bool] = ContextVar("holds_sqlite_writers", default=False)


def local_writer_busy() -> bool:
    """On SQLite, whether a write transaction of this process holds the writers' queue now (always False on
    PostgreSQL, where writers do not queue). A job that would rather skip a turn than queue asks this first."""
    return not is_postgres() and _sqlite_writers.locked()


@asynccontextmanager
async def write_transaction() -> AsyncIterator[None]:
    """A transaction that holds the write lock before it reads.

    On SQLite this is ``BEGIN IMMEDIATE``, so a check and the insert that
    follows it cannot interleave with another writer. On PostgreSQL it is an
    ordinary transaction: the exclusion constraint is what refuses overlaps.
    """
    engine = current_engine()
    if isinstance(engine, SQLiteEngine):
        try:
            async with _sqlite_write(engine):
                yield
        except sqlite3.OperationalError as error:
            if is_lock_timeout(error):
                raise busy_error() from None
            raise
    else:
        async with engine.transaction():
            yield


@asynccontextmanager
async def _sqlite_write(engine: SQLiteEngine) -> AsyncIterator[None]:
    """``BEGIN IMMEDIATE``, queued first behind this process's other writers, within the busy timeout."""
    # Queue this process's writers here rather than in SQLite's busy-wait loop; other
    # processes are still serialised by the database lock that BEGIN IMMEDIATE takes.
    if _holds_sqlite_writers.get():
        async with engine.transaction(transaction_type=TransactionType.immediate):
            yield
        return
    try:
        async with asyncio.timeout(busy_seconds()):
            await _sqlite_writers.acquire()
    except TimeoutError:
        raise busy_error() from None
    holding = _holds_sqlite_writers.set(True)
    try:
        async with engine.transaction(transaction_type=TransactionType.immediate):
            yield
    finally:
        _holds_sqlite_writers.reset(holding)
        _sqlite_writers.release()


@asynccontextmanager
async def savepoint() -> AsyncIterator[None]:
    """Inside a write transaction: undo just this block's writes if it raises, on either engine.

    On PostgreSQL this is also what lets the transaction go on after a refused statement.
    """
    transaction = current_engine().current_transaction.get()
    if transaction is None:
        raise RuntimeError("savepoint() needs an open write_transaction()")
    point = await transaction.savepoint()
    try:
        yield
    except BaseException:
        await point.rollback_to()
        raise
    await point.release()


async def _keep_session(connection: object) -> None:
    """Pool release without asyncpg's reset query (advisory unlock, CLOSE ALL, UNLISTEN, RESET ALL).

    Piccolo takes a pooled connection for every query, so that query was a second round trip
    each time. The app sets none of that session state; an open transaction is still rolled back
    by asyncpg before this is called.
    """


def is_unique_violation(exc: BaseException) -> bool:
    """A unique index refused the write (SQLite and PostgreSQL alike)."""
    return isinstance(exc, UniqueViolationError) or (
        isinstance(exc, sqlite3.IntegrityError) and "UNIQUE" in str(exc).upper()
    )


@contextmanager
def duplicates_raise(error: Callable[[], Exception]) -> Iterator[None]:
    """A unique index's refusal inside the block (two writers adding the same pair or name at once) becomes
    ``error()``, typically a 409 ``Conflict``; any other database error passes through."""
    try:
        yield
    except (sqlite3.IntegrityError, UniqueViolationError) as exc:
        if not is_unique_violation(exc):
            raise
        raise error() from None


async def _session_settings(connection: Any) -> None:
    """Each pooled PostgreSQL connection runs without JIT: the app's queries are short, and a report's aggregate
    over a county's year is costed high enough to be compiled, which took seconds for a query that runs in a
    fraction of one (bench/). Set per session rather than as a startup parameter, which PgBouncer refuses.

    Not behind a transaction pooler: there the SET would land on whichever server connection served it and stay
    there for other clients, leaving the rest with JIT on. Set it for the database instead
    (``ALTER DATABASE … SET jit = off``, or PgBouncer's ``connect_query``); ``docs/deployment.md`` says how.
    """
    await connection.execute("SET jit = off")


async def _jit_left_on(connection: Any) -> None:
    """Behind a transaction pooler, warn once at start-up when the database still compiles queries (JIT on)."""
    if await connection.fetchval("SELECT current_setting('jit')") == "on":
        log.warning(
            "JIT is on for this database behind a transaction pooler; reports may compile queries for seconds. "
            "Run ALTER DATABASE … SET jit = off (docs/deployment.md)."
        )


async def start_pool() -> None:
    engine = current_engine()
    if isinstance(engine, PostgresEngine):
        size = int(os.environ.get("DB_POOL_SIZE", "10"))
        if behind_transaction_pooler():
            await engine.start_connection_pool(min_size=1, max_size=size, reset=_keep_session)
            if engine.pool is not None:
                async with engine.pool.acquire() as connection:
                    await _jit_left_on(connection)
            return
        await engine.start_connection_pool(min_size=1, max_size=size, reset=_keep_session, init=_session_settings)
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


def epoch_seconds_sql(column: str) -> str:
    """SQL for a timestamp column as whole UTC epoch seconds (an integer), on either engine.

    PostgreSQL extracts it from ``timestamptz``; SQLite reads the ISO text Piccolo stores in UTC
    (``2026-10-25 00:30:00+00:00``), offset included, with ``strftime('%s', …)``.
    """
    if is_postgres():
        return f"CAST(EXTRACT(EPOCH FROM {column}) AS BIGINT)"
    return f"CAST(strftime('%s', {column}) AS INTEGER)"
