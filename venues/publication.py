"""Marking published data as changed, so caches keyed on the version know to rebuild; and the versions as a
worker hears them from PostgreSQL, so caches of public data can answer without a round trip.

Two readings of the site-wide version: ``publication_version`` asks the database (shared by concurrent
callers), for anything private or deciding; ``public_version`` answers from this worker's version watch
while it is live (``venues.core.caching.version_watch``: at most ``WATCH_BOUND`` seconds behind the
database) and asks the database otherwise. Triggers (migration ``venues_2026_11_30t06_20_00``) notify
``publication_state``'s new version, and a venue's new version (or that its visibility, time zone or a
space's archiving changed) on commit.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg

from venues.core import clock
from venues.core.caching.shared_read import SharedRead
from venues.core.caching.version_watch import FORGET, VersionWatch
from venues.core.database import listen_config
from venues.models import PublicationState, Venue

STATE_ID = 1
VERSION_SQL = f'SELECT "version", "changed_at" FROM "{PublicationState._meta.tablename}" WHERE "id" = {{}}'


async def bump_publication() -> None:
    """Call inside the transaction that makes the change, so the bump commits (or not) with it."""
    await PublicationState.update(
        {PublicationState.version: PublicationState.version + 1, PublicationState.changed_at: clock.now()}
    ).where(PublicationState.id == STATE_ID)


async def touch_venue(venue_id: int) -> None:
    """Bump the venue's own version and the site-wide one: anything cached from either is stale."""
    now = clock.now()
    await Venue.update({Venue.version: Venue.version + 1, Venue.updated_at: now}).where(Venue.id == venue_id)
    await bump_publication()


async def touch_shown(venue_id: int) -> None:
    """Mark a change that the venue's feed events show (its name, address, place or zone, a space's name).

    Call with ``touch_venue`` in the same transaction. Events count ``shown_revision`` in their SEQUENCE,
    so a booking elsewhere in the venue, or its hours, leave them as they were.
    """
    await Venue.update({Venue.shown_revision: Venue.shown_revision + 1, Venue.shown_changed_at: clock.now()}).where(
        Venue.id == venue_id
    )


async def _read_version() -> tuple[int, datetime]:
    """A raw query: Piccolo's builder would double the cost of a read made on every feed request."""
    rows = await PublicationState.raw(VERSION_SQL, STATE_ID)
    if not rows:
        return 0, datetime(2000, 1, 1, tzinfo=UTC)
    return rows[0]["version"], rows[0]["changed_at"]


publication_version = SharedRead(_read_version, lambda: PublicationState._meta.db)
"""The version and when it changed, read from the database after the call began (shared by concurrent callers)."""


WATCH_BOUND = 1.0
"""A public feed, listing or availability answer reflects every change committed this many seconds before it."""

PUBLICATION_CHANNEL = "commonroom_publication"
VENUE_CHANNEL = "commonroom_venue"
PUBLICATION = "publication"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_CONFIRM_SQL = f'SELECT "version", "changed_at" FROM "{PublicationState._meta.tablename}" WHERE "id" = $1'


def venue_key(venue_id: int) -> Hashable:
    """The watch's key for a venue's version (``version_watch.known(venue_key(id))``)."""
    return ("venue", venue_id)


def _publication_payload(payload: str) -> Iterator[tuple[Hashable, object]]:
    """``"<version> <changed_at in epoch microseconds>"``."""
    version, micros = payload.split(" ")
    yield PUBLICATION, (int(version), EPOCH + timedelta(microseconds=int(micros)))


def _venue_payload(payload: str) -> Iterator[tuple[Hashable, object]]:
    """``"<id>:<version>"``, or ``"<id>:"`` when something other than the version changed (read it again)."""
    venue_id, version = payload.split(":")
    yield venue_key(int(venue_id)), int(version) if version else FORGET


async def _confirm(connection: Any) -> Mapping[Hashable, object]:
    row = await connection.fetchrow(_CONFIRM_SQL, STATE_ID)
    return {} if row is None else {PUBLICATION: (row["version"], row["changed_at"])}


version_watch = VersionWatch(
    {PUBLICATION_CHANNEL: _publication_payload, VENUE_CHANNEL: _venue_payload},
    _confirm,
    bound=WATCH_BOUND,
    confirm_every=WATCH_BOUND * 0.4,
)
"""This worker's watch: started with the app (``start_watch``) on PostgreSQL, never on SQLite."""


async def start_watch() -> None:
    """Listen for version changes on a connection of its own (``COMMONROOM_LISTEN_URL``, else the database's)."""
    config = listen_config()
    if config is not None:
        version_watch.start(lambda: asyncpg.connect(**config, timeout=5))


async def stop_watch() -> None:
    await version_watch.stop()


async def public_version() -> tuple[int, datetime]:
    """The version and when it changed, for caches of public data only: from the watch while it is live (at
    most ``WATCH_BOUND`` seconds behind), else from the database. Private feeds and decisions use
    ``publication_version``."""
    if PublicationState._meta.db.current_transaction.get() is None:
        known = version_watch.known(PUBLICATION)
        if known is not None:
            version, changed_at = known
            return version, changed_at
    return await publication_version()
