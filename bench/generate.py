"""A seeded, bulk generator of realistic Commonroom data at four sizes (village, town, county, nation).

Venues are planned one at a time and forgotten: each venue's spaces, hours,
closures, rates, series and bookings are planned against that venue's own
occupancy map (the only cross-row state a booking needs, since a booking
never holds time outside its venue). Every row is given its id as it is planned (``Ids``: blocks of the
table's own sequence on PostgreSQL, counting on from the largest id on SQLite), so rows that point at each
other are queued together and written in bulk once per few venues, in reference order (``TABLE_ORDER``):
COPY on PostgreSQL, one prepared ``executemany`` on SQLite (``bulk_rows``), instead of inserts that return
ids. Memory is one transaction's rows at any size. On PostgreSQL the big sizes split the venues across
worker processes (``--jobs``; each venue draws from random streams of its own, so the world is the same
whichever process writes a venue); SQLite has one writer.

The rows obey the real invariants, because the database checks them as they are written: one
occupancy row per physical space of every booking that holds time
(requested or confirmed), widened by the space's set-up and clean-up
buffers, so the overlap guard (PostgreSQL exclusion constraint, SQLite
trigger) would refuse a clash; foreign keys, unique keys and the other checking triggers stay on too. Only
the OpenActive change-mark triggers are off during the load (``marks_off``): a world written before the feeds
existed has no marks, and the stamper's first run marks everything itself. Series occurrences are bookings
with ``series`` and ``recurrence_id`` taken from ``scheduling.recurrence.rules.expand``
(the app's own expansion, so feeds agree on every date); dates a venue is
closed are skipped, as ``skip_conflicts`` would; activities only on public
one-off bookings and public series; prices from ``quote_at`` and ``price_values`` (worked out once per kind
of space, tier, start and length, see ``Generator._price``); a ``created`` audit event per booking.
``publication_state`` is only bumped, once, at the end.

Generator version 4 (the bulk path): the same shapes and shares as version 3, but the values differ: each venue
has its own random streams (version 3 drew every venue from one), ids are handed out in blocks, and venues
are in areas of county size (``AREA_VENUES``): one area of every venue up to county, 25 at nation.

For reports the world is read as a hall reads its year once it is over: venues are in areas (``bench-county``
first), and most confirmed bookings of the generated year have a session record (some not held,
some never recorded, some with first-timers counted), as they would by the year's end (``report_as_of``).
Bookings carry the hire they were charged and what the standard tier would have charged (free and
low-cost hires valued below it), cancellations who called them off, and some listings are drop-ins. These
choices come from a random stream of their own, so the rest of the world is the same as without them.
For open data (generator version 3) every venue names its town and county (``locality``, ``region``: an
OpenActive postal address needs both), and a listing whose title is a physical activity on the OpenActive
Activity List (Pilates, Chair yoga, Zumba, Boxercise, Table tennis, Short mat bowls, Badminton: about a quarter
of listings) carries that concept as its organiser would choose it, except one in four left empty for the
feeds to match from the title; the rest (coffee mornings, choirs, lunch clubs) are not physical activity and
are not published. Whether the organiser chose comes from a random stream of its own, as above, so the rest of
the world is the same as before. Every venue publishes its spaces' slots with the defaults (hourly, 14 days).
"""

from __future__ import annotations

import json
import random
import sys
import time as clock
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

TZ = "Europe/London"
PASSWORD_HASH_OF = "bench-password"
VENUES_PER_TRANSACTION = 10
# The generated year: from this many days before the day of generation, for DAYS days.
DAYS_BEFORE = 30
DAYS = 365
AREA_SLUG = "bench-county"
# Venues per area: a county's (a council reports on its own area), so nation has 25 areas.
AREA_VENUES = 400
# Session records (shares of confirmed bookings): never recorded, recorded as not held; of those held, the
# share whose first-timers were counted.
UNRECORDED, NOT_HELD, FIRST_TIMERS_COUNTED = 0.08, 0.04, 0.4
# Every generated venue's county (its town is the place in its name).
REGION = "East Sussex"
# Listing titles that are a concept of the OpenActive Activity List (scheduling/openactive/data/activity-list.jsonld).
OPENACTIVE_CONCEPTS = {
    "Pilates": "https://openactive.io/activity-list#3a6b1c08-7aa6-48d4-9690-dca9e0133057",
    "Chair yoga": "https://openactive.io/activity-list#16b8fad0-68a1-4159-892d-c9b59dce03c8",
    "Zumba": "https://openactive.io/activity-list#78503fa2-ed24-4a80-a224-e2e94581d8a8",
    "Boxercise": "https://openactive.io/activity-list#25b963ea-e01e-4fd9-ba38-275f1d278ed6",
    "Table tennis": "https://openactive.io/activity-list#1a05993d-b206-4efe-85da-646fa340bdf4",
    "Short mat bowls": "https://openactive.io/activity-list#3f0def6f-600f-43d2-b86b-d4114231d50a",
    "Badminton": "https://openactive.io/activity-list#c0360db0-a817-4bae-9167-40f89b49fc9e",
}
# The share of those listings whose organiser chose the concept; the others are matched from the title.
CONCEPT_CHOSEN = 0.75


@dataclass(frozen=True)
class Size:
    name: str
    venues: int
    spaces: int
    bookings: int
    series: int
    groups: int
    residents: int


SIZES: dict[str, Size] = {
    "village": Size("village", venues=3, spaces=8, bookings=1_000, series=15, groups=12, residents=40),
    "town": Size("town", venues=40, spaces=120, bookings=20_000, series=300, groups=180, residents=400),
    "county": Size("county", venues=400, spaces=1_200, bookings=200_000, series=3_000, groups=1_500, residents=3_000),
    "nation": Size(
        "nation", venues=10_000, spaces=30_000, bookings=5_000_000, series=50_000, groups=37_500, residents=75_000
    ),
}

CATEGORIES = [
    ("coffee_morning", ["Coffee morning", "Cuppa and chat", "Community café"], "older_people", 0.18),
    ("exercise", ["Pilates", "Chair yoga", "Zumba", "Boxercise"], "adults", 0.16),
    ("family", ["Stay and play", "Toddler group", "Baby sensory"], "families", 0.12),
    ("youth_club", ["Youth club", "Scouts", "Brownies"], "young_people", 0.08),
    ("arts_and_crafts", ["Knit and natter", "Art club", "Sewing circle"], "all_ages", 0.08),
    ("music", ["Community choir", "Ukulele club", "Folk session"], "all_ages", 0.08),
    ("learning", ["Digital drop-in", "Conversation club", "History society"], "adults", 0.07),
    ("sport", ["Table tennis", "Short mat bowls", "Badminton"], "all_ages", 0.08),
    ("lunch_club", ["Lunch club", "Friday lunch"], "older_people", 0.05),
    ("support_group", ["Carers' group", "Bereavement café"], "adults", 0.04),
    ("faith", ["Prayer group", "Bible study"], "all_ages", 0.03),
    ("other", ["Repair café", "Parish meeting"], "all_ages", 0.03),
]
CATEGORY_WEIGHTS = [weight for *_, weight in CATEGORIES]
TAGS = ["beginners", "drop-in", "wheelchair-friendly", "tea", "outdoor", "quiet", "evening", "weekly"]
PLACES = ["Marsh", "Brook", "Oakley", "Hatton", "Ashby", "Wick", "Norton", "Fenby", "Cleeve", "Stow", "Hinton", "Lydd"]
SUFFIXES = ["Village Hall", "Community Centre", "Memorial Hall", "Hub", "Parish Rooms", "Scout Hut", "Sports Club"]
VENUE_KINDS = {
    "Village Hall": "village_hall",
    "Community Centre": "community_centre",
    "Memorial Hall": "village_hall",
    "Hub": "hub",
    "Parish Rooms": "faith_building",
    "Scout Hut": "other",
    "Sports Club": "sports_pitch",
}
# Weekly hours (Mon..Sun) by profile, local time.
HOURS = {
    "hall": [(time(8), time(22))] * 5 + [(time(9), time(23)), (time(10), time(18))],
    "hub": [(time(7, 30), time(21, 30))] * 6 + [(time(9), time(17))],
    "late": [(time(9), time(23))] * 7,
}
RATES = {"free": 0, "low_cost": 900, "standard": 1900, "commercial": 3600}
TIERS = [
    ("free", "Free", "Free-to-attend groups open to everyone."),
    ("low_cost", "Community", "Local charities, clubs and community groups."),
    ("standard", "Standard", "Private parties and individuals."),
    ("commercial", "Commercial", "Businesses and events run for profit."),
]


class Progress:
    """A plain progress line on stderr, redrawn at most five times a second."""

    def __init__(self, label: str, total: int, enabled: bool = True) -> None:
        self.label, self.total, self.done, self.enabled = label, total, 0, enabled
        self.started = clock.monotonic()
        self._drawn = 0.0

    def advance(self, count: int, note: str = "") -> None:
        self.done += count
        now = clock.monotonic()
        if self.enabled and (now - self._drawn > 0.2 or self.done >= self.total):
            self._drawn = now
            width = 30
            filled = int(width * min(1.0, self.done / max(1, self.total)))
            bar = "#" * filled + "-" * (width - filled)
            sys.stderr.write(
                f"\r{self.label} [{bar}] {self.done:,}/{self.total:,} bookings {note} {now - self.started:6.1f}s"
            )
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()


@dataclass(frozen=True)
class Record:
    """A session record of a booking: (held, headcount, first_timers), who, when."""

    held: bool
    headcount: int | None
    first_timers: int | None
    recorded_by: int | None
    recorded_at: datetime


async def bulk_rows(table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Rows into ``table`` inside the current transaction, by the engine's bulk path: COPY on PostgreSQL,
    one prepared ``executemany`` on SQLite (no per-row query building, no ids returned)."""
    from venues.core.database import current_engine, is_postgres

    if not rows:
        return
    engine = current_engine()
    transaction = engine.current_transaction.get()
    if transaction is None:
        raise RuntimeError("bulk_rows writes inside the generator's transaction")
    if is_postgres(engine):
        await transaction.connection.copy_records_to_table(table, records=rows, columns=columns)
    else:
        names = ", ".join(f'"{column}"' for column in columns)
        marks = ", ".join("?" for _ in columns)
        await transaction.connection.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)


async def _query(sql: str) -> list[dict[str, Any]]:
    from piccolo.querystring import QueryString

    from venues.core.database import current_engine

    return list(await current_engine().run_querystring(QueryString(sql)))


class Shape:
    """A table's columns in the order rows are written, with the value a new model instance takes for each
    column not given (so a row written here reads back as one the model saved would)."""

    def __init__(self, table: Any, with_id: bool) -> None:
        columns = [column for column in table._meta.columns if not column._meta.primary_key]
        blank = table()
        self.table: str = table._meta.tablename
        self.with_id = with_id
        self.names = [column._meta.name for column in columns]
        self.columns = (["id"] if with_id else []) + [column._meta.db_column_name for column in columns]
        self.defaults = {name: _plain(getattr(blank, name)) for name in self.names}
        self._order = list(self.defaults.items())

    def row(self, row_id: int | None, values: dict[str, Any]) -> tuple[Any, ...]:
        cells = [values[name] if name in values else default for name, default in self._order]
        return (row_id, *cells) if self.with_id else tuple(cells)

    def value(self, values: dict[str, Any], name: str) -> Any:
        return values[name] if name in values else self.defaults[name]


def _plain(value: Any) -> Any:
    from enum import Enum

    return value.value if isinstance(value, Enum) else value


# The order tables are written in at each commit, so every reference points at a row already there.
TABLE_ORDER = [
    "app_user",
    "community_group",
    "group_organiser",
    "venue",
    "venue_manager",
    "price_tier",
    "opening_hours",
    "closure",
    "space",
    "space_part",
    "space_rate",
    "series",
    "booking",
    "occupancy",
    "booking_event",
    "activity",
    "session_record",
]


def shapes() -> dict[str, Shape]:
    """Every table the generator writes, by name; ids are given where other rows point at them."""
    from scheduling.models import (
        Activity,
        Booking,
        BookingEvent,
        Group,
        GroupOrganiser,
        Occupancy,
        Series,
        SessionRecord,
    )
    from venues.models import Closure, OpeningHours, PriceTier, Space, SpacePart, SpaceRate, User, Venue, VenueManager

    found = [
        Shape(User, True),
        Shape(Group, True),
        Shape(GroupOrganiser, False),
        Shape(Venue, True),
        Shape(VenueManager, False),
        Shape(PriceTier, True),
        Shape(OpeningHours, False),
        Shape(Closure, False),
        Shape(Space, True),
        Shape(SpacePart, False),
        Shape(SpaceRate, False),
        Shape(Series, True),
        Shape(Booking, True),
        Shape(Occupancy, False),
        Shape(BookingEvent, False),
        Shape(Activity, False),
        Shape(SessionRecord, False),
    ]
    by_table = {shape.table: shape for shape in found}
    assert list(by_table) == TABLE_ORDER, list(by_table)
    return by_table


class Ids:
    """Ids handed out before the rows are written, so rows that point at each other go out in bulk together.

    PostgreSQL: blocks of the table's own sequence (``nextval``), so several writing processes never share
    one and the sequence needs no fixing afterwards. SQLite (one writer): counting on from the table's
    largest id (a row given its id moves SQLite's own counter on)."""

    def __init__(self, postgres: bool) -> None:
        self.postgres = postgres
        self.free: dict[str, list[int]] = defaultdict(list)
        self.last: dict[str, int] = {}

    async def take(self, table: str, block: int = 1000) -> int:
        free = self.free[table]
        if not free:
            free.extend(reversed(await self._reserve(table, block)))
        return free.pop()

    async def _reserve(self, table: str, block: int) -> list[int]:
        if self.postgres:
            rows = await _query(
                f"SELECT nextval(pg_get_serial_sequence('\"{table}\"', 'id')) AS id FROM generate_series(1, {block})"
            )
            return sorted(int(row["id"]) for row in rows)
        if table not in self.last:
            self.last[table] = int((await _query(f'SELECT coalesce(max(id), 0) AS n FROM "{table}"'))[0]["n"])
        first = self.last[table] + 1
        self.last[table] += block
        return list(range(first, first + block))


class Out:
    """Rows waiting for the next commit, by table; written in ``TABLE_ORDER`` by the bulk path."""

    def __init__(self, progress: Progress) -> None:
        self.shapes = shapes()
        self.rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        self.counts: dict[str, int] = defaultdict(int)
        self.progress = progress

    def add(self, table: str, row_id: int | None, values: dict[str, Any]) -> None:
        self.rows[table].append(self.shapes[table].row(row_id, values))

    async def flush(self) -> None:
        for table in TABLE_ORDER:
            rows = self.rows.pop(table, None)
            if rows:
                await bulk_rows(table, self.shapes[table].columns, rows)
                self.counts[table] += len(rows)
                if table == "booking":
                    self.progress.advance(len(rows))


def apportion(total: int, parts: int, index: int) -> int:
    """The ``index``-th of ``parts`` near-equal whole shares of ``total``."""
    return total * (index + 1) // parts - total * index // parts


class Busy:
    """One venue's held time: per physical space and local date, intervals in minutes with buffers."""

    def __init__(self) -> None:
        self.days: dict[tuple[int, date], list[tuple[int, int]]] = defaultdict(list)

    def free(self, parts: tuple[int, ...], day: date, start: int, end: int) -> bool:
        return all(not (a < end and start < b) for part in parts for a, b in self.days[(part, day)])

    def hold(self, parts: tuple[int, ...], day: date, start: int, end: int) -> None:
        for part in parts:
            self.days[(part, day)].append((start, end))


def minutes(at: time) -> int:
    return at.hour * 60 + at.minute


def at_minutes(value: int) -> time:
    return time(value // 60, value % 60)


@dataclass(frozen=True)
class SpaceRow:
    """What the generator keeps of a space it wrote."""

    id: int
    venue: int
    name: str
    kind: str
    capacity: int
    horizon_days: int


@dataclass(frozen=True)
class TierRow:
    id: int
    venue: int
    kind: str
    name: str


@dataclass
class SpacePlan:
    """A space as the generator plans against it: ``parts`` are the physical spaces a booking holds."""

    row: SpaceRow
    parts: tuple[int, ...]
    setup: int
    cleanup: int
    # Hourly rate (minor units) by tier id.
    rate_by_tier: dict[int, int] = field(default_factory=dict)
    # The venue's standard tier, for the hire's standard price every booking fixes with its own.
    standard_tier: TierRow | None = None


# The audited booking fields that hold instants (JSON as ISO 8601 UTC); the others are JSON as they are.
INSTANTS = frozenset({"starts_at", "ends_at"})


class Generator:
    """Writes one size's world, or (``worker``) one process's share of its venues."""

    def __init__(
        self,
        size: Size,
        seed: int,
        today: date,
        show_progress: bool = True,
        worker: tuple[int, int] = (0, 1),
        postgres: bool = True,
    ) -> None:
        self.size, self.seed = size, seed
        # People come from this stream; each venue has streams of its own (``_streams``), so a venue is the
        # same whichever process writes it.
        self.random = random.Random(f"{seed}:{size.name}")
        self.reporting = random.Random(f"{seed}:{size.name}:reports")
        self.open_data = random.Random(f"{seed}:{size.name}:openactive")
        self.today = today
        self.first_day, self.days = generated_year(today)
        self.as_of = report_as_of(today)
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.worker = worker
        self.venue_indexes = range(worker[0], size.venues, worker[1])
        share = sum(apportion(size.bookings, size.venues, index) for index in self.venue_indexes)
        self.progress = Progress(f"generate {size.name}", share, show_progress)
        self.out = Out(self.progress)
        self.ids = Ids(postgres)
        self.zone = zone_of(TZ)
        self.residents: list[tuple[int, str, str]] = []
        self.groups: list[tuple[int, str]] = []
        self.series_written = 0
        self.prices: dict[tuple[Any, ...], tuple[int, str, str, int, int | None]] = {}

    def _streams(self, index: int) -> None:
        base = f"{self.seed}:{self.size.name}:venue:{index}"
        self.random = random.Random(base)
        self.reporting = random.Random(f"{base}:reports")
        self.open_data = random.Random(f"{base}:openactive")

    async def run_venues(self) -> dict[str, int]:
        """This process's venues, a transaction per few (people must be written already)."""
        from venues.core.database import current_engine

        engine = current_engine()
        await self._load_people()
        indexes = list(self.venue_indexes)
        for first in range(0, len(indexes), VENUES_PER_TRANSACTION):
            async with engine.transaction():
                await self._quick_commit()
                for index in indexes[first : first + VENUES_PER_TRANSACTION]:
                    await self._venue(index)
                await self.out.flush()
        self.progress.close()
        counts = self.out.counts
        return {
            "bookings": counts["booking"],
            "occupancy": counts["occupancy"],
            "booking_events": counts["booking_event"],
            "activities": counts["activity"],
            "session_records": counts["session_record"],
            "series": self.series_written,
        }

    async def _quick_commit(self) -> None:
        """PostgreSQL: this transaction's commit does not wait for its WAL to reach the disk (a crash would lose
        the last few commits of a load that is rerun anyway; nothing is left half-written)."""
        if self.ids.postgres:
            await _query("SET LOCAL synchronous_commit = off")

    async def people(self) -> None:
        """Residents, groups and their organisers, from the size's own stream."""
        from venues.core.database import current_engine

        size, rnd, out = self.size, self.random, self.out
        async with current_engine().transaction():
            for n in range(size.residents):
                user_id = await self.ids.take("app_user")
                out.add(
                    "app_user",
                    user_id,
                    {
                        "email": f"resident{n}@bench.example",
                        "display_name": f"Resident {n}",
                        "password_hash": self.password_hash,
                    },
                )
                self.residents.append((user_id, f"Resident {n}", f"resident{n}@bench.example"))
            for n in range(size.groups):
                place = rnd.choice(PLACES)
                category, titles, *_ = rnd.choices(CATEGORIES, CATEGORY_WEIGHTS)[0]
                name = f"{place} {rnd.choice(titles)} {n}"
                group_id = await self.ids.take("community_group")
                out.add(
                    "community_group",
                    group_id,
                    {
                        "name": name,
                        "slug": f"bench-group-{n}",
                        "description": f"A {category.replace('_', ' ')} group.",
                        "public_email": f"group{n}@bench.example",
                        "private_email": f"organiser{n}@bench.example",
                    },
                )
                self.groups.append((group_id, name))
            for index, (group_id, _) in enumerate(self.groups):
                out.add(
                    "group_organiser", None, {"group": group_id, "user": self.residents[index % len(self.residents)][0]}
                )
            await out.flush()

    async def _load_people(self) -> None:
        """The residents and groups ``people`` wrote, in the order it wrote them (a worker reads them back)."""
        if self.residents:
            return
        users = await _query(
            "SELECT id, display_name, email FROM app_user WHERE email LIKE 'resident%@bench.example' ORDER BY id"
        )
        self.residents = [(int(row["id"]), row["display_name"], row["email"]) for row in users]
        groups = await _query("SELECT id, name FROM community_group WHERE slug LIKE 'bench-group-%' ORDER BY id")
        self.groups = [(int(row["id"]), row["name"]) for row in groups]
        if len(self.residents) != self.size.residents or len(self.groups) != self.size.groups:
            raise RuntimeError("The bench's residents and groups are not all written yet.")

    @property
    def password_hash(self) -> str:
        if not hasattr(self, "_password_hash"):
            from venues.accounts.credentials import hash_password

            # One argon2 hash for every generated account: hashing thousands of passwords would be the slowest step.
            self._password_hash = hash_password(PASSWORD_HASH_OF)
        return self._password_hash

    async def _venue(self, index: int) -> None:
        self._streams(index)
        size, rnd, out, ids = self.size, self.random, self.out, self.ids
        place, suffix = PLACES[index % len(PLACES)], SUFFIXES[(index // len(PLACES)) % len(SUFFIXES)]
        name = f"{place} {suffix}" + (
            f" {index // (len(PLACES) * len(SUFFIXES)) + 1}" if index >= len(PLACES) * len(SUFFIXES) else ""
        )
        venue_id = await ids.take("venue", 100)
        out.add(
            "venue",
            venue_id,
            {
                "name": name,
                "slug": f"bench-venue-{index}",
                "kind": VENUE_KINDS[suffix],
                "description": f"{name}: a community-run venue.",
                "address": f"{index + 1} High Street, {place}",
                "locality": place,
                "region": REGION,
                "postcode": f"BN{index % 90 + 1} {index % 9 + 1}AB",
                "latitude": round(51.0 + rnd.random() * 0.8, 5),
                "longitude": round(-1.2 + rnd.random() * 1.2, 5),
                "timezone": TZ,
                "accessibility": sorted(
                    rnd.sample(["step_free", "accessible_toilet", "hearing_loop", "parking", "baby_change"], 2)
                ),
                "public_email": f"bookings{index}@bench.example",
                "private_email": f"manager{index}@bench.example",
            },
        )
        manager_id = await ids.take("app_user", 100)
        out.add(
            "app_user",
            manager_id,
            {
                "email": f"manager{index}@bench.example",
                "display_name": f"Manager {index}",
                "password_hash": self.password_hash,
            },
        )
        out.add("venue_manager", None, {"venue": venue_id, "user": manager_id})
        tier_rows: dict[str, TierRow] = {}
        for position, (kind, label, text) in enumerate(TIERS):
            tier = TierRow(await ids.take("price_tier", 400), venue_id, kind, label)
            out.add(
                "price_tier",
                tier.id,
                {"venue": venue_id, "kind": kind, "name": label, "description": text, "position": position},
            )
            tier_rows[kind] = tier

        profile = rnd.choice(list(HOURS))
        for day, (opens, closes) in enumerate(HOURS[profile]):
            out.add("opening_hours", None, {"venue": venue_id, "weekday": day, "opens": opens, "closes": closes})
        # Christmas and Boxing Day: series dates there are skipped, as skip_conflicts would.
        christmas = [date(year, 12, 25) for year in (self.first_day.year, self.first_day.year + 1)]
        for holiday in christmas:
            out.add(
                "closure",
                None,
                {
                    "venue": venue_id,
                    "starts_on": holiday,
                    "ends_on": holiday + timedelta(days=1),
                    "reason": "Christmas",
                },
            )
        closed = {day + timedelta(days=offset) for day in christmas for offset in (0, 1)}

        count = apportion(size.spaces, size.venues, index)
        combined = count >= 3 and index % 4 == 0
        templates = (
            [
                ("Main hall", "hall", 120, 15, 15, True),
                ("Small hall", "hall", 40, 0, 15, True),
                ("Whole hall", "hall", 160, 30, 30, True),
            ]
            if combined
            else [
                ("Main hall", "hall", 120, 15, 15, True),
                ("Meeting room", "meeting_room", 12, 0, 0, False),
                ("Kitchen", "kitchen", 8, 0, 15, False),
                ("Studio", "studio", 30, 0, 10, True),
            ]
        )
        while len(templates) < count:
            templates.append((f"Room {len(templates) + 1}", "meeting_room", 20, 0, 10, False))
        spaces: list[SpacePlan] = []
        for label, kind, capacity, setup, cleanup, approval in templates[:count]:
            space = SpaceRow(await ids.take("space", 400), venue_id, label, kind, capacity, 365)
            out.add(
                "space",
                space.id,
                {
                    "venue": venue_id,
                    "name": label,
                    "kind": kind,
                    "capacity": capacity,
                    "facilities": ["tables_chairs", "wifi"],
                    "setup_buffer_minutes": setup,
                    "cleanup_buffer_minutes": cleanup,
                    "min_notice_minutes": 24 * 60,
                    "horizon_days": 365,
                    "requires_approval": approval,
                    "min_booking_minutes": 30,
                    "max_booking_minutes": 8 * 60,
                },
            )
            spaces.append(SpacePlan(space, (space.id,), setup, cleanup))
        if combined:
            whole = spaces[2]
            whole.parts = tuple(sorted((spaces[0].row.id, spaces[1].row.id)))
            for part in whole.parts:
                out.add("space_part", None, {"combined": whole.row.id, "part": part})
        for plan in spaces:
            scale = 0.5 if plan.row.kind in ("meeting_room", "kitchen") else 1.0
            for kind, tier in tier_rows.items():
                rate = int(RATES[kind] * scale)
                out.add("space_rate", None, {"space": plan.row.id, "tier": tier.id, "hourly_rate_minor": rate})
                plan.rate_by_tier[tier.id] = rate
                if kind == "standard":
                    plan.standard_tier = tier

        busy = Busy()
        weekly = HOURS[profile]
        booked = await self._series(index, venue_id, manager_id, spaces, tier_rows, weekly, busy, closed)
        one_offs = max(0, apportion(size.bookings, size.venues, index) - booked)
        await self._one_offs(venue_id, manager_id, spaces, tier_rows, weekly, busy, closed, one_offs)

    async def _series(
        self,
        index: int,
        venue_id: int,
        manager_id: int,
        spaces: list[SpacePlan],
        tiers: dict[str, TierRow],
        weekly: list[tuple[time, time]],
        busy: Busy,
        closed: set[date],
    ) -> int:
        from scheduling.recurrence.rules import Schedule, expand, format_rrule, parse_rrule

        rnd, count = self.random, apportion(self.size.series, self.size.venues, index)
        weekly_slots: dict[int, list[tuple[int, int, int]]] = defaultdict(list)  # part -> (weekday, start, end)
        written = 0
        for _ in range(count):
            for _attempt in range(40):
                plan = rnd.choice(spaces)
                weekday = rnd.randrange(7)
                opens, closes = (minutes(t) for t in weekly[weekday])
                length = rnd.choice([60, 90, 120])
                start = (
                    rnd.randrange(opens + plan.setup, closes - plan.cleanup - length + 1, 30)
                    if closes - opens > length + plan.setup + plan.cleanup + 30
                    else None
                )
                if start is None:
                    continue
                lo, hi = start - plan.setup, start + length + plan.cleanup
                if all(
                    not (d == weekday and a < hi and lo < b) for part in plan.parts for d, a, b in weekly_slots[part]
                ):
                    break
            else:
                continue
            for part in plan.parts:
                weekly_slots[part].append((weekday, lo, hi))
            first = self.first_day + timedelta(days=rnd.randrange(28))
            first += timedelta(days=(weekday - first.weekday()) % 7)
            rule = parse_rrule(f"FREQ=WEEKLY;BYDAY={'MO TU WE TH FR SA SU'.split()[weekday]};COUNT=52")
            schedule = Schedule(rule, first, at_minutes(start), at_minutes(start + length), TZ)
            window_end = self.now + timedelta(days=plan.row.horizon_days)
            starts = datetime.combine(first, time(0), UTC) - timedelta(days=1)
            expansion = expand(schedule, starts, window_end)
            group_id, group_name = rnd.choice(self.groups)
            category, titles, audience, _ = rnd.choices(CATEGORIES, CATEGORY_WEIGHTS)[0]
            title = rnd.choice(titles)
            created = self.now - timedelta(days=40 + rnd.randrange(60))
            # A quarter of the groups' weekly sessions are given free, the rest at the community rate.
            tier = tiers["free"] if self.reporting.random() < 0.25 else tiers["low_cost"]
            series_id = await self.ids.take("series", 100)
            self.out.add(
                "series",
                series_id,
                {
                    "uid": uuid.uuid4().hex,
                    "venue": venue_id,
                    "space": plan.row.id,
                    "group": group_id,
                    "booked_by": manager_id,
                    "rrule": format_rrule(rule),
                    "dtstart": schedule.start_date,
                    "start_time": schedule.start_time,
                    "end_time": schedule.end_time,
                    "timezone": TZ,
                    "until": None,
                    "occurrence_count": 52,
                    "materialised_until": expansion.covered_until,
                    "status": "active",
                    "title": title,
                    "is_public": True,
                    "tier": tier.id,
                    "attendance": rnd.randrange(6, 40),
                    "booker_name": group_name,
                    "booker_email": f"organiser{group_id}@bench.example",
                    "purpose": f"{title} every week",
                    "sequence": 0,
                    "created_at": created,
                    "updated_at": created,
                },
            )
            self.out.add("activity", None, {"series": series_id, **self._activity(category, title, audience)})
            self.series_written += 1
            for occurrence in expansion.occurrences:
                if occurrence.local_date in closed:
                    continue
                busy.hold(plan.parts, occurrence.local_date, lo, hi)
                booking = self._booking(
                    venue_id,
                    plan,
                    tier,
                    occurrence.starts_at,
                    occurrence.ends_at,
                    status="confirmed",
                    is_public=True,
                    title=title,
                    group=group_id,
                    booked_by=manager_id,
                    booker=(group_name, f"organiser{group_id}@bench.example"),
                    created=created,
                    series=series_id,
                    recurrence_id=occurrence.starts_at,
                )
                await self._queue(booking, plan, None, series_id=series_id)
                written += 1
        return written

    def _activity(self, category: str, title: str, audience: str) -> dict[str, Any]:
        rnd = self.random
        cost = rnd.choices(["free", "pay_what_you_can", "priced"], [0.5, 0.2, 0.3])[0]
        return {
            "title": title,
            "description": f"{title}: everyone welcome.",
            "category": category,
            "tags": sorted(rnd.sample(TAGS, rnd.randrange(0, 3))),
            "audience": audience,
            "cost_kind": cost,
            "price_minor": rnd.choice([200, 300, 450, 500]) if cost == "priced" else 0,
            "currency": "GBP",
            "book_ahead": rnd.random() < 0.2,
            # "Come along any time": most often cafés, craft circles and drop-in help, sometimes anything else.
            "drop_in": self.reporting.random()
            < (0.5 if category in ("coffee_morning", "arts_and_crafts", "learning") else 0.08),
            "accessibility_notes": "Step-free entrance." if rnd.random() < 0.4 else "",
            "public_email": "",
            "public_phone": "",
            "public_url": "",
            "openactive_activity": self._concept(title),
        }

    def _concept(self, title: str) -> str:
        """The listing's OpenActive concept as its organiser set it: chosen, left to the title, or none."""
        concept = OPENACTIVE_CONCEPTS.get(title)
        if concept is None:
            return ""
        return concept if self.open_data.random() < CONCEPT_CHOSEN else ""

    def _booking(
        self,
        venue_id: int,
        plan: SpacePlan,
        tier: TierRow,
        starts: datetime,
        ends: datetime,
        *,
        status: str,
        is_public: bool,
        title: str,
        group: int | None,
        booked_by: int | None,
        booker: tuple[str, str],
        created: datetime,
        series: int | None = None,
        recurrence_id: datetime | None = None,
    ) -> dict[str, Any]:
        """A booking's column values (those left out take the model's defaults)."""
        booking = {
            "uid": uuid.uuid4().hex,
            "venue": venue_id,
            "space": plan.row.id,
            "group": group,
            "series": series,
            "recurrence_id": recurrence_id,
            "detached": False,
            "booked_by": booked_by,
            "booker_name": booker[0],
            "booker_email": booker[1],
            "booker_phone": "",
            "title": title,
            "purpose": "" if is_public else "Private event",
            "attendance": self.random.randrange(4, max(5, plan.row.capacity)),
            "is_public": is_public,
            "status": status,
            "starts_at": starts,
            "ends_at": ends,
            "tier": tier.id,
            "rules_overridden": False,
            "sequence": 0,
            "created_at": min(created, starts),
            "updated_at": min(created, starts),
        }
        if status in ("confirmed", "cancelled"):
            booking.update(self._price(plan, tier, starts, ends))
        return booking

    def _price(self, plan: SpacePlan, tier: TierRow, starts: datetime, ends: datetime) -> dict[str, Any]:
        """The price columns ``price_values`` fixes, worked out once per space name, rates, tier, local start and
        length (all a flat hourly rate on one day depends on: the generator sets no charge rules) and reused with
        each booking's own space and tier ids."""
        local = starts.astimezone(self.zone)
        length = int((ends - starts).total_seconds()) // 60
        standard = plan.standard_tier
        key: tuple[Any, ...] = (plan.row.name, plan.rate_by_tier[tier.id], tier.kind, tier.name)
        key += (local.hour, local.minute, length, plan.rate_by_tier[standard.id] if standard else None)
        found = self.prices.get(key)
        if found is None:
            found = self.prices[key] = self._work_out_price(plan, tier, starts, ends)
        price_minor, currency, tail, hire, standard_hire = found
        return {
            "price_minor": price_minor,
            "currency": currency,
            "price_breakdown": f'{{"space_id": {plan.row.id}, "tier_id": {tier.id}, {tail}',
            "hire_minor": hire,
            "standard_hire_minor": standard_hire,
        }

    def _work_out_price(
        self, plan: SpacePlan, tier: TierRow, starts: datetime, ends: datetime
    ) -> tuple[int, str, str, int, int | None]:
        from types import SimpleNamespace

        from scheduling.bookings.workflow import price_values
        from scheduling.pricing.charges import Charges
        from scheduling.pricing.quotes import quote_at
        from scheduling.pricing.standard import NO_STANDARD, Standard

        # Stand-ins with the attributes pricing reads (a model instance costs more than the pricing itself).
        row = plan.row
        space: Any = SimpleNamespace(id=row.id, venue=row.venue, name=row.name, kind=row.kind)

        def charges(found: TierRow) -> Charges:
            rate: Any = SimpleNamespace(hourly_rate_minor=plan.rate_by_tier[found.id], currency="GBP", deposit_minor=0)
            return Charges(rate, tz=TZ)

        priced_at: Any = tier
        standard_tier: Any = plan.standard_tier
        priced = quote_at(space, priced_at, charges(tier), starts, ends)
        standard = Standard(standard_tier, charges(standard_tier)) if standard_tier else NO_STANDARD
        values = price_values(priced, standard, space, starts, ends)
        prefix = f'{{"space_id": {row.id}, "tier_id": {tier.id}, '
        breakdown = values["price_breakdown"]
        if not breakdown.startswith(prefix):
            raise RuntimeError(f"A price breakdown no longer starts with its space and tier: {breakdown[:80]}")
        return (
            values["price_minor"],
            values["currency"],
            breakdown[len(prefix) :],
            values["hire_minor"],
            values["standard_hire_minor"],
        )

    def _record(self, booking: dict[str, Any], recorder: int | None) -> Record | None:
        """What was recorded of a confirmed booking by the year's end: mostly a headcount, sometimes that it
        was not held, sometimes nothing; first-timers counted at some sessions."""
        rnd = self.reporting
        if booking["status"] != "confirmed" or booking["starts_at"] >= self.as_of:
            return None
        roll = rnd.random()
        if roll < UNRECORDED:
            return None
        recorded_at = min(self.as_of, booking["ends_at"] + timedelta(hours=rnd.randrange(1, 48)))
        if roll < UNRECORDED + NOT_HELD:
            return Record(False, None, None, recorder, recorded_at)
        headcount = max(1, round(booking["attendance"] * rnd.uniform(0.5, 1.2)))
        first_timers = rnd.randrange(0, headcount // 5 + 2) if rnd.random() < FIRST_TIMERS_COUNTED else None
        return Record(
            True, headcount, min(first_timers, headcount) if first_timers is not None else None, recorder, recorded_at
        )

    async def _queue(
        self,
        booking: dict[str, Any],
        plan: SpacePlan,
        activity: dict[str, Any] | None,
        series_id: int | None = None,
    ) -> None:
        """The booking with its held time (one occupancy row per physical space, widened by the buffers), its
        ``created`` audit event, its listing and its session record."""
        from scheduling.bookings.audit import jsonable
        from scheduling.bookings.workflow import AUDITED

        out = self.out
        shape = out.shapes["booking"]
        booking_id = await self.ids.take("booking", 5000)
        out.add("booking", booking_id, booking)
        if booking["status"] in ("requested", "confirmed"):
            lo = int(booking["starts_at"].timestamp()) - plan.setup * 60
            hi = int(booking["ends_at"].timestamp()) + plan.cleanup * 60
            for part in sorted(plan.parts):
                out.add("occupancy", None, {"booking": booking_id, "space": part, "starts_ts": lo, "ends_ts": hi})
        # ``diff({}, snapshot(booking))``: every audited field that is not None, as [None, its JSON value].
        changes = {}
        for key in AUDITED:
            value = booking[key] if key in booking else shape.defaults[key]
            if value is not None:
                changes[key] = [None, jsonable(value) if key in INSTANTS else value]
        if series_id is not None:
            changes.update(series=[None, series_id], recurrence_id=[None, jsonable(booking["recurrence_id"])])
        out.add(
            "booking_event",
            None,
            {
                "booking": booking_id,
                "actor": booking["booked_by"],
                "at": booking["created_at"],
                "action": "created",
                "changes": json.dumps(changes),
                "reason": "",
            },
        )
        if activity is not None:
            out.add("activity", None, {"booking": booking_id, **activity})
        record = self._record(booking, booking["booked_by"])
        if record is not None:
            out.add(
                "session_record",
                None,
                {
                    "booking": booking_id,
                    "held": record.held,
                    "headcount": record.headcount,
                    "first_timers": record.first_timers,
                    "recorded_by": record.recorded_by,
                    "recorded_at": record.recorded_at,
                },
            )

    async def _one_offs(
        self,
        venue_id: int,
        manager_id: int,
        spaces: list[SpacePlan],
        tiers: dict[str, TierRow],
        weekly: list[tuple[time, time]],
        busy: Busy,
        closed: set[date],
        count: int,
    ) -> None:
        from venues.core.timezones import local_datetime, to_utc

        rnd = self.random
        weights = [3 if plan.row.kind == "hall" else 1 for plan in spaces]
        made = attempts = 0
        while made < count and attempts < count * 30:
            attempts += 1
            plan = rnd.choices(spaces, weights)[0]
            day = self.first_day + timedelta(days=rnd.randrange(self.days))
            if day in closed:
                continue
            opens, closes = (minutes(t) for t in weekly[day.weekday()])
            length = rnd.choice([60, 60, 90, 120, 120, 180, 240])
            latest = closes - plan.cleanup - length
            earliest = opens + plan.setup
            if latest < earliest:
                continue
            start = earliest + rnd.randrange((latest - earliest) // 30 + 1) * 30
            lo, hi = start - plan.setup, start + length + plan.cleanup
            status = rnd.choices(["confirmed", "requested", "cancelled", "declined"], [0.85, 0.07, 0.05, 0.03])[0]
            holds_time = status in ("confirmed", "requested")
            if holds_time and not busy.free(plan.parts, day, lo, hi):
                continue
            if holds_time:
                busy.hold(plan.parts, day, lo, hi)
            starts = to_utc(local_datetime(day, at_minutes(start), TZ), TZ)
            ends = to_utc(local_datetime(day, at_minutes(start + length), TZ), TZ)
            public = status == "confirmed" and rnd.random() < 0.3
            group_id, group_name = rnd.choice(self.groups) if rnd.random() < 0.4 else (None, "")
            resident_id, resident_name, resident_email = rnd.choice(self.residents)
            activity = None
            if public:
                category, titles, audience, _ = rnd.choices(CATEGORIES, CATEGORY_WEIGHTS)[0]
                title = rnd.choice(titles)
                activity = self._activity(category, title, audience)
            else:
                title = rnd.choice(
                    ["Birthday party", "Committee meeting", "Wedding reception", "Training day", "Rehearsal"]
                )
            tier = tiers["low_cost"] if group_id else tiers["standard"]
            if group_id and self.reporting.random() < 0.3:
                tier = tiers["free"]
            created = min(self.now, starts) - timedelta(days=rnd.randrange(1, 60))
            booking = self._booking(
                venue_id,
                plan,
                tier,
                starts,
                ends,
                status=status,
                is_public=public,
                title=title,
                group=group_id,
                booked_by=resident_id,
                booker=(resident_name, resident_email),
                created=created,
            )
            if status == "cancelled" and self.reporting.random() < 0.25:
                booking["cancelled_by"], booking["status_reason"] = "venue", "The hall is needed that day"
            elif status == "cancelled":
                booking["cancelled_by"], booking["status_reason"] = "hirer", "Plans changed"
            elif status == "declined":
                booking["status_reason"] = "The hall is needed that day"
            await self._queue(booking, plan, activity)
            made += 1


def zone_of(name: str) -> Any:
    from venues.core.timezones import zone

    return zone(name)


async def write_areas(size: Size) -> int:
    """The venues in areas of a county's size (``AREA_VENUES`` each, in venue order), each read by one officer
    (a resident): one area holding every venue up to county, 25 at nation. The first is ``AREA_SLUG``."""
    from venues.models import Area, AreaOfficer

    venues = await _query("SELECT id, slug FROM venue WHERE slug LIKE 'bench-venue-%'")
    ordered = sorted((int(row["slug"].rsplit("-", 1)[1]), int(row["id"])) for row in venues)
    residents = await _query("SELECT id FROM app_user WHERE email LIKE 'resident%@bench.example' ORDER BY id")
    count = max(1, -(-len(ordered) // AREA_VENUES))
    for number in range(count):
        members = ordered[number * len(ordered) // count : (number + 1) * len(ordered) // count]
        single = count == 1
        area = Area(
            name=f"{size.name.capitalize()} halls" + ("" if single else f", area {number + 1}"),
            slug=AREA_SLUG if number == 0 else f"{AREA_SLUG}-{number + 1}",
            description="Every bench venue." if single else f"Bench venues {members[0][0]} to {members[-1][0]}.",
        )
        await area.save()
        await bulk_rows("area_venue", ["area", "venue"], [(area.id, venue_id) for _, venue_id in members])
        await AreaOfficer(area=area.id, user=int(residents[number % len(residents)]["id"])).save()
    return count


# The OpenActive change-mark triggers (migration scheduling_2026_11_30t02_10_00): off while the world is written,
# so a row costs no mark (a world written before the feeds existed has none; the stamper's first run marks
# everything itself). Only these: the overlap guard and every other check stay on.
MARK_TRIGGERS = "openactive_mark_%"


async def marks_off() -> list[tuple[str, str]]:
    """Switch the mark triggers off; returns what ``marks_on`` needs to switch them back."""
    from venues.core.database import is_postgres

    if is_postgres():
        rows = await _query(
            "SELECT tgname AS name, tgrelid::regclass::text AS tbl FROM pg_trigger "
            f"WHERE NOT tgisinternal AND tgname LIKE '{MARK_TRIGGERS}'"
        )
        found = [(row["name"], row["tbl"]) for row in rows]
        for name, table in found:
            await _query(f"ALTER TABLE {table} DISABLE TRIGGER {name}")
        return found
    rows = await _query(f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '{MARK_TRIGGERS}'")
    found = [(row["name"], row["sql"]) for row in rows]
    for name, _ in found:
        await _query(f'DROP TRIGGER "{name}"')
    return found


async def marks_on(found: list[tuple[str, str]]) -> None:
    from venues.core.database import is_postgres

    for name, detail in found:
        await _query(f"ALTER TABLE {detail} ENABLE TRIGGER {name}" if is_postgres() else detail)


def generated_year(today: date) -> tuple[date, int]:
    """The first local date of the data generated on ``today``, and how many days it covers."""
    return today - timedelta(days=DAYS_BEFORE), DAYS


def report_as_of(today: date) -> datetime:
    """The instant reports are read at: local midnight after the generated year, once every session is over."""
    from venues.core.timezones import wall_clock_instant

    first, days = generated_year(today)
    return wall_clock_instant(first + timedelta(days=days), time(0), TZ).astimezone(UTC)


async def analyze() -> None:
    """Planner statistics and PostgreSQL's visibility map after the bulk load, as autovacuum would leave them on a
    live server (it is off on some test servers; index-only scans need the map), and as SQLite's own advice
    (ANALYZE / PRAGMA optimize) has it."""
    from venues.core.database import current_engine, is_postgres

    await current_engine().run_ddl("VACUUM ANALYZE" if is_postgres() else "ANALYZE")


async def generate(
    size_name: str, seed: int = 7, show_progress: bool = True, jobs: int | None = None
) -> dict[str, Any]:
    """Fill the (migrated, empty) database named by DATABASE_URL; returns the counts written and the time taken."""
    from venues.core.database import close_pool, start_pool
    from venues.models import Venue

    await start_pool()
    try:
        if await Venue.exists().where(Venue.slug.like("bench-venue-%")):
            raise SystemExit("This database already holds bench data; the bench regenerates into an empty database.")
        started = clock.monotonic()
        report = await write_world(SIZES[size_name], seed, datetime.now(zone_of(TZ)).date(), show_progress, jobs)
        await analyze()
        report["seconds"] = round(clock.monotonic() - started, 1)
        return report
    finally:
        await close_pool()


async def write_world(
    size: Size, seed: int, today: date, show_progress: bool = True, jobs: int | None = None
) -> dict[str, Any]:
    """People first, then the venues: in this process, or on PostgreSQL split across ``jobs`` worker processes
    (``--worker k/n``: every n-th venue from the k-th), then the areas and the publication bump. The mark
    triggers are off meanwhile (``marks_off``) and on again afterwards, whatever happens."""
    from venues.core.database import current_engine, is_postgres
    from venues.publication import bump_publication

    postgres = is_postgres()
    jobs = (jobs or default_jobs(size)) if postgres else 1
    started = clock.monotonic()
    marks = await marks_off()
    try:
        generator = Generator(size, seed, today, show_progress and jobs == 1, postgres=postgres)
        await generator.people()
        if jobs == 1:
            counts = await generator.run_venues()
        else:
            counts = await _workers(size.name, seed, today, jobs, show_progress)
        async with current_engine().transaction():
            areas = await write_areas(size)
            await bump_publication()
    finally:
        await marks_on(marks)
    counts.update(venues=size.venues, spaces=size.spaces, groups=size.groups, areas=areas)
    return {
        "size": size.name,
        "counts": counts,
        "first_day": generator.first_day.isoformat(),
        "jobs": jobs,
        "write_seconds": round(clock.monotonic() - started, 1),
    }


def default_jobs(size: Size) -> int:
    """Worker processes on PostgreSQL: one per core for the big sizes (planning in Python is the slow half)."""
    import os

    return min(2, os.cpu_count() or 1) if size.bookings >= 1_000_000 else 1


async def _workers(size_name: str, seed: int, today: date, jobs: int, show_progress: bool) -> dict[str, int]:
    """Run ``jobs`` worker processes over the venues at once; their counts added up."""
    import asyncio

    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.generate",
            "--size",
            size_name,
            "--seed",
            str(seed),
            "--worker",
            f"{k}/{jobs}",
            "--today",
            today.isoformat(),
            *([] if show_progress and k == 0 else ["--quiet"]),
            stdout=asyncio.subprocess.PIPE,
        )
        for k in range(jobs)
    ]
    outputs = await asyncio.gather(*(process.communicate() for process in processes))
    totals: dict[str, int] = defaultdict(int)
    for process, (stdout, _) in zip(processes, outputs, strict=True):
        if process.returncode != 0:
            raise SystemExit(f"A generator worker failed (exit {process.returncode}).")
        for key, value in json.loads(stdout.decode().strip().splitlines()[-1]).items():
            totals[key] += value
    return dict(totals)


async def _worker(
    size_name: str, seed: int, today: date, worker: tuple[int, int], show_progress: bool
) -> dict[str, int]:
    """One worker's share of the venues (the parent wrote the people and switched the marks off)."""
    from venues.core.database import close_pool, is_postgres, start_pool

    await start_pool()
    try:
        generator = Generator(SIZES[size_name], seed, today, show_progress, worker=worker, postgres=is_postgres())
        return await generator.run_venues()
    finally:
        await close_pool()


def main(argv: list[str] | None = None) -> None:
    import argparse
    import asyncio

    parser = argparse.ArgumentParser(prog="python -m bench.generate", description="Fill DATABASE_URL with bench data.")
    parser.add_argument("--size", choices=list(SIZES), default="village")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes on PostgreSQL (default: by size)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--today", help=argparse.SUPPRESS)
    parser.add_argument("--analyze-only", action="store_true", help="only refresh the planner statistics")
    args = parser.parse_args(argv)
    if args.analyze_only:
        asyncio.run(_analyze_only())
        return
    if args.worker:
        k, n = (int(part) for part in args.worker.split("/"))
        today = date.fromisoformat(args.today)
        print(json.dumps(asyncio.run(_worker(args.size, args.seed, today, (k, n), not args.quiet))))
        return
    print(json.dumps(asyncio.run(generate(args.size, args.seed, not args.quiet, args.jobs))))


async def _analyze_only() -> None:
    from venues.core.database import close_pool, start_pool

    await start_pool()
    try:
        await analyze()
    finally:
        await close_pool()


if __name__ == "__main__":
    main()
