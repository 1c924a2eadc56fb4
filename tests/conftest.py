"""Shared fixtures: a migrated database per worker, emptied between tests, and an HTTP client.

The environment is set before any app module is imported, because Piccolo
binds tables to the engine named by ``piccolo_conf`` at import time.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import AsyncIterator
from typing import Any

from tests.database import drop_postgres_database, prepare_database, test_database_url

os.environ["DATABASE_URL"] = test_database_url()
os.environ.setdefault("COMMONROOM_PUBLIC_URL", "http://testserver")

import httpx
import pytest
from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.conf.apps import Finder
from piccolo.table import sort_table_classes

from api.app import create_app
from tests.factories import Factory
from venues.core.caching.versioned_cache import clear_every_cache
from venues.core.database import close_pool, current_engine, is_postgres, start_pool

# Rows the migrations seed and the app expects to exist; emptying them would not reset anything.
KEPT_TABLES = {"publication_state"}


def all_tables() -> list[Any]:
    return [table for table in Finder().get_table_classes() if table._meta.tablename not in KEPT_TABLES]


@pytest.fixture(scope="session", autouse=True)
async def migrated_database() -> AsyncIterator[None]:
    await prepare_database(os.environ["DATABASE_URL"])
    with contextlib.redirect_stdout(io.StringIO()):
        result = await run_forwards("all")
    assert result.success, result.message
    await start_pool()
    yield
    await close_pool()
    if is_postgres():
        await drop_postgres_database(os.environ["DATABASE_URL"])


@pytest.fixture(autouse=True)
def own_settings() -> Any:
    """Each test starts from the same COMMONROOM_* environment: ``commonroom serve`` sets defaults in
    ``os.environ`` (job intervals, host, port), and a test that runs it must not hand them to the next test."""
    from api.settings import get_settings

    before = {name: value for name, value in os.environ.items() if name.startswith("COMMONROOM_")}
    yield
    for name in [name for name in os.environ if name.startswith("COMMONROOM_") and name not in before]:
        del os.environ[name]
    os.environ.update(before)
    get_settings.cache_clear()


@pytest.fixture(autouse=True)
async def empty_tables(migrated_database: None) -> AsyncIterator[None]:
    yield
    engine = current_engine()
    names = [table._meta.tablename for table in sort_table_classes(all_tables())]
    if is_postgres():
        await engine.run_ddl("TRUNCATE " + ", ".join(f'"{n}"' for n in names) + " RESTART IDENTITY CASCADE")
    else:
        # Credit notes before the invoices they credit: deleting an invoice first would null its credit note's
        # ``credits``, an update the issued-never-change trigger refuses (TRUNCATE fires no such trigger).
        await engine.run_ddl('DELETE FROM "invoice" WHERE "credits" IS NOT NULL')
        for name in reversed(names):
            await engine.run_ddl(f'DELETE FROM "{name}"')
        # Deleting rows fired the OpenActive triggers (PostgreSQL's TRUNCATE fires none): their marks go too.
        await engine.run_ddl('DELETE FROM "openactive_change"')
    # Ids and venue versions start again in the emptied tables, so what a worker kept for them no longer holds.
    clear_every_cache()


@pytest.fixture(scope="session")
def app() -> Any:
    return create_app()


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@pytest.fixture
def factory() -> Factory:
    return Factory()


@pytest.fixture
def query_log(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every SQL statement the engine runs from now on, to check how many queries a request costs."""
    engine_class = type(current_engine())
    real = engine_class.run_querystring
    log: list[str] = []

    async def logged(self: Any, querystring: Any, *args: Any, **kwargs: Any) -> Any:
        log.append(str(querystring))
        return await real(self, querystring, *args, **kwargs)

    monkeypatch.setattr(engine_class, "run_querystring", logged)
    return log
