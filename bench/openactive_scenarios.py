"""The OpenActive feeds at size: the first full build, every feed paged from its first page to its last beside
the bare keyset query, an OFFSET query as the contrast, and what a few hundred real changes cost the stamper.

Issue 18 asks that paging the whole county-size feed costs the same per page from the first page to the last.
On a generated database (``bench.generate``; on PostgreSQL the bench's ``commonroom_bench_<size>``):

1. **Build.** The feed tables are emptied (items, marks, counter back to 0) and every venue, space and listing
   is marked, as the migration's triggers would have marked them had the feeds existed when they were written;
   then the real stamper (``scheduling.openactive.stamping.refresh``) is run until no mark is left. Timed whole,
   with the items of each feed counted.
2. **Walk.** Every feed is read over HTTP from its first page, following ``next`` until a page has no items,
   each page timed. The app runs in this process through ``httpx.ASGITransport``, as the series scenario
   does: one consumer reads one page after another, so what a page costs is the app's own work (routing, the
   query, the body) without the network stack and a second process sharing the two cores; the floor queries
   then run through the same engine and pool in the same minutes, and the served app's background jobs (which
   roll and stamp the feeds on a timer) cannot change the feed under the walk.
3. **Pages side by side.** The first, middle and last page with items (and the empty page after them) are
   read again ``repeats`` times each, alternately with the floor: the same keyset query alone
   (``SELECT … FROM openactive_item WHERE feed = ? AND change_number > ? ORDER BY change_number LIMIT n``, n
   the route's page size) through the same engine. As the contrast that shows why keyset, the same pages read
   with ``ORDER BY change_number LIMIT n OFFSET k``: its cost grows with k, the keyset query's does not.
4. **Changes.** After the build, real changes through the domain's write paths (new bookings, cancellations,
   a day's closure, a venue's new hours), each group followed by ``refresh()`` timed, with the marks it
   read and how many items of each feed it gave a new change number (the changed items, not the world).
   Every stamper batch (one transaction) of the build and of each refresh is timed (``timing_batches``): the
   longest is the longest any one transaction held SQLite's write lock, against the 5 s busy timeout.

The changes are written into the generated world, so the run forgets the bench's ``--reuse`` record for this
size and engine afterwards: the next ``python -m bench run --reuse`` generates afresh.
Import the app's modules only after ``DATABASE_URL`` names the bench database.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import statistics
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

FEEDS = ["session-series", "scheduled-sessions", "facility-uses", "slots"]
# A full build or a refresh larger than this many stamper calls is a stamper that never drains: stop.
MAX_REFRESH_CALLS = 100_000
# Seconds the walk of one feed may take at most (the smoke run's guard; county takes far less).
WALK_BUDGET_SECONDS = 1800.0
RESULTS_DIR = Path(__file__).resolve().parent / "results"
# How often the item table is analysed while the stamper works on PostgreSQL (autovacuum's naptime is a minute).
ANALYSE_EVERY_SECONDS = 30.0


def log(message: str) -> None:
    print(f"openactive: {message}", file=sys.stderr, flush=True)


def _raw(sql: str, *args: Any) -> Any:
    from piccolo.querystring import QueryString

    return QueryString(sql, *args)


async def _rows(sql: str, *args: Any) -> list[dict[str, Any]]:
    from venues.core.database import current_engine

    return list(await current_engine().run_querystring(_raw(sql, *args)))


async def _timed(call: Callable[[], Awaitable[Any]]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = await call()
    return time.perf_counter() - started, value


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def _median_ms(seconds: list[float]) -> float:
    return _ms(statistics.median(seconds))


# ---------------------------------------------------------------- counting


async def item_counts() -> dict[str, dict[str, int]]:
    """Items of each feed, current (``updated``) and tombstones (``deleted``)."""
    rows = await _rows("SELECT feed, state, count(*) AS n FROM openactive_item GROUP BY feed, state")
    counts: dict[str, dict[str, int]] = {feed: {"updated": 0, "deleted": 0} for feed in FEEDS}
    for row in rows:
        counts.setdefault(row["feed"], {})[row["state"]] = int(row["n"])
    return counts


async def changed_since(change_number: int) -> dict[str, dict[str, int]]:
    """Items given a change number above ``change_number``, per feed and state: what one refresh changed."""
    rows = await _rows(
        "SELECT feed, state, count(*) AS n FROM openactive_item WHERE change_number > {} GROUP BY feed, state",
        change_number,
    )
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["feed"], {})[row["state"]] = int(row["n"])
    return counts


async def last_change() -> int:
    rows = await _rows("SELECT last_change FROM openactive_counter WHERE id = 1")
    return int(rows[0]["last_change"]) if rows else 0


async def marks_waiting() -> int:
    rows = await _rows("SELECT count(*) AS n FROM openactive_change")
    return int(rows[0]["n"])


# ---------------------------------------------------------------- 1. the first full build


async def clean_start() -> dict[str, int]:
    """No items, no marks, the counter at 0 and never rolled: the state of a database the feeds are new to.

    The generator's own inserts left marks (the triggers fire on every row it writes: one per booking, held time
    and listing); a world written before the feeds existed has none, so they go. The stamper's first run then
    marks every space and listing itself (``stamping._mark_everything``) and builds them in batches."""
    from venues.core.database import write_transaction

    async with write_transaction():
        left = await marks_waiting()
        await _rows("DELETE FROM openactive_item")
        await _rows("DELETE FROM openactive_change")
        await _rows("UPDATE openactive_counter SET last_change = 0, rolled_at = NULL WHERE id = 1")
    counts = {"generator_marks_dropped": left}
    for table in ("venue", "space", "activity"):
        counts[table] = int((await _rows(f"SELECT count(*) AS n FROM {table}"))[0]["n"])
    return counts


async def _analyse_while(task: asyncio.Task[Any], every: float) -> int:
    """``ANALYZE openactive_item`` every ``every`` seconds until ``task`` ends; how many times it ran.

    PostgreSQL only, standing in for autovacuum's analyse (off on the bench's test server; a live server
    analyses a table once a tenth of it changed, checking every minute): a first build grows the table from
    nothing, and on statistics taken while it was empty the planner reads ``feed = … AND item_id IN (…)``
    through the (feed, change_number) index and filters every item of the feed, a scan per batch."""
    from venues.core.database import current_engine

    runs = 0
    while not task.done():
        await asyncio.wait({task}, timeout=every)
        if not task.done():
            await current_engine().run_ddl("ANALYZE openactive_item")
            runs += 1
    return runs


async def drain(now: datetime | None = None) -> dict[str, Any]:
    """``refresh()`` until no mark is left (on PostgreSQL with the item table analysed as it grows, as
    autovacuum would); how many calls it took and what each returned in all."""
    from venues.core.database import is_postgres

    if not is_postgres():
        return await _drain(now)
    task = asyncio.ensure_future(_drain(now))
    analysed = await _analyse_while(task, ANALYSE_EVERY_SECONDS)
    return {**task.result(), "analysed": analysed}


@contextlib.contextmanager
def timing_batches() -> Iterator[list[dict[str, Any]]]:
    """Each stamper batch (``stamping._one_batch``: one transaction, on SQLite one hold of the write lock) timed
    while the block runs, in the order they ran: the bench wraps the function, the app's code is unchanged.

    A batch's time runs from before its ``BEGIN`` to after its commit; nothing else writes during the bench, so
    on SQLite it is the time the batch holds the write lock, which a writer queued behind it waits at most
    ``busy_seconds()`` (5 s) for."""
    from scheduling.openactive import stamping

    batches: list[dict[str, Any]] = []
    original, original_moved_on = stamping._one_batch, stamping.moved_on

    async def moved_on(rolled_at: datetime, now: datetime) -> list[tuple[int, int, int]]:
        spans = await original_moved_on(rolled_at, now)
        batches.append({"roll_marks": len(spans)})
        return spans

    async def timed(now: datetime | None, wait: bool, batch: int, first: bool, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        result = await original(now, wait, batch, first, *args, **kwargs)
        seconds = time.perf_counter() - started
        batches.append(
            {"seconds": seconds, "first": first, "stamped": result[0] if result else None, "skipped": result is None}
        )
        return result

    stamping._one_batch, stamping.moved_on = timed, moved_on  # type: ignore[assignment]  # the bench's timing wrapper
    try:
        yield batches
    finally:
        stamping._one_batch, stamping.moved_on = original, original_moved_on


def _batch_summary(batches: list[dict[str, Any]]) -> dict[str, Any]:
    """The batches of a drain: how many, the longest (the longest single stamper transaction) and the first of
    each ``refresh`` (the one that rolls time on), how many took longer than SQLite's busy timeout, and the
    marks time's roll wrote for the batches to rebuild."""
    from venues.core.database import busy_seconds

    roll_marks = sum(batch["roll_marks"] for batch in batches if "roll_marks" in batch)
    ran = [batch for batch in batches if "seconds" in batch and not batch["skipped"]]
    if not ran:
        return {"batches": 0, "roll_marks": roll_marks}
    longest_at = max(range(len(ran)), key=lambda index: ran[index]["seconds"])
    firsts = [batch["seconds"] for batch in ran if batch["first"]]
    times = [batch["seconds"] for batch in ran]
    return {
        "batches": len(ran),
        "batch_p50_ms": _median_ms(times),
        "longest_batch_ms": _ms(ran[longest_at]["seconds"]),
        "longest_batch_index": longest_at,
        "longest_batch_stamped": ran[longest_at]["stamped"],
        "first_batch_ms": _ms(max(firsts)) if firsts else None,
        "busy_timeout_s": busy_seconds(),
        "batches_over_busy_timeout": sum(1 for seconds in times if seconds > busy_seconds()),
        "roll_marks": roll_marks,
    }


async def _drain(now: datetime | None = None) -> dict[str, Any]:
    from scheduling.openactive.stamping import refresh

    calls, stamped, idle = 0, 0, 0
    with timing_batches() as batches:
        started = time.perf_counter()
        while True:
            calls += 1
            if calls > MAX_REFRESH_CALLS:
                raise RuntimeError("refresh() left marks after 100,000 calls")
            result = await refresh(now=now)
            stamped += int(result or 0)
            if result:
                idle = 0
                continue
            # Nothing done: drained, unless marks are left (a second idle call in a row means it will not take them).
            idle += 1
            if idle > 1 or await marks_waiting() == 0:
                break
        seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 6),
        "refresh_calls": calls,
        "returned_total": stamped,
        "marks_left": await marks_waiting(),
        **_batch_summary(batches),
    }


async def first_build(now: datetime) -> dict[str, Any]:
    world = await clean_start()
    built = await drain(now)
    return {
        "world": world,
        **built,
        "last_change": await last_change(),
        "items": await item_counts(),
    }


# ---------------------------------------------------------------- 2. and 3. paging


def _after(url: str) -> int | None:
    values = parse_qs(urlsplit(url).query).get("afterChangeNumber")
    return int(values[0]) if values else None


def _relative(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


async def keyset_floor(feed: str, after: int | None, limit: int) -> int:
    """The page's rows by the keyset query alone: the least a page of the feed must read."""
    rows = await _rows(
        "SELECT item_id, kind, state, change_number, data FROM openactive_item "
        "WHERE feed = {} AND change_number > {} ORDER BY change_number LIMIT {}",
        feed,
        after if after is not None else -1,
        limit,
    )
    return len(rows)


async def offset_query(feed: str, offset: int, limit: int) -> int:
    """The same page by OFFSET: what a page would cost without the keyset."""
    rows = await _rows(
        "SELECT item_id, kind, state, change_number, data FROM openactive_item "
        "WHERE feed = {} ORDER BY change_number LIMIT {} OFFSET {}",
        feed,
        limit,
        offset,
    )
    return len(rows)


async def walk_feed(client: Any, feed: str) -> dict[str, Any]:
    """Every page of one feed, first to last, each timed; checks the RPDE shape it relies on as it goes."""
    url = f"/openactive/{feed}"
    pages: list[dict[str, Any]] = []
    items = 0
    previous = -1
    deadline = time.monotonic() + WALK_BUDGET_SECONDS
    while True:
        took, reply = await _timed(partial(client.get, url))
        if reply.status_code != 200:
            raise RuntimeError(f"GET {url}: {reply.status_code} {reply.text[:300]}")
        body = reply.json()
        page_items = body.get("items", [])
        for item in page_items:
            if item["modified"] <= previous:
                raise RuntimeError(f"{feed}: change numbers out of order at {url}")
            previous = item["modified"]
        pages.append(
            {
                "url": url,
                "after": _after(url),
                "items": len(page_items),
                "seconds": took,
                "bytes": len(reply.content),
                "cache_control": reply.headers.get("cache-control", ""),
            }
        )
        items += len(page_items)
        following = _relative(body["next"])
        if not page_items:
            if following != url:
                raise RuntimeError(f"{feed}: the last page's next is {following}, not its own {url}")
            break
        if time.monotonic() > deadline:
            raise RuntimeError(f"{feed}: the walk took over {WALK_BUDGET_SECONDS:.0f}s")
        url = following
    return {"pages": pages, "items": items}


def _walk_summary(pages: list[dict[str, Any]]) -> dict[str, Any]:
    """The walk's per-page times in one pass: all of them, and the first and last tenth side by side."""
    full = [page["seconds"] for page in pages if page["items"]]
    if not full:
        return {"pages_with_items": 0}
    tenth = max(1, len(full) // 10)
    ordered = sorted(full)
    return {
        "pages_with_items": len(full),
        "page_p50_ms": _median_ms(full),
        "page_p90_ms": _ms(ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]),
        "page_max_ms": _ms(ordered[-1]),
        "first_tenth_p50_ms": _median_ms(full[:tenth]),
        "last_tenth_p50_ms": _median_ms(full[-tenth:]),
        "bytes_per_full_page_p50": int(statistics.median(page["bytes"] for page in pages if page["items"])),
    }


async def compare_pages(client: Any, feed: str, walked: dict[str, Any], repeats: int) -> dict[str, Any]:
    """The first, middle and last page with items (and the empty one after them) read ``repeats`` times over
    HTTP, each alternately with the keyset query alone; the OFFSET query for the same pages as the contrast."""
    pages = walked["pages"]
    full = [index for index, page in enumerate(pages) if page["items"]]
    limit = max((page["items"] for page in pages), default=0) or 1
    chosen: dict[str, int] = {}
    if full:
        chosen = {"first": full[0], "middle": full[len(full) // 2], "last": full[-1]}
        # The last page with items is mostly part-full; the last full one is the like-for-like comparison.
        whole = [index for index in full if pages[index]["items"] == limit]
        if whole:
            chosen["last_full"] = whole[-1]
    chosen["empty_end"] = len(pages) - 1
    before = 0
    offsets = []
    for page in pages:
        offsets.append(before)
        before += page["items"]
    # Round-robin over the chosen pages, so a busy moment on the shared machine falls on all of them alike.
    http_s: dict[str, list[float]] = {name: [] for name in chosen}
    floor_s: dict[str, list[float]] = {name: [] for name in chosen}
    offset_s: dict[str, list[float]] = {name: [] for name in chosen}
    rows: dict[str, int] = {}
    offset_rows: dict[str, int] = {}
    for _ in range(repeats):
        for name, index in chosen.items():
            page = pages[index]
            took, reply = await _timed(partial(client.get, page["url"]))
            if reply.status_code != 200:
                raise RuntimeError(f"GET {page['url']}: {reply.status_code}")
            http_s[name].append(took)
            took, rows[name] = await _timed(partial(keyset_floor, feed, page["after"], limit))
            floor_s[name].append(took)
    for _ in range(repeats):
        for name, index in chosen.items():
            took, offset_rows[name] = await _timed(partial(offset_query, feed, offsets[index], limit))
            offset_s[name].append(took)
    result: dict[str, Any] = {"page_size": limit}
    for name, index in chosen.items():
        page = pages[index]
        http_ms, floor_ms = _median_ms(http_s[name]), _median_ms(floor_s[name])
        result[name] = {
            "page": index + 1,
            "after_change_number": page["after"],
            "items": page["items"],
            "items_before": offsets[index],
            "walk_ms": _ms(page["seconds"]),
            "http_ms": http_ms,
            "keyset_floor_ms": floor_ms,
            "ratio_to_floor": round(http_ms / floor_ms, 1) if floor_ms else None,
            "offset_ms": _median_ms(offset_s[name]),
            "floor_rows": rows[name],
            "offset_rows": offset_rows[name],
            "cache_control": page["cache_control"],
        }
    return result


async def page_every_feed(repeats: int) -> dict[str, Any]:
    import logging

    import httpx

    from api.app import create_app

    logging.getLogger("httpx").setLevel(logging.WARNING)  # not a line per page on stderr

    # Litestar types the ASGI scope with its own TypedDicts, httpx with a plain mapping: the same at run time.
    transport = httpx.ASGITransport(app=create_app())  # type: ignore[arg-type]
    feeds: dict[str, Any] = {}
    async with httpx.AsyncClient(transport=transport, base_url="http://bench", timeout=600) as client:
        for feed in FEEDS:
            log(f"walking {feed}")
            started = time.perf_counter()
            walked = await walk_feed(client, feed)
            total = time.perf_counter() - started
            feeds[feed] = {
                "pages": len(walked["pages"]),
                "items": walked["items"],
                "walk_seconds": round(total, 3),
                "walk_pages_seconds": round(sum(page["seconds"] for page in walked["pages"]), 3),
                **_walk_summary(walked["pages"]),
            }
            log(f"{feed}: {walked['items']:,} items in {len(walked['pages']):,} pages, {total:.1f}s; pages again")
            feeds[feed]["compared"] = await compare_pages(client, feed, walked, repeats)
    return feeds


# ---------------------------------------------------------------- 4. changes


async def _managers(venue_ids: list[int]) -> dict[int, Any]:
    """Each venue's first manager as a ``User``, confirmed (generated accounts are not) so they may book."""
    from venues.models import User, VenueManager

    rows = await VenueManager.select(VenueManager.venue, VenueManager.user).where(VenueManager.venue.is_in(venue_ids))
    by_venue: dict[int, int] = {}
    for row in sorted(rows, key=lambda row: (row["venue"], row["user"])):
        by_venue.setdefault(row["venue"], row["user"])
    await User.update({User.email_verified: True}).where(User.id.is_in(sorted(set(by_venue.values()))))
    users = {user.id: user for user in await User.objects().where(User.id.is_in(sorted(set(by_venue.values()))))}
    return {venue: users[user] for venue, user in by_venue.items()}


async def _bench_venues() -> list[int]:
    rows = await _rows("SELECT id FROM venue WHERE slug LIKE 'bench-venue-%' ORDER BY id")
    return [int(row["id"]) for row in rows]


async def new_bookings(venue_ids: list[int], wanted: int, today: date) -> dict[str, int]:
    """``wanted`` bookings by the venues' managers through ``request_booking`` (confirmed at once), an hour
    each in the slot window ahead; times already held are refused (409) and skipped, as a person would."""
    from bench.generate import TZ
    from scheduling.bookings.workflow import BookingDraft, request_booking
    from venues.core.errors import Conflict, RuleViolation
    from venues.core.timezones import wall_clock_instant
    from venues.models import Space

    managers = await _managers(venue_ids)
    spaces = await Space.select(Space.id, Space.venue).where(Space.venue.is_in(venue_ids)).order_by(Space.id)
    made = refused = attempt = 0
    while made < wanted and attempt < wanted * 20 and spaces:
        space = spaces[(attempt * 7) % len(spaces)]
        day = today + timedelta(days=2 + attempt % 11)
        hour = 9 + (attempt * 5) % 11
        attempt += 1
        starts = wall_clock_instant(day, wall(hour), TZ).astimezone(UTC)
        draft = BookingDraft(
            space_id=space["id"], starts_at=starts, ends_at=starts + timedelta(hours=1), title="Bench change"
        )
        try:
            await request_booking(managers[space["venue"]], draft)
            made += 1
        except (Conflict, RuleViolation):
            refused += 1
    return {"made": made, "refused": refused}


async def cancellations(venue_ids: list[int], wanted: int, today: date) -> dict[str, int]:
    """``wanted`` confirmed bookings to come in the window cancelled by their venue's manager, listed series
    dates among them (their ScheduledSession stays, cancelled) as well as private hires (slots freed)."""
    from scheduling.bookings.workflow import cancel_booking

    managers = await _managers(venue_ids)
    starts = datetime.combine(today + timedelta(days=2), wall(0), UTC)
    ends = datetime.combine(today + timedelta(days=13), wall(0), UTC)
    ids = ", ".join(str(venue_id) for venue_id in venue_ids)
    rows = await _rows(
        f"SELECT id, venue FROM booking WHERE venue IN ({ids}) AND status = 'confirmed' AND starts_at >= {{}} "
        "AND starts_at < {} AND title <> 'Bench change' ORDER BY id",
        starts,
        ends,
    )
    step = max(1, len(rows) // max(1, wanted))
    done = 0
    for row in rows[::step][:wanted]:
        await cancel_booking(managers[row["venue"]], row["id"], "Bench: called off")
        done += 1
    return {"cancelled": done}


async def a_closure(venue_id: int, today: date) -> dict[str, int]:
    """One venue closed for a day in the window, its bookings that day cancelled."""
    from scheduling.venue_changes.resolve import Fate, Resolution, close

    manager = (await _managers([venue_id]))[venue_id]
    day = today + timedelta(days=5)
    _, resolved = await close(
        manager,
        venue_id,
        day,
        day + timedelta(days=1),
        "Bench: boiler repair",
        None,
        Resolution(every=Fate.cancel, reason="The boiler is being repaired"),
    )
    return {"venue": venue_id, "bookings_cancelled": len(resolved.cancelled)}


async def an_hours_change(venue_id: int) -> dict[str, int]:
    """One venue's weekly hours made an hour shorter at the end of every day, what that leaves out cancelled."""
    from scheduling.venue_changes.resolve import Fate, Resolution, set_hours
    from venues.models import OpeningHours
    from venues.opening.hours import Interval

    manager = (await _managers([venue_id]))[venue_id]
    rows = await OpeningHours.select().where((OpeningHours.venue == venue_id) & OpeningHours.space.is_null())
    week = []
    for row in rows:
        closes = row["closes"]
        earlier = (datetime.combine(date(2000, 1, 3), closes) - timedelta(hours=1)).time()
        week.append(Interval(row["weekday"], row["opens"], earlier if earlier > row["opens"] else closes))
    _, resolved = await set_hours(
        manager, venue_id, None, week, Resolution(every=Fate.cancel, reason="Shorter hours this winter")
    )
    return {"venue": venue_id, "bookings_cancelled": len(resolved.cancelled)}


async def timed_refresh(
    label: str, write: Callable[[], Awaitable[dict[str, Any]]] | None, now: datetime
) -> dict[str, Any]:
    """One group of changes written (or none: time alone), then the stamper run at ``now`` until it drains,
    with the marks it read and the items it gave a new number."""
    started = time.perf_counter()
    written = await write() if write is not None else {}
    write_s = time.perf_counter() - started
    before = await last_change()
    marks = await marks_waiting()
    stamped = await drain(now)
    changed = await changed_since(before)
    return {
        "change": label,
        "written": written,
        "write_seconds": round(write_s, 3),
        "marks": marks,
        "refresh_ms": _ms(stamped["seconds"]),
        "refresh_calls": stamped["refresh_calls"],
        **{
            key: value
            for key, value in stamped.items()
            if key.startswith(("batch", "longest", "first_batch", "busy", "roll"))
        },
        "items_changed": sum(n for states in changed.values() for n in states.values()),
        "items_changed_by_feed": changed,
    }


async def incremental(bookings: int, cancelled: int, built_at: datetime) -> list[dict[str, Any]]:
    """The changes, each group stamped at the build's own instant: the feeds were rolled then, so what each
    refresh does is what its marks reach, not time moving on (``ROLL_EVERY``). Time moving on is timed last on
    its own: five minutes later (slots crossing a space's notice) and a day later (a new day of slots in
    every window, the day that ended made tombstones)."""
    from bench.generate import TZ
    from scheduling.openactive.rolling import ROLL_EVERY
    from venues.core.timezones import zone

    venues = await _bench_venues()
    today = built_at.astimezone(zone(TZ)).date()
    # The busiest venues of the window get the one-day closure and the new hours (so they reach bookings).
    busy = await _rows(
        "SELECT venue, count(*) AS n FROM booking WHERE status = 'confirmed' AND starts_at >= {} AND starts_at < {} "
        "GROUP BY venue ORDER BY n DESC, venue",
        datetime.combine(today, wall(0), UTC),
        datetime.combine(today + timedelta(days=14), wall(0), UTC),
    )
    ranked = [int(row["venue"]) for row in busy if int(row["venue"]) in set(venues)] or venues
    return [
        await timed_refresh(f"{bookings} new bookings", lambda: new_bookings(venues, bookings, today), built_at),
        await timed_refresh(f"{cancelled} cancellations", lambda: cancellations(venues, cancelled, today), built_at),
        await timed_refresh("one venue closed a day", lambda: a_closure(ranked[0], today), built_at),
        await timed_refresh(
            "one venue's hours an hour shorter", lambda: an_hours_change(ranked[1 % len(ranked)]), built_at
        ),
        await timed_refresh("time: the next roll (5 minutes on)", None, built_at + ROLL_EVERY),
        await timed_refresh("time: a day on", None, built_at + timedelta(days=1)),
    ]


# ---------------------------------------------------------------- the whole run


async def openactive_scenarios(repeats: int = 5, bookings: int = 200, cancelled: int = 100) -> dict[str, Any]:
    """Build, walk and compare, then the changes, on the database DATABASE_URL names (pool started by the caller)."""
    from venues.core import clock

    log("first full build from a clean start")
    built_at = clock.now()
    build = await first_build(built_at)
    log(f"built in {build['seconds']:.1f}s: {build['items']}")
    feeds = await page_every_feed(repeats)
    log("changes through the write paths, each followed by refresh()")
    changes = await incremental(bookings, cancelled, built_at)
    return {
        "built_at": built_at.isoformat(),
        "build": build,
        "feeds": feeds,
        "changes": changes,
        "items_after": await item_counts(),
    }


def main(argv: list[str] | None = None) -> None:
    """``python -m bench.openactive_scenarios --size county --engine postgres [--reuse]``: generate (or reuse) the
    size's database as ``python -m bench run`` does, run the scenarios, write ``bench/results/<date>-openactive-
    <engine>.json`` (one record per size) and its ``.md``."""
    import argparse

    from bench import run as bench_run

    parser = argparse.ArgumentParser(prog="python -m bench.openactive_scenarios")
    parser.add_argument("--size", choices=["village", "town", "county", "nation"], default="village")
    parser.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="reuse today's generated data for this size and seed")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_POSTGRES_URL", bench_run.DEFAULT_PG))
    parser.add_argument("--repeats", type=int, default=5, help="reads of the first, middle and last page each")
    parser.add_argument("--bookings", type=int, default=200)
    parser.add_argument("--cancellations", type=int, default=100)
    parser.add_argument("--results", default=str(RESULTS_DIR))
    parser.add_argument("--smoke", action="store_true", help="CI: results to a temporary folder, not committed")
    parser.add_argument("--note", default="", help="what the code measured is, when it is not a commit of main")
    parser.add_argument(
        "--keep-reuse",
        action="store_true",
        help="development only: let --reuse take this world again although the run wrote changes into it",
    )
    args = parser.parse_args(argv)

    options = bench_run.Options(
        size=args.size,
        engine=args.engine,
        workers=1,
        duration=0,
        warmup=0,
        connections=1,
        threads=1,
        seed=args.seed,
        reuse=args.reuse,
        driver="httpx",
        pg_url=args.pg_url,
        results=Path(args.results),
        feeds_budget=0,
        smoke=args.smoke,
        report_repeats=0,
    )
    if options.engine == "postgres" and not bench_run._postgres_reachable(options.pg_url):
        raise SystemExit(f"openactive: PostgreSQL is unreachable at {options.pg_url} (set BENCH_POSTGRES_URL)")
    url = bench_run.database_url(options)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("COMMONROOM_SECRET", "commonroom-bench-secret")
    os.environ.setdefault("COMMONROOM_PUBLIC_URL", "http://bench")
    load_before = os.getloadavg()
    generation = bench_run.prepare_database(options, url)

    async def run() -> dict[str, Any]:
        from venues.core.database import close_pool, start_pool

        await start_pool()
        try:
            return await openactive_scenarios(args.repeats, args.bookings, args.cancellations)
        finally:
            await close_pool()

    try:
        measured = asyncio.run(run())
    finally:
        # The world now holds the changes: a later --reuse must not take it for the generator's.
        if not args.keep_reuse:
            bench_run.forget_generation(options)
    record = {
        "size": args.size,
        "engine": args.engine,
        "code": {**bench_run._code_version(), **({"note": args.note} if args.note else {})},
        "generation": generation,
        "when": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "machine": {
            "cpus": os.cpu_count(),
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in os.getloadavg()],
        },
        "settings": {"repeats": args.repeats, "http": "in process, httpx.ASGITransport", "seed": args.seed},
        **measured,
    }
    json_path, md_path = write_results(record, Path(args.results), args.smoke)
    print(md_path.read_text())
    log(f"wrote {json_path} and {md_path.name}")


def write_results(record: dict[str, Any], folder: Path, smoke: bool) -> tuple[Path, Path]:
    """The record into ``<date>-openactive-<engine>.json`` (keyed by size, other sizes kept) and its table."""
    import tempfile

    if smoke:
        folder = Path(tempfile.mkdtemp(prefix="bench-openactive-"))
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{datetime.now(UTC).date().isoformat()}-openactive-{record['engine']}"
    json_path, md_path = folder / f"{stem}.json", folder / f"{stem}.md"
    records = json.loads(json_path.read_text()) if json_path.exists() else {}
    records[record["size"]] = record
    order = ["village", "town", "county", "nation"]
    records = {size: records[size] for size in sorted(records, key=lambda s: order.index(s) if s in order else 9)}
    json_path.write_text(json.dumps(records, indent=2) + "\n")
    md_path.write_text(markdown(records))
    return json_path, md_path


def markdown(records: dict[str, Any]) -> str:
    """The tables of docs/performance.md's "OpenActive feeds (issue 18)" section, from the records."""
    lines = [
        "# OpenActive feeds",
        "",
        "In process (httpx ASGITransport); times are medians of repeated reads of that page (the first, the middle "
        "and the last full page); floor = the keyset query alone; OFFSET = the same page by LIMIT/OFFSET.",
        "",
        "| size | engine | feed | items | pages | first / middle / last full page | keyset floor | OFFSET | walk |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size, record in records.items():
        for feed, walked in record["feeds"].items():
            compared = walked["compared"]

            def three(key: str, compared: dict[str, Any] = compared) -> str:
                values = [compared[name][key] for name in ("first", "middle", "last_full") if name in compared]
                return " / ".join(f"{value:.2f}" for value in values) + " ms" if values else "–"

            lines.append(
                f"| {size} | {record['engine']} | {feed} | {walked['items']:,} | {walked['pages']:,} "
                f"| {three('http_ms')} | {three('keyset_floor_ms')} | {three('offset_ms')} "
                f"| {walked['walk_seconds']:.1f} s |"
            )
    lines += [
        "",
        "Marks: those waiting when the refresh began, with those time's roll wrote in its first batch. Batches: "
        "the stamper's transactions the refresh took; longest: the longest single one (on SQLite the longest "
        "hold of the write lock; a writer queued behind it waits at most the busy timeout, 5 s).",
        "",
        "| size | engine | first build | items | change | marks | refresh | items changed | batches | longest batch |",
        "| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]

    def batches(run: dict[str, Any]) -> str:
        if "longest_batch_ms" not in run:
            return "– | –"
        return f"{run['batches']:,} | {run['longest_batch_ms']:,.0f} ms"

    for size, record in records.items():
        build = record["build"]
        total = sum(build["items"][feed].get("updated", 0) for feed in build["items"])
        lines.append(
            f"| {size} | {record['engine']} | {build['seconds']:.1f} s | {total:,} | (the first build) "
            f"| – | {build['seconds'] * 1000:,.0f} ms | {build['returned_total']:,} | {batches(build)} |"
        )
        for change in record["changes"]:
            lines.append(
                f"| {size} | {record['engine']} | {build['seconds']:.1f} s | {total:,} | {change['change']} "
                f"| {change['marks'] + change.get('roll_marks', 0):,} | {change['refresh_ms']:.0f} ms | {change['items_changed']:,} "
                f"| {batches(change)} |"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
