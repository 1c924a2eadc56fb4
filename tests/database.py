"""Choosing, creating and emptying the database a test worker uses.

``DATABASE_URL`` picks the engine, as in production. Each pytest-xdist worker
gets its own database (a SQLite file, or a PostgreSQL database named after
the worker), so workers never see each other's rows.
"""

from __future__ import annotations

import os
import tempfile
from urllib.parse import urlsplit, urlunsplit

import asyncpg


def worker_id() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def test_database_url() -> str:
    # Remember the URL the run was started with: pytest-xdist workers inherit the environment.
    base = os.environ.setdefault("COMMONROOM_TEST_BASE_URL", os.environ.get("DATABASE_URL", ""))
    worker = worker_id()
    if base.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(base)
        # One database per run and worker, so two test runs on one server never drop each other's.
        run = os.environ.get("PYTEST_XDIST_TESTRUNUID", str(os.getpid()))[:8]
        name = (parts.path.lstrip("/") or "test") + f"_cr_{run}_{worker}"
        return urlunsplit(parts._replace(path="/" + name))
    folder = tempfile.mkdtemp(prefix="commonroom-")
    return f"sqlite:///{folder}/test-{worker}.sqlite"


async def recreate_postgres_database(url: str) -> None:
    """Drop and create the worker's database, connecting through the server's ``postgres`` database."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    connection = await asyncpg.connect(admin_url)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


async def prepare_database(url: str) -> None:
    if url.startswith(("postgres://", "postgresql://")):
        await recreate_postgres_database(url)


async def drop_postgres_database(url: str) -> None:
    parts = urlsplit(url)
    connection = await asyncpg.connect(urlunsplit(parts._replace(path="/postgres")))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')
    finally:
        await connection.close()
