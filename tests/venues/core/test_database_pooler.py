"""Behind a transaction pooler (``COMMONROOM_DB_POOLER=transaction``) the PostgreSQL engine prepares nothing by
name and sets nothing per session; without one it keeps asyncpg's statement cache and turns JIT off per
connection."""

from __future__ import annotations

import pytest
from piccolo.engine.postgres import PostgresEngine

from venues.core import database
from venues.core.database import POOLER_ENV, DatabaseURLError, behind_transaction_pooler, engine_from_url

# Port 9 refuses at once: building an engine asks the server for its version, and only warns (once) without one.
URL = "postgresql://app:secret@127.0.0.1:9/commonroom"


def test_behind_a_transaction_pooler_asyncpg_keeps_no_named_statements(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(POOLER_ENV, "transaction")
    engine = engine_from_url(URL)
    assert isinstance(engine, PostgresEngine)
    assert engine.config["statement_cache_size"] == 0
    assert (engine.config["host"], engine.config["port"], engine.config["database"]) == (
        "127.0.0.1",
        9,
        "commonroom",
    )


@pytest.mark.parametrize("value", ["", "none", "NONE"])
def test_a_direct_connection_keeps_the_statement_cache(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(POOLER_ENV, value)
    engine = engine_from_url(URL)
    assert isinstance(engine, PostgresEngine)
    assert "statement_cache_size" not in engine.config
    assert not behind_transaction_pooler()


def test_an_unknown_pooler_mode_is_refused_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(POOLER_ENV, "session-ish")
    with pytest.raises(DatabaseURLError, match=POOLER_ENV):
        engine_from_url(URL)


class FakePool:
    def __init__(self, jit: str) -> None:
        self.jit = jit

    def acquire(self) -> FakePool:
        return self

    async def __aenter__(self) -> FakeConnection:
        return FakeConnection(self.jit)

    async def __aexit__(self, *exc: object) -> None:
        return None


class FakeConnection:
    def __init__(self, jit: str) -> None:
        self.jit = jit

    async def fetchval(self, sql: str) -> str:
        assert "jit" in sql
        return self.jit


class RecordingEngine(PostgresEngine):
    """Records how the pool would be started instead of connecting."""

    def __init__(self) -> None:
        super().__init__(config={"host": "127.0.0.1", "port": 9, "database": "commonroom"})
        self.started: dict[str, object] = {}

    async def start_connection_pool(self, **kwargs: object) -> None:
        self.started = kwargs
        self.pool = FakePool("on")


async def test_behind_a_pooler_the_pool_sets_nothing_per_session_and_warns_of_jit(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    engine = RecordingEngine()
    monkeypatch.setattr(database, "current_engine", lambda: engine)
    monkeypatch.setenv(POOLER_ENV, "transaction")
    await database.start_pool()
    assert "init" not in engine.started
    assert "ALTER DATABASE" in caplog.text

    monkeypatch.setenv(POOLER_ENV, "")
    caplog.clear()
    await database.start_pool()
    assert engine.started["init"] is database._session_settings
    assert "ALTER DATABASE" not in caplog.text
