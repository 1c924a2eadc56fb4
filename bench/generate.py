"""A seeded, streaming generator of realistic Commonroom data at three sizes.

Venues are written one at a time and forgotten: each venue's spaces, hours,
closures, rates, series and bookings are planned against that venue's own
occupancy map (the only cross-row state a booking needs, since a booking
never holds time outside its venue), then queued. Bookings go out in bulk
inserts of at most ``BATCH`` rows (``RETURNING id``), and their occupancy
rows, audit events and activities follow in bulk once the ids are known. So
memory is one venue plus one batch, at any size.

The rows obey the real invariants, because the database checks them: one
occupancy row per physical space of every booking that holds time
(requested or confirmed), widened by the space's set-up and clean-up
buffers, so the overlap guard (PostgreSQL exclusion constraint, SQLite
trigger) would refuse a clash; series occurrences are bookings with
``series`` and ``recurrence_id`` taken from ``scheduling.recurrence.rules.expand``
(the app's own expansion, so feeds agree on every date); dates a venue is
closed are skipped, as ``skip_conflicts`` would; activities only on public
one-off bookings and public series; prices from ``quote_at``; a ``created``
audit event per booking. ``publication_state`` is only bumped, once, at the end.

For reports the world is read as a hall reads its year once it is over: every venue is in one area
(``bench-county``), and most confirmed bookings of the generated year have a session record (some not held,
some never recorded, some with first-timers counted), as they would by the year's end (``report_as_of``).
Bookings carry the hire they were charged and what the standard tier would have charged (free and
low-cost hires valued below it), cancellations who called them off, and some listings are drop-ins. These
choices come from a random stream of their own, so the rest of the world is the same as without them.
Session records and area venues go out through ``bulk_rows`` (COPY on PostgreSQL, ``executemany`` on SQLite).

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
# Rows per INSERT: a few thousand bound parameters at most, far under both engines' limits.
BATCH = 1000
PASSWORD_HASH_OF = "bench-password"
VENUES_PER_TRANSACTION = 10
# The generated year: from this many days before the day of generation, for DAYS days.
DAYS_BEFORE = 30
DAYS = 365
AREA_SLUG = "bench-county"
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


@dataclass
class SpacePlan:
    """A space as the generator plans against it: ``parts`` are the physical spaces a booking holds."""

    row: Any
    parts: tuple[int, ...]
    setup: int
    cleanup: int
    rate_by_tier: dict[int, Any] = field(default_factory=dict)
    # The venue's standard tier, for the hire's standard price every booking fixes with its own.
    standard_tier: Any = None


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
    """A session record to write once its booking has an id: (held, headcount, first_timers), who, when."""

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


class Writer:
    """Bookings queued with what hangs off them; flushed in bulk once ``BATCH`` are waiting."""

    def __init__(self, progress: Progress) -> None:
        self.pending: list[
            tuple[Any, list[tuple[int, int, int]], dict[str, Any] | None, dict[str, Any], Record | None]
        ] = []
        self.progress = progress
        self.counts: dict[str, int] = defaultdict(int)

    async def add(
        self,
        booking: Any,
        holds: list[tuple[int, int, int]],
        activity: dict[str, Any] | None,
        event: dict[str, Any],
        record: Record | None = None,
    ) -> None:
        self.pending.append((booking, holds, activity, event, record))
        if len(self.pending) >= BATCH:
            await self.flush()

    async def flush(self) -> None:
        from scheduling.bookings.audit import event as audit_event
        from scheduling.models import Activity, Booking, BookingEvent, Occupancy

        if not self.pending:
            return
        batch, self.pending = self.pending, []
        rows = await Booking.insert(*[item[0] for item in batch]).returning(Booking.id, Booking.uid)
        ids = {row["uid"]: row["id"] for row in rows}
        occupancy, events, activities, records = [], [], [], []
        for booking, holds, activity, changes, record in batch:
            booking_id = ids[booking.uid]
            if record is not None:
                records.append(
                    (
                        booking_id,
                        record.held,
                        record.headcount,
                        record.first_timers,
                        record.recorded_by,
                        record.recorded_at,
                    )
                )
            for space_id, starts_ts, ends_ts in sorted(holds):
                occupancy.append(Occupancy(booking=booking_id, space=space_id, starts_ts=starts_ts, ends_ts=ends_ts))
            created = audit_event(booking_id, booking.booked_by, "created", changes)
            created.at = booking.created_at
            events.append(created)
            if activity is not None:
                activities.append(Activity(booking=booking_id, **activity))
        for table, items in ((Occupancy, occupancy), (BookingEvent, events), (Activity, activities)):
            for start in range(0, len(items), BATCH):
                await table.insert(*items[start : start + BATCH])
        await bulk_rows(
            "session_record", ["booking", "held", "headcount", "first_timers", "recorded_by", "recorded_at"], records
        )
        self.counts["session_records"] += len(records)
        self.counts["bookings"] += len(batch)
        self.counts["occupancy"] += len(occupancy)
        self.counts["booking_events"] += len(events)
        self.counts["activities"] += len(activities)
        self.progress.advance(len(batch))


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


class Generator:
    def __init__(self, size: Size, seed: int, today: date, show_progress: bool = True) -> None:
        self.size = size
        self.random = random.Random(f"{seed}:{size.name}")
        # What reports read (tiers given, records, cancellations, drop-ins) from its own stream: see the docstring.
        self.reporting = random.Random(f"{seed}:{size.name}:reports")
        # Which organisers chose their listing's OpenActive concept, from its own stream likewise.
        self.open_data = random.Random(f"{seed}:{size.name}:openactive")
        self.today = today
        self.first_day, self.days = generated_year(today)
        self.as_of = report_as_of(today)
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.progress = Progress(f"generate {size.name}", size.bookings, show_progress)
        self.writer = Writer(self.progress)
        self.users: list[int] = []
        self.residents: list[tuple[int, str, str]] = []
        self.groups: list[tuple[int, str]] = []
        self.series_written = 0

    async def run(self) -> dict[str, Any]:
        from venues.core.database import current_engine
        from venues.publication import bump_publication

        started = clock.monotonic()
        password_hash = await self._password_hash()
        engine = current_engine()
        # A transaction per few venues: far fewer commits (SQLite syncs on each), bounded work per transaction.
        async with engine.transaction():
            await self._people(password_hash)
        for first in range(0, self.size.venues, VENUES_PER_TRANSACTION):
            async with engine.transaction():
                for index in range(first, min(self.size.venues, first + VENUES_PER_TRANSACTION)):
                    await self._venue(index, password_hash)
                await self.writer.flush()
        async with engine.transaction():
            await self._area()
            await bump_publication()
        self.progress.close()
        counts = dict(self.writer.counts)
        counts.update(
            venues=self.size.venues, spaces=self.size.spaces, series=self.series_written, groups=len(self.groups)
        )
        return {
            "size": self.size.name,
            "counts": counts,
            "first_day": self.first_day.isoformat(),
            "seconds": round(clock.monotonic() - started, 1),
        }

    async def _area(self) -> None:
        """One area holding every generated venue, read by one officer (the first resident)."""
        from venues.models import Area, AreaOfficer, Venue

        area = Area(name=f"{self.size.name.capitalize()} halls", slug=AREA_SLUG, description="Every bench venue.")
        await area.save()
        venues = await Venue.select(Venue.id).where(Venue.slug.like("bench-venue-%")).order_by(Venue.id)
        await bulk_rows("area_venue", ["area", "venue"], [(area.id, row["id"]) for row in venues])
        await AreaOfficer(area=area.id, user=self.residents[0][0]).save()

    async def _password_hash(self) -> str:
        from venues.accounts.credentials import hash_password

        # One argon2 hash for every generated account: hashing 5,000 passwords would be the slowest step.
        return hash_password(PASSWORD_HASH_OF)

    async def _people(self, password_hash: str) -> None:
        from scheduling.models import Group, GroupOrganiser
        from venues.models import User

        size, rnd = self.size, self.random
        users = [
            User(email=f"resident{n}@bench.example", display_name=f"Resident {n}", password_hash=password_hash)
            for n in range(size.residents)
        ]
        for start in range(0, len(users), BATCH):
            rows = await User.insert(*users[start : start + BATCH]).returning(User.id, User.email, User.display_name)
            self.residents.extend((row["id"], row["display_name"], row["email"]) for row in rows)
        groups = []
        for n in range(size.groups):
            place = rnd.choice(PLACES)
            category, titles, *_ = rnd.choices(CATEGORIES, CATEGORY_WEIGHTS)[0]
            name = f"{place} {rnd.choice(titles)} {n}"
            groups.append(
                Group(
                    name=name,
                    slug=f"bench-group-{n}",
                    description=f"A {category.replace('_', ' ')} group.",
                    public_email=f"group{n}@bench.example",
                    private_email=f"organiser{n}@bench.example",
                )
            )
        for start in range(0, len(groups), BATCH):
            rows = await Group.insert(*groups[start : start + BATCH]).returning(Group.id, Group.name)
            self.groups.extend((row["id"], row["name"]) for row in rows)
        organisers = [
            GroupOrganiser(group=group_id, user=self.residents[index % len(self.residents)][0])
            for index, (group_id, _) in enumerate(self.groups)
        ]
        for start in range(0, len(organisers), BATCH):
            await GroupOrganiser.insert(*organisers[start : start + BATCH])

    async def _venue(self, index: int, password_hash: str) -> None:
        from venues.models import (
            Closure,
            OpeningHours,
            PriceTier,
            Space,
            SpacePart,
            SpaceRate,
            User,
            Venue,
            VenueManager,
        )

        size, rnd = self.size, self.random
        place, suffix = PLACES[index % len(PLACES)], SUFFIXES[(index // len(PLACES)) % len(SUFFIXES)]
        name = f"{place} {suffix}" + (
            f" {index // (len(PLACES) * len(SUFFIXES)) + 1}" if index >= len(PLACES) * len(SUFFIXES) else ""
        )
        venue = Venue(
            name=name,
            slug=f"bench-venue-{index}",
            kind=VENUE_KINDS[suffix],
            description=f"{name}: a community-run venue.",
            address=f"{index + 1} High Street, {place}",
            locality=place,
            region=REGION,
            postcode=f"BN{index % 90 + 1} {index % 9 + 1}AB",
            latitude=round(51.0 + rnd.random() * 0.8, 5),
            longitude=round(-1.2 + rnd.random() * 1.2, 5),
            timezone=TZ,
            accessibility=sorted(
                rnd.sample(["step_free", "accessible_toilet", "hearing_loop", "parking", "baby_change"], 2)
            ),
            public_email=f"bookings{index}@bench.example",
            private_email=f"manager{index}@bench.example",
        )
        await venue.save()
        manager = User(
            email=f"manager{index}@bench.example", display_name=f"Manager {index}", password_hash=password_hash
        )
        await manager.save()
        await VenueManager(venue=venue.id, user=manager.id).save()
        tiers = await PriceTier.insert(
            *[
                PriceTier(venue=venue.id, kind=kind, name=label, description=text, position=position)
                for position, (kind, label, text) in enumerate(TIERS)
            ]
        ).returning(PriceTier.id, PriceTier.kind, PriceTier.name)
        tier_rows = {
            row["kind"]: PriceTier(id=row["id"], venue=venue.id, kind=row["kind"], name=row["name"]) for row in tiers
        }

        profile = rnd.choice(list(HOURS))
        await OpeningHours.insert(
            *[
                OpeningHours(venue=venue.id, weekday=day, opens=opens, closes=closes)
                for day, (opens, closes) in enumerate(HOURS[profile])
            ]
        )
        # Christmas and Boxing Day: series dates there are skipped, as skip_conflicts would.
        christmas = [date(year, 12, 25) for year in (self.first_day.year, self.first_day.year + 1)]
        await Closure.insert(
            *[
                Closure(venue=venue.id, starts_on=day, ends_on=day + timedelta(days=1), reason="Christmas")
                for day in christmas
            ]
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
            space = Space(
                venue=venue.id,
                name=label,
                kind=kind,
                capacity=capacity,
                facilities=["tables_chairs", "wifi"],
                setup_buffer_minutes=setup,
                cleanup_buffer_minutes=cleanup,
                min_notice_minutes=24 * 60,
                horizon_days=365,
                requires_approval=approval,
                min_booking_minutes=30,
                max_booking_minutes=8 * 60,
            )
            await space.save()
            spaces.append(SpacePlan(space, (space.id,), setup, cleanup))
        if combined:
            whole = spaces[2]
            whole.parts = tuple(sorted((spaces[0].row.id, spaces[1].row.id)))
            await SpacePart.insert(*[SpacePart(combined=whole.row.id, part=part) for part in whole.parts])
        rates = []
        for plan in spaces:
            scale = 0.5 if plan.row.kind in ("meeting_room", "kitchen") else 1.0
            for kind, tier in tier_rows.items():
                rate = SpaceRate(space=plan.row.id, tier=tier.id, hourly_rate_minor=int(RATES[kind] * scale))
                plan.rate_by_tier[tier.id] = rate
                if kind == "standard":
                    plan.standard_tier = tier
                rates.append(rate)
        await SpaceRate.insert(*rates)

        busy = Busy()
        weekly = HOURS[profile]
        booked = await self._series(index, venue, manager.id, spaces, tier_rows, weekly, busy, closed)
        one_offs = max(0, apportion(size.bookings, size.venues, index) - booked)
        await self._one_offs(venue, manager.id, spaces, tier_rows, weekly, busy, closed, one_offs)

    async def _series(
        self,
        index: int,
        venue: Any,
        manager_id: int,
        spaces: list[SpacePlan],
        tiers: dict[str, Any],
        weekly: list[tuple[time, time]],
        busy: Busy,
        closed: set[date],
    ) -> int:
        from scheduling.models import Activity, Series
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
            series = Series(
                uid=uuid.uuid4().hex,
                venue=venue.id,
                space=plan.row.id,
                group=group_id,
                booked_by=manager_id,
                rrule=format_rrule(rule),
                dtstart=schedule.start_date,
                start_time=schedule.start_time,
                end_time=schedule.end_time,
                timezone=TZ,
                until=None,
                occurrence_count=52,
                materialised_until=expansion.covered_until,
                status="active",
                title=title,
                is_public=True,
                tier=tier.id,
                attendance=rnd.randrange(6, 40),
                booker_name=group_name,
                booker_email=f"organiser{group_id}@bench.example",
                purpose=f"{title} every week",
                sequence=0,
                created_at=created,
                updated_at=created,
            )
            await series.save()
            await Activity(series=series.id, **self._activity(category, title, audience)).save()
            self.series_written += 1
            for occurrence in expansion.occurrences:
                if occurrence.local_date in closed:
                    continue
                busy.hold(plan.parts, occurrence.local_date, lo, hi)
                booking = self._booking(
                    venue,
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
                    series=series.id,
                    recurrence_id=occurrence.starts_at,
                )
                await self._queue(booking, plan, occurrence.starts_at, occurrence.ends_at, None, series_id=series.id)
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
        venue: Any,
        plan: SpacePlan,
        tier: Any,
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
    ) -> Any:
        from scheduling.bookings.workflow import price_values
        from scheduling.models import Booking
        from scheduling.pricing.charges import Charges
        from scheduling.pricing.quotes import quote_at
        from scheduling.pricing.standard import NO_STANDARD, Standard

        booking = Booking(
            uid=uuid.uuid4().hex,
            venue=venue.id,
            space=plan.row.id,
            group=group,
            series=series,
            recurrence_id=recurrence_id,
            detached=False,
            booked_by=booked_by,
            booker_name=booker[0],
            booker_email=booker[1],
            booker_phone="",
            title=title,
            purpose="" if is_public else "Private event",
            attendance=self.random.randrange(4, max(5, plan.row.capacity)),
            is_public=is_public,
            status=status,
            starts_at=starts,
            ends_at=ends,
            tier=tier.id,
            rules_overridden=False,
            sequence=0,
            created_at=min(created, starts),
            updated_at=min(created, starts),
        )
        if status in ("confirmed", "cancelled"):
            priced = quote_at(plan.row, tier, Charges(plan.rate_by_tier.get(tier.id), tz=venue.timezone), starts, ends)
            found = plan.standard_tier
            standard = (
                Standard(found, Charges(plan.rate_by_tier.get(found.id), tz=venue.timezone)) if found else NO_STANDARD
            )
            for key, value in price_values(priced, standard, plan.row, starts, ends).items():
                setattr(booking, key, value)
        return booking

    def _record(self, booking: Any, recorder: int | None) -> Record | None:
        """What was recorded of a confirmed booking by the year's end: mostly a headcount, sometimes that it
        was not held, sometimes nothing; first-timers counted at some sessions."""
        rnd = self.reporting
        if booking.status != "confirmed" or booking.starts_at >= self.as_of:
            return None
        roll = rnd.random()
        if roll < UNRECORDED:
            return None
        recorded_at = min(self.as_of, booking.ends_at + timedelta(hours=rnd.randrange(1, 48)))
        if roll < UNRECORDED + NOT_HELD:
            return Record(False, None, None, recorder, recorded_at)
        headcount = max(1, round(booking.attendance * rnd.uniform(0.5, 1.2)))
        first_timers = rnd.randrange(0, headcount // 5 + 2) if rnd.random() < FIRST_TIMERS_COUNTED else None
        return Record(
            True, headcount, min(first_timers, headcount) if first_timers is not None else None, recorder, recorded_at
        )

    async def _queue(
        self,
        booking: Any,
        plan: SpacePlan,
        starts: datetime,
        ends: datetime,
        activity: dict[str, Any] | None,
        series_id: int | None = None,
    ) -> None:
        from scheduling.bookings.audit import diff, jsonable
        from scheduling.bookings.workflow import snapshot

        holds = []
        if booking.status in ("requested", "confirmed"):
            lo = int(starts.timestamp()) - plan.setup * 60
            hi = int(ends.timestamp()) + plan.cleanup * 60
            holds = [(part, lo, hi) for part in plan.parts]
        changes = diff({}, snapshot(booking))
        if series_id is not None:
            changes.update(series=[None, series_id], recurrence_id=[None, jsonable(booking.recurrence_id)])
        await self.writer.add(booking, holds, activity, changes, self._record(booking, booking.booked_by))

    async def _one_offs(
        self,
        venue: Any,
        manager_id: int,
        spaces: list[SpacePlan],
        tiers: dict[str, Any],
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
                venue,
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
                booking.cancelled_by, booking.status_reason = "venue", "The hall is needed that day"
            elif status == "cancelled":
                booking.cancelled_by, booking.status_reason = "hirer", "Plans changed"
            elif status == "declined":
                booking.status_reason = "The hall is needed that day"
            await self._queue(booking, plan, starts, ends, activity)
            made += 1


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


async def generate(size_name: str, seed: int = 7, show_progress: bool = True) -> dict[str, Any]:
    """Fill the (migrated, empty) database named by DATABASE_URL; returns the counts written and the time taken."""
    from venues.core.database import close_pool, start_pool
    from venues.core.timezones import zone
    from venues.models import Venue

    await start_pool()
    try:
        if await Venue.exists().where(Venue.slug.like("bench-venue-%")):
            raise SystemExit("This database already holds bench data; the bench regenerates into an empty database.")
        today = datetime.now(zone(TZ)).date()
        report = await Generator(SIZES[size_name], seed, today, show_progress).run()
        await analyze()
        return report
    finally:
        await close_pool()


def main(argv: list[str] | None = None) -> None:
    import argparse
    import asyncio

    parser = argparse.ArgumentParser(prog="python -m bench.generate", description="Fill DATABASE_URL with bench data.")
    parser.add_argument("--size", choices=sorted(SIZES), default="village")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--analyze-only", action="store_true", help="only refresh the planner statistics")
    args = parser.parse_args(argv)
    if args.analyze_only:
        asyncio.run(_analyze_only())
        return
    print(json.dumps(asyncio.run(generate(args.size, args.seed, not args.quiet))))


async def _analyze_only() -> None:
    from venues.core.database import close_pool, start_pool

    await start_pool()
    try:
        await analyze()
    finally:
        await close_pool()


if __name__ == "__main__":
    main()
