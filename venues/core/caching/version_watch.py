"""Versions heard from PostgreSQL as they commit, so a worker can answer from its caches without asking.

Caches of public data key on versions the database holds (``versioned_cache``); reading the
version on every request is the one round trip left in a 304 or a kept availability answer.
A watch keeps those versions in memory instead, told of each change by ``LISTEN``/``NOTIFY``:
database triggers notify in the writer's own transaction, so PostgreSQL delivers the message at
commit and never for a rollback, and no write path can forget it.

What a reader may trust, and for how long:

* The watch listens on a dedicated asyncpg connection (not the pool's: a pooled connection is
  handed back between queries, and behind PgBouncer's transaction mode ``LISTEN`` does nothing),
  so it may be given its own URL.
* On every (re)connection it runs ``LISTEN`` first and only then reads the current values
  (``confirm``), so no change can fall between the read and the listening.
* Every ``confirm_every`` seconds it runs ``confirm`` again on that connection. A reply proves the
  connection alive, and asyncpg hands over every notification sent before the reply ahead of it,
  so the watch then knows every change committed before the query was sent. ``confirmed_at`` is the
  monotonic time the query was sent.
* Readers trust the watch only while ``monotonic() - confirmed_at <= bound`` and the connection is
  up: anything it answers is at most ``bound`` seconds behind the database. Otherwise (not yet
  connected, the connection lost, which asyncpg's termination listener reports at once, or a
  confirmation late) ``known`` says None and the caller reads the database as before.
* Values a request read from the database may be ``learn``ed, with a ``token`` taken before that
  read: refused when the connection changed since (a change could have gone unheard) or a
  notification for one of the keys arrived since (the read may be older than it).

The kernel knows no table: channels, payload decoders and the confirming query are handed in.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import asyncpg

from venues.core.caching.versioned_cache import cleared_with_caches

log = logging.getLogger(__name__)

FORGET = object()
"""A decoded value meaning: this key changed in a way the payload does not carry; read it again."""

Decoder = Callable[[str], Iterable[tuple[Hashable, object]]]
Confirm = Callable[[Any], Awaitable[Mapping[Hashable, object]]]


@dataclass(frozen=True)
class Token:
    """Taken before a database read whose result may be learned: the connection and the last notification."""

    generation: int
    sequence: int


@dataclass
class _Listening:
    """One connection's attempt: whether it was ever confirmed (then the back-off starts again after its loss)."""

    confirmed: bool = False


class VersionWatch:
    def __init__(
        self,
        channels: Mapping[str, Decoder],
        confirm: Confirm,
        *,
        bound: float = 1.0,
        confirm_every: float = 0.4,
        max_keys: int = 200_000,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.channels = dict(channels)
        self.confirm = confirm
        self.bound = bound
        self.confirm_every = confirm_every
        self.max_keys = max_keys
        self.monotonic = monotonic
        self._values: OrderedDict[Hashable, object] = OrderedDict()
        self._heard: dict[Hashable, int] = {}  # key -> sequence of the last notification that named it
        self._sequence = 0
        self._generation = 0
        self._connection: Any = None
        self._confirmed_at: float | None = None
        self._task: asyncio.Task[None] | None = None
        self._gone = asyncio.Event()
        self._quiet = False  # told of this outage already
        self._waiters: list[tuple[Callable[[], bool], asyncio.Future[None]]] = []
        cleared_with_caches(self)

    # Readers

    def live(self) -> bool:
        """Connected, and confirmed within the bound: what the watch knows is at most ``bound`` seconds old."""
        return (
            self._connection is not None
            and self._confirmed_at is not None
            and self.monotonic() - self._confirmed_at <= self.bound
        )

    def known(self, key: Hashable) -> Any:
        """The value the watch holds for ``key`` while it is live, else None (read the database)."""
        if not self.live():
            return None
        value = self._values.get(key)
        if value is not None:
            self._values.move_to_end(key)
        return value

    def token(self) -> Token | None:
        """Take before reading something from the database that ``learn`` may keep; None while not live."""
        if not self.live():
            return None
        return Token(self._generation, self._sequence)

    def learn(self, token: Token | None, values: Mapping[Hashable, object]) -> bool:
        """Keep ``values`` (read from the database after ``token`` was taken), all or none: none when the
        connection changed since, or a notification named any of the keys since (the read may predate it)."""
        if token is None or token.generation != self._generation or self._connection is None:
            return False
        if any(self._heard.get(key, 0) > token.sequence for key in values):
            return False
        for key, value in values.items():
            self._put(key, value)
        return True

    def unchanged_since(self, token: Token | None, key: Hashable) -> bool:
        """No notification has named ``key`` since ``token`` was taken, on this connection.

        A value learned with a key it depends on (a space's state with its venue's version) is stale once the
        key is named again, even if a later read puts the key back at the value it had: a notification that
        only forgets (``FORGET``) carries no new value to compare.
        """
        return (
            token is not None
            and token.generation == self._generation
            and self._connection is not None
            and self._heard.get(key, 0) <= token.sequence
        )

    def server_pid(self) -> int | None:
        """The listening session's backend pid while connected (for operators and tests)."""
        connection = self._connection
        return None if connection is None else int(connection.get_server_pid())

    def clear(self) -> None:
        """Forget every value and confirmation (the database was replaced): readers go to it until the next
        confirmation, and reads begun before now are not learned."""
        self._values.clear()
        self._heard.clear()
        self._generation += 1
        self._confirmed_at = None

    async def wait_until(self, condition: Callable[[], bool], timeout: float) -> None:
        """Until ``condition()`` holds, checked after every notification, confirmation and loss; for tests and
        start-up. Raises TimeoutError after ``timeout`` seconds."""
        if condition():
            return
        waiter = (condition, asyncio.get_running_loop().create_future())
        self._waiters.append(waiter)
        try:
            async with asyncio.timeout(timeout):
                await waiter[1]
        finally:
            self._waiters.remove(waiter)

    # The listener

    def start(self, connect: Callable[[], Awaitable[Any]]) -> None:
        """Run the listener on this event loop until ``stop``; ``connect`` opens a new asyncpg connection."""
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run(connect))

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        await self._drop()

    async def _run(self, connect: Callable[[], Awaitable[Any]]) -> None:
        delay = 0.1
        while True:
            try:
                connection = await connect()
            except Exception as error:  # any failure only sends readers to the database; keep trying
                self._outage("cannot connect", error)
            else:
                listening = _Listening()
                try:
                    await self._listen(connection, listening)
                except Exception as error:
                    self._outage("connection lost", error)
                finally:
                    # Asked of the attempt, not of ``_confirmed_at``: the loss (``_lost``) clears that first.
                    if listening.confirmed:
                        delay = 0.1  # it was up: the next loss starts the back-off again
                    await self._drop()
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10.0)

    def _outage(self, what: str, error: Exception) -> None:
        # Once per outage: a wrong COMMONROOM_LISTEN_URL must not fill the log every ten seconds.
        (log.debug if self._quiet else log.warning)("version watch: %s (%r); readers use the database", what, error)
        self._quiet = True

    async def _listen(self, connection: Any, listening: _Listening) -> None:
        self._generation += 1
        self._values.clear()
        self._heard.clear()
        self._connection = connection
        connection.add_termination_listener(self._lost)
        for channel, decode in self.channels.items():
            await connection.add_listener(channel, self._heard_on(decode))
        self._gone = asyncio.Event()
        while not connection.is_closed():
            await self._confirm(connection)
            listening.confirmed = listening.confirmed or self._confirmed_at is not None
            with contextlib.suppress(TimeoutError):
                # Woken early by the loss, so the next connection is tried at once.
                await asyncio.wait_for(self._gone.wait(), timeout=self.confirm_every)

    async def _confirm(self, connection: Any) -> None:
        token = Token(self._generation, self._sequence)
        sent = self.monotonic()
        values = await asyncio.wait_for(self.confirm(connection), timeout=max(self.bound, 1.0) * 5)
        # Notifications sent before the reply were handed over ahead of it; ones naming these keys are newer.
        fresh = {key: value for key, value in values.items() if self._heard.get(key, 0) <= token.sequence}
        if token.generation != self._generation or connection is not self._connection:
            return  # cleared or reconnected meanwhile: this reply may predate what was forgotten
        for key, value in fresh.items():
            self._put(key, value)
        if self._quiet:
            log.info("version watch: listening again")
            self._quiet = False
        self._confirmed_at = sent
        self._wake()

    def _heard_on(self, decode: Decoder) -> Callable[[Any, int, str, str], None]:
        def heard(connection: Any, pid: int, channel: str, payload: str) -> None:
            if connection is not self._connection:
                return
            try:
                decoded = list(decode(payload))
            except ValueError:
                log.warning("version watch: unreadable payload %r on %s; starting again", payload, channel)
                self.clear()
                return
            self._sequence += 1
            for key, value in decoded:
                self._heard[key] = self._sequence
                if value is FORGET:
                    self._values.pop(key, None)
                else:
                    self._put(key, value)
            self._wake()

        return heard

    def _lost(self, connection: Any) -> None:
        if connection is self._connection:
            self._connection = None
            self._confirmed_at = None
            self._gone.set()
            self._wake()

    async def _drop(self) -> None:
        connection, self._connection = self._connection, None
        self._confirmed_at = None
        self._wake()
        if connection is not None and not connection.is_closed():
            try:
                await asyncio.wait_for(connection.close(), timeout=2)
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError):
                connection.terminate()

    def _put(self, key: Hashable, value: object) -> None:
        self._values[key] = value
        self._values.move_to_end(key)
        while len(self._values) > self.max_keys:
            self._values.popitem(last=False)

    def _wake(self) -> None:
        for condition, done in self._waiters:
            if not done.done() and condition():
                done.set_result(None)
