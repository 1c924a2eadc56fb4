"""Marking published data as changed, so caches keyed on the version know to rebuild."""

from __future__ import annotations

from datetime import UTC, datetime

from venues.core import clock
from venues.core.caching.shared_read import SharedRead
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
