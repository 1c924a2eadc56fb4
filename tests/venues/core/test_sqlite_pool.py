"""The kept SQLite connections: reused, bounded, never left holding a lock, and never stale."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

from venues.core.sqlite_pool import KEPT_CACHE_KIB, PooledSQLiteEngine


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[PooledSQLiteEngine]:
    engine = PooledSQLiteEngine(path=str(tmp_path / "pool.sqlite"), timeout=2)
    await engine.run_ddl("PRAGMA journal_mode=WAL")
    await engine.run_ddl("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)")
    await engine.start_connection_pool(max_size=3)
    yield engine
    await engine.close_connection_pool()


def count_connects(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    opened: list[int] = []
    real = aiosqlite.connect

    def counting(*args: Any, **kwargs: Any) -> Any:
        opened.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(aiosqlite, "connect", counting)
    return opened


async def test_reads_reuse_a_kept_connection(engine: PooledSQLiteEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    opened = count_connects(monkeypatch)
    for _ in range(20):
        assert await engine._run_in_new_connection("SELECT 1 AS one") == [{"one": 1}]
    assert len(opened) == 1


async def test_a_kept_connection_keeps_a_bounded_page_cache(engine: PooledSQLiteEngine) -> None:
    """Every kept connection holds its cache for the worker's life: bounded below SQLite's default 2 MiB."""
    rows = await asyncio.gather(*(engine._run_in_new_connection("PRAGMA cache_size") for _ in range(6)))
    assert {row[0]["cache_size"] for row in rows} == {-KEPT_CACHE_KIB}
    assert KEPT_CACHE_KIB < 2000


async def test_no_more_connections_than_the_pool_size(
    engine: PooledSQLiteEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = count_connects(monkeypatch)
    rows = await asyncio.gather(*(engine._run_in_new_connection("SELECT ? AS n", [n]) for n in range(30)))
    assert [row[0]["n"] for row in rows] == list(range(30))
    assert 1 <= len(opened) <= 3


async def test_a_kept_connection_never_holds_the_write_lock(engine: PooledSQLiteEngine) -> None:
    await engine._run_in_new_connection("BEGIN IMMEDIATE")
    await engine._run_in_new_connection("INSERT INTO item (name) VALUES ('hall')")
    with pytest.raises(sqlite3.IntegrityError):
        await engine._run_in_new_connection("INSERT INTO item (name) VALUES ('hall')")
    assert engine._pool is not None and not any(kept.in_transaction for kept in engine._pool.idle)
    # Another connection can take the write lock at once: the failed statement's connection let go of it.
    async with engine.transaction():
        await engine.run_ddl("INSERT INTO item (name) VALUES ('kitchen')")
    names = await engine._run_in_new_connection("SELECT name FROM item ORDER BY name")
    assert [row["name"] for row in names] == ["hall", "kitchen"]


async def test_kept_connections_see_other_connections_commits(engine: PooledSQLiteEngine, tmp_path: Path) -> None:
    assert await engine._run_in_new_connection("SELECT count(*) AS n FROM item") == [{"n": 0}]
    other = sqlite3.connect(tmp_path / "pool.sqlite")
    other.execute("INSERT INTO item (name) VALUES ('pitch')")
    other.commit()
    other.close()
    assert await engine._run_in_new_connection("SELECT count(*) AS n FROM item") == [{"n": 1}]


async def test_without_a_started_pool_every_query_opens_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = PooledSQLiteEngine(path=str(tmp_path / "plain.sqlite"))
    opened = count_connects(monkeypatch)
    for _ in range(3):
        await engine._run_in_new_connection("SELECT 1")
    assert len(opened) == 3
