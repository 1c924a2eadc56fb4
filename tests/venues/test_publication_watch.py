"""The version watch on PostgreSQL: what commits reaches every worker, what rolls back never does, and a reader
trusts the watch only while it is connected and confirmed within the bound, else reads the database."""

from __future__ import annotations

from collections.abc import Hashable, Iterator

import pytest

from tests.factories import Factory
from tests.version_watch_support import WAIT, ManualClock, needs_postgres, watching
from venues.core.database import write_transaction
from venues.models import PublicationState
from venues.publication import (
    PUBLICATION,
    PUBLICATION_CHANNEL,
    WATCH_BOUND,
    _publication_payload,
    bump_publication,
    public_version,
    publication_version,
    start_watch,
    stop_watch,
    touch_venue,
    venue_key,
    version_watch,
)

pytestmark = needs_postgres
__all__ = ["watching"]


class RolledBack(Exception):
    pass


def watched_version() -> int | None:
    known = version_watch.known(PUBLICATION)
    return None if known is None else known[0]


async def silent_bump() -> int:
    """A bump committed with the triggers switched off (replica role): a notification that never comes."""
    async with write_transaction():
        await PublicationState.raw("SET LOCAL session_replication_role = replica")
        await bump_publication()
    return (await publication_version())[0]


async def test_a_bump_committed_elsewhere_reaches_the_watch_with_its_time(watching: ManualClock) -> None:
    before = (await publication_version())[0]
    assert watched_version() == before
    async with write_transaction():
        await bump_publication()
    await version_watch.wait_until(lambda: watched_version() == before + 1, timeout=WAIT)
    assert version_watch.known(PUBLICATION) == await publication_version()  # changed_at to the microsecond


async def test_a_rolled_back_bump_never_arrives(monkeypatch: pytest.MonkeyPatch) -> None:
    heard: list[int] = []

    def recording(payload: str) -> Iterator[tuple[Hashable, object]]:
        heard.append(int(payload.split(" ")[0]))
        return _publication_payload(payload)

    monkeypatch.setitem(version_watch.channels, PUBLICATION_CHANNEL, recording)
    monkeypatch.setattr(version_watch, "monotonic", ManualClock())
    monkeypatch.setattr(version_watch, "confirm_every", 3600.0)
    await start_watch()
    try:
        await version_watch.wait_until(lambda: watched_version() is not None, timeout=WAIT)
        before = (await publication_version())[0]
        with pytest.raises(RolledBack):
            async with write_transaction():
                await bump_publication()
                await bump_publication()
                raise RolledBack
        async with write_transaction():
            await bump_publication()
        # Notifications come in commit order: had the rolled-back ones been sent, they would be heard first.
        await version_watch.wait_until(lambda: watched_version() == before + 1, timeout=WAIT)
        assert heard == [before + 1]
    finally:
        await stop_watch()


async def test_a_lost_connection_sends_readers_to_the_database_at_once_and_the_watch_comes_back(
    watching: ManualClock,
) -> None:
    pid = version_watch.server_pid()
    assert pid is not None
    await PublicationState.raw("SELECT pg_terminate_backend({})", pid)
    # The clock stands still, so only the connection's loss can take the watch down.
    await version_watch.wait_until(lambda: not version_watch.live(), timeout=WAIT)
    async with write_transaction():
        await bump_publication()
    committed = await publication_version()
    assert await public_version() == committed
    # It connects again, listens, then reads what it missed.
    await version_watch.wait_until(lambda: version_watch.known(PUBLICATION) == committed, timeout=WAIT)
    assert version_watch.server_pid() not in (None, pid)


async def test_past_the_bound_without_a_confirmation_readers_read_the_database(
    watching: ManualClock, query_log: list[str]
) -> None:
    heard = watched_version()
    committed = await silent_bump()
    assert heard is not None and committed == heard + 1
    query_log.clear()
    assert (await public_version())[0] == heard  # unheard, and within the bound: the watch may be this far behind
    assert query_log == []
    watching.advance(WATCH_BOUND)
    assert (await public_version())[0] == heard  # exactly at the bound still trusted
    watching.advance(0.001)
    assert (await public_version())[0] == committed
    assert len(query_log) == 1


async def test_the_confirmation_catches_a_change_it_was_not_told_of(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(version_watch, "monotonic", ManualClock())
    monkeypatch.setattr(version_watch, "confirm_every", 0.05)
    await start_watch()
    try:
        await version_watch.wait_until(lambda: watched_version() is not None, timeout=WAIT)
        committed = await silent_bump()
        await version_watch.wait_until(lambda: watched_version() == committed, timeout=WAIT)
    finally:
        await stop_watch()


async def test_a_venue_s_new_version_reaches_the_watch_and_a_read_made_before_it_is_not_learned(
    watching: ManualClock, factory: Factory
) -> None:
    venue = await factory.venue()
    token = version_watch.token()
    async with write_transaction():
        await touch_venue(venue.id)
    await version_watch.wait_until(lambda: version_watch.known(venue_key(venue.id)) == venue.version + 1, timeout=WAIT)
    # A request that read the old version before the notification came must not put it back.
    assert not version_watch.learn(token, {venue_key(venue.id): venue.version})
    assert version_watch.known(venue_key(venue.id)) == venue.version + 1
    assert version_watch.learn(version_watch.token(), {venue_key(venue.id): venue.version + 1})
