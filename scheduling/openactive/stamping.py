"""The one place OpenActive change numbers are given: marks in, items out, numbered in commit order.

The problem: a consumer pages a feed by change number and remembers the last one it saw. If two
transactions took numbers 7 and 8 and the one holding 8 committed first, a consumer reading then would
see 8, move past it, and never see 7. So numbers are given only by a stamper holding the counter row
(``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite the write transaction is already the only writer), from
its first read to its commit. The next stamper waits for that commit and reads the counter after it, so
every number it gives is above every number already visible, and a number never appears below one a
consumer has passed. Writers take no part: their triggers only leave marks (``OpenActiveChange``), in
their own transactions, so a rolled-back change leaves nothing and writers never queue on the counter.

A run (``refresh``) works in batches, each one transaction: hold the counter; in the first batch, mark
what time moved on (``rolling``); read up to ``batch`` marks; work out what they reach (``owners``); rebuild
those owners' items with the builders; compare each with what is stored (canonical JSON text) and give
the next number only to items whose text changed, or that appeared or went (a tombstone); end a bounded
number of items that are over; delete exactly the marks read. A mark committed while the stamper worked is not among them and
stays for the next run, which recomputes from the state it then reads: the feeds converge on the
database whatever the interleaving. The very first run marks every space and listing, so the first build
is batches like any other.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from scheduling.models import OpenActiveChange, OpenActiveCounter, OpenActiveItem
from scheduling.openactive.facilities import facility_items
from scheduling.openactive.feeds import KINDS, Feed, Owned, data_text
from scheduling.openactive.owners import Mark, Targets, resolve
from scheduling.openactive.rolling import TOMBSTONE_RETENTION, moved_on, roll_due
from scheduling.openactive.sessions import activity_items
from scheduling.openactive.slots import slot_items
from venues.core import clock, leases
from venues.core.database import is_postgres, local_writer_busy, write_transaction
from venues.core.errors import Busy

log = logging.getLogger(__name__)

# Marks per transaction: a space mark rebuilds its days of slots, so a batch is kept short enough that SQLite
# writers queued behind it wait well inside their busy timeout.
BATCH = 50
# Items ended in one batch: after a long stop, a day's slots end over several transactions.
END_AT_ONCE = 2000
CHUNK = 200
COUNTER_ID = 1
ITEM_TABLE = OpenActiveItem._meta.tablename
WRITTEN = (
    "feed",
    "item_id",
    "kind",
    "change_number",
    "state",
    "data",
    "owner",
    "venue_id",
    "space_id",
    "day",
    "ends_at",
    "deleted_at",
)
_UPSERT_HEAD = f"INSERT INTO {ITEM_TABLE} ({', '.join(WRITTEN)}) VALUES "
_UPSERT_TAIL = " ON CONFLICT (feed, item_id) DO UPDATE SET " + ", ".join(
    f"{column} = excluded.{column}" for column in WRITTEN[2:]
)


@dataclass
class Counter:
    last_change: int
    rolled_at: datetime | None

    def take(self) -> int:
        self.last_change += 1
        return self.last_change


async def _hold_counter(wait: bool) -> Counter | None:
    """The counter row, held until this transaction ends; None when ``wait`` is False and another stamper holds it."""
    table = OpenActiveCounter._meta.tablename
    query = f"SELECT last_change, rolled_at FROM {table} WHERE id = {{}}"
    locking = query + ((" FOR UPDATE" if wait else " FOR UPDATE SKIP LOCKED") if is_postgres() else "")
    rows = await OpenActiveCounter.raw(locking, COUNTER_ID)
    if not rows:
        if await OpenActiveCounter.raw(query, COUNTER_ID):
            return None  # there, and held by another stamper (a plain read waits for no lock)
        # The row the migration made was removed: made again above every number given. (Only now: an
        # INSERT … ON CONFLICT would wait for whichever stamper holds the row.)
        await OpenActiveCounter.raw(
            f"INSERT INTO {table} (id, last_change) SELECT {{}}, COALESCE(MAX(change_number), 0) FROM {ITEM_TABLE} "
            "WHERE 1 = 1 ON CONFLICT (id) DO NOTHING",
            COUNTER_ID,
        )
        rows = await OpenActiveCounter.raw(locking, COUNTER_ID)
        if not rows:
            return None
    return Counter(last_change=int(rows[0]["last_change"]), rolled_at=rows[0]["rolled_at"])


# A mark whose rebuild raised is set aside (its kind prefixed) rather than retried for ever, so one bad row
# cannot stop the feeds; ``commonroom openactive-refresh --rebuild`` rebuilds everything once it is mended.
SET_ASIDE = "!"


# What one batch may rebuild, counted in days of one space's slots: a space's own mark rebuilds its whole window
# (14 days by default), a venue's every space of it, held time a day or two. At county size a batch of 50 spaces'
# windows held SQLite's write lock 4.7 s, close to the 5 s writers wait (docs/performance.md).
WEIGHT_AT_ONCE = 300
WEIGHTS = {"space": 14, "venue": 42}


def _weight(mark: Mark) -> int:
    if mark.starts_ts is not None:
        return 1
    return WEIGHTS.get(mark.kind, 1)


async def _read_marks(batch: int) -> tuple[list[Mark], bool]:
    """The next marks, at most ``batch`` and ``WEIGHT_AT_ONCE`` (the first always); whether more are waiting."""
    rows = (
        await OpenActiveChange.select()
        .where(OpenActiveChange.kind.not_like(f"{SET_ASIDE}%"))
        .order_by(OpenActiveChange.id)
        .limit(batch)
    )
    marks: list[Mark] = []
    weight = 0
    for row in rows:
        mark = Mark(row["id"], row["kind"], int(row["row_id"]), row["starts_ts"], row["ends_ts"])
        weight += _weight(mark)
        if marks and weight > WEIGHT_AT_ONCE:
            return marks, True
        marks.append(mark)
    return marks, len(rows) == batch


async def _mark_everything() -> None:
    """The first run: every space and every listing is marked, and the batches that follow build them."""
    table = OpenActiveChange._meta.tablename
    await OpenActiveChange.raw(f"INSERT INTO {table} (kind, row_id) SELECT 'space', id FROM space ORDER BY id")
    await OpenActiveChange.raw(f"INSERT INTO {table} (kind, row_id) SELECT 'activity', id FROM activity ORDER BY id")


async def _mark_spans(spans: list[tuple[int, int, int]]) -> None:
    """Marks as held time leaves them: (space, starts_ts, ends_ts), many to a statement."""
    table = OpenActiveChange._meta.tablename
    for chunk in _chunked(spans):
        placeholders = ", ".join("('space', {}, {}, {})" for _ in chunk)
        values = [value for span in chunk for value in span]
        await OpenActiveChange.raw(
            f"INSERT INTO {table} (kind, row_id, starts_ts, ends_ts) VALUES {placeholders}", *values
        )


async def build(targets: Targets, now: datetime) -> list[Owned]:
    """Every target owner's items as the builders compute them now."""
    owned: list[Owned] = []
    if targets.activities:
        owned.extend((await activity_items(sorted(targets.activities), now)).values())
    if targets.spaces:
        owned.extend((await facility_items(sorted(targets.spaces), now)).values())
    days = {space_id: sorted(space_days) for space_id, space_days in targets.slot_days.items() if space_days}
    if days:
        owned.extend(await slot_items(days, now))
    # An item that is over is not current (``end_what_is_over`` made it a tombstone, and it stays one).
    return [
        Owned(
            entry.owner,
            [item for item in entry.items if item.ends_at is None or item.ends_at > now],
            entry.venue_id,
            entry.space_id,
            entry.day,
        )
        for entry in owned
    ]


def _chunked(values: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


async def _stored(owners: Sequence[str]) -> dict[tuple[str, str], dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for chunk in _chunked(sorted(set(owners))):
        rows = await OpenActiveItem.select(
            OpenActiveItem.feed, OpenActiveItem.item_id, OpenActiveItem.state, OpenActiveItem.data, OpenActiveItem.owner
        ).where(OpenActiveItem.owner.is_in(list(chunk)))
        for row in rows:
            found[(row["feed"], row["item_id"])] = row
    return found


async def _stored_by_key(keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
    """Stored items by (feed, item id): for items that moved from an owner not being rebuilt."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    by_feed: dict[str, list[str]] = {}
    for feed, item_id in keys:
        by_feed.setdefault(feed, []).append(item_id)
    for feed, item_ids in by_feed.items():
        for chunk in _chunked(sorted(item_ids)):
            rows = await OpenActiveItem.select(
                OpenActiveItem.feed,
                OpenActiveItem.item_id,
                OpenActiveItem.state,
                OpenActiveItem.data,
                OpenActiveItem.owner,
            ).where((OpenActiveItem.feed == feed) & OpenActiveItem.item_id.is_in(list(chunk)))
            for row in rows:
                found[(row["feed"], row["item_id"])] = row
    return found


async def _write(rows: list[tuple[Any, ...]]) -> None:
    """Insert or replace items by (feed, item id), many to a statement."""
    for chunk in _chunked(rows):
        placeholders = ", ".join("(" + ", ".join(["{}"] * len(WRITTEN)) + ")" for _ in chunk)
        values = [value for row in chunk for value in row]
        await OpenActiveItem.raw(_UPSERT_HEAD + placeholders + _UPSERT_TAIL, *values)


async def apply(owned: Sequence[Owned], counter: Counter, now: datetime) -> int:
    """Store ``owned`` as the whole current truth of their owners: number what changed, tombstone what went."""
    if not owned:
        return 0
    stored = await _stored([entry.owner for entry in owned])
    computed: dict[tuple[str, str], tuple[Owned, str, datetime | None]] = {}
    for entry in sorted(owned, key=lambda entry: entry.owner):
        for item in sorted(entry.items, key=lambda item: (item.feed.value, item.item_id)):
            computed[(item.feed.value, item.item_id)] = (entry, data_text(item.data), item.ends_at)
    missing = [key for key in computed if key not in stored]
    if missing:
        stored.update(await _stored_by_key(missing))

    rows: list[tuple[Any, ...]] = []
    for key, (entry, text, ends_at) in computed.items():
        before = stored.get(key)
        if before is not None and before["state"] == "updated" and before["data"] == text:
            if before["owner"] == entry.owner:
                continue
        feed, item_id = key
        rows.append(
            (
                feed,
                item_id,
                KINDS[Feed(feed)],
                counter.take(),
                "updated",
                text,
                entry.owner,
                entry.venue_id,
                entry.space_id,
                entry.day,
                ends_at.replace(microsecond=0) if ends_at is not None else None,
                None,
            )
        )
    owners = {entry.owner: entry for entry in owned}
    for key in sorted(stored):
        before = stored[key]
        if before["state"] != "updated" or key in computed or before["owner"] not in owners:
            continue
        entry = owners[before["owner"]]
        feed, item_id = key
        rows.append(
            (
                feed,
                item_id,
                KINDS[Feed(feed)],
                counter.take(),
                "deleted",
                "",
                entry.owner,
                entry.venue_id,
                entry.space_id,
                entry.day,
                None,
                now,
            )
        )
    await _write(rows)
    return len(rows)


async def end_what_is_over(counter: Counter, now: datetime, purge: bool = True) -> int:
    """Up to ``END_AT_ONCE`` items whose time is over become tombstones (their own number each); with
    ``purge``, tombstones past the retention go."""
    over = (
        await OpenActiveItem.select(
            OpenActiveItem.feed,
            OpenActiveItem.item_id,
            OpenActiveItem.kind,
            OpenActiveItem.owner,
            OpenActiveItem.venue_id,
            OpenActiveItem.space_id,
            OpenActiveItem.day,
        )
        .where((OpenActiveItem.state == "updated") & (OpenActiveItem.ends_at <= now))
        .order_by(OpenActiveItem.ends_at)
        .order_by(OpenActiveItem.id)
        .limit(END_AT_ONCE)
    )
    rows = [
        (
            row["feed"],
            row["item_id"],
            row["kind"],
            counter.take(),
            "deleted",
            "",
            row["owner"],
            row["venue_id"],
            row["space_id"],
            row["day"],
            None,
            now,
        )
        for row in over
    ]
    await _write(rows)
    if purge:
        await OpenActiveItem.delete().where(
            (OpenActiveItem.state == "deleted") & (OpenActiveItem.deleted_at < now - TOMBSTONE_RETENTION)
        )
    return len(rows)


async def _one_batch(
    asked_now: datetime | None,
    wait: bool,
    batch: int,
    first: bool,
    before_commit: Callable[[], Awaitable[None]] | None,
    rebuild: bool = False,
) -> tuple[int, bool] | None:
    if not wait and local_writer_busy():
        return None
    async with write_transaction():
        counter = await _hold_counter(wait)
        if counter is None:
            return None
        rolled_at = counter.rolled_at
        # The time is read with the counter held, never before: another stamper may have ended items at a
        # later time meanwhile, and rebuilding at an earlier one would bring them back. Never before the
        # last roll either, so time only moves forward for the feeds.
        now = asked_now if asked_now is not None else clock.now()
        if rolled_at is not None and asked_now is None:
            now = max(now, rolled_at)
        if rolled_at is None or (first and rebuild):
            await _mark_everything()
        rolling = first and rolled_at is not None and roll_due(rolled_at, now)
        if rolling and rolled_at is not None:
            await _mark_spans(await moved_on(rolled_at, now))
        marks, more = await _read_marks(batch)
        targets = await resolve(marks, now)
        stamped = await apply(await build(targets, now), counter, now)
        ended = await end_what_is_over(counter, now, purge=first)
        stamped += ended
        new_rolled_at = now if rolled_at is None or rolling else rolled_at
        await OpenActiveCounter.update(
            {OpenActiveCounter.last_change: counter.last_change, OpenActiveCounter.rolled_at: new_rolled_at}
        ).where(OpenActiveCounter.id == COUNTER_ID)
        for chunk in _chunked([mark.id for mark in marks], 500):
            await OpenActiveChange.delete().where(OpenActiveChange.id.is_in(list(chunk)))
        if before_commit is not None:
            await before_commit()
    return stamped, more or ended == END_AT_ONCE


async def refresh(
    *,
    now: datetime | None = None,
    wait: bool = True,
    batch: int = BATCH,
    before_commit: Callable[[], Awaitable[None]] | None = None,
    rebuild: bool = False,
) -> int | None:
    """Stamp everything marked so far; the number of items given a change number.

    ``wait`` False skips the turn (None) rather than queue when another stamper holds the counter, as
    the serve workers' timer does. ``before_commit`` runs inside each batch's transaction after its
    numbers are written, before they commit: tests use it to hold a stamper at its worst moment.
    ``rebuild`` marks every space and listing first (after ``COMMONROOM_PUBLIC_URL`` changed, say); only
    items whose text changed get new numbers.
    """
    total = 0
    first = True
    while True:
        try:
            result = await _one_batch(now, wait, batch, first, before_commit, rebuild)
        except Busy:
            raise
        except Exception:
            if batch == 1:
                raise
            log.exception("Stamping a batch of OpenActive marks failed; taking them one at a time.")
            total += await _one_at_a_time(now, wait, batch)
            first = False
            continue
        if result is None:
            return None if first else total
        stamped, more = result
        total += stamped
        first = False
        if not more:
            return total


async def _one_at_a_time(now: datetime | None, wait: bool, count: int) -> int:
    """The next ``count`` marks one to a transaction; a mark whose rebuild raises is set aside and logged."""
    stamped = 0
    for _ in range(count):
        marks, _ = await _read_marks(1)
        if not marks:
            break
        try:
            result = await _one_batch(now, wait, 1, False, None)
        except Busy:
            raise
        except Exception:
            log.exception(
                "OpenActive mark %s (%s %s) could not be stamped; set aside.",
                marks[0].id,
                marks[0].kind,
                marks[0].row_id,
            )
            async with write_transaction():
                await OpenActiveChange.update({OpenActiveChange.kind: SET_ASIDE + marks[0].kind}).where(
                    OpenActiveChange.id == marks[0].id
                )
            continue
        if result is None:
            break
        stamped += result[0]
    return stamped


async def refresh_periodically(every: float, wait: Callable[[float], Awaitable[object]] = asyncio.sleep) -> None:
    """``refresh`` now and after every ``wait(every)`` for as long as the worker runs, in the process holding the
    ``openactive-stamp`` lease, skipping a turn when another stamper (``commonroom openactive-refresh``) holds the
    counter (its marks are read by that one or the next). A failed round is logged; the marks stay for the next."""
    await leases.periodically(
        "openactive-stamp",
        every,
        lambda: refresh(wait=False),
        "Stamping the OpenActive feeds failed; trying again in %s seconds.",
        wait,
    )
