"""The overlap guard, and uniqueness Piccolo columns cannot express.

PostgreSQL: an exclusion constraint over (space, [starts_ts, ends_ts)) on the
occupancy table. SQLite: triggers that abort an insert or update whose range
overlaps another row for the same space; writers run under BEGIN IMMEDIATE so
the check and the write happen under the one write lock.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-25T02:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Overlap guard on occupancy; unique pairs"

UNIQUE_PAIRS = [
    ("venue_manager", "venue", "user"),
    ("space_part", "combined", "part"),
    ("space_rate", "space", "tier"),
    ("group_organiser", "group", "user"),
    ("group_venue_tier", "group", "venue"),
]

POSTGRES_FORWARDS = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    'ALTER TABLE occupancy ADD CONSTRAINT occupancy_no_overlap EXCLUDE USING gist '
    '("space" WITH =, int8range(starts_ts, ends_ts, \'[)\') WITH &&)',
    "ALTER TABLE occupancy ADD CONSTRAINT occupancy_range_valid CHECK (ends_ts > starts_ts)",
    "CREATE INDEX occupancy_space_start ON occupancy (\"space\", starts_ts)",
]

SQLITE_FORWARDS = [
    """CREATE TRIGGER occupancy_no_overlap_insert BEFORE INSERT ON occupancy
    WHEN NEW.ends_ts <= NEW.starts_ts OR EXISTS (
        SELECT 1 FROM occupancy o
        WHERE o.space = NEW.space AND o.starts_ts < NEW.ends_ts AND o.ends_ts > NEW.starts_ts
    )
    BEGIN SELECT RAISE(ABORT, 'occupancy_no_overlap'); END""",
    """CREATE TRIGGER occupancy_no_overlap_update BEFORE UPDATE ON occupancy
    WHEN NEW.ends_ts <= NEW.starts_ts OR EXISTS (
        SELECT 1 FROM occupancy o
        WHERE o.id != OLD.id AND o.space = NEW.space
          AND o.starts_ts < NEW.ends_ts AND o.ends_ts > NEW.starts_ts
    )
    BEGIN SELECT RAISE(ABORT, 'occupancy_no_overlap'); END""",
    'CREATE INDEX occupancy_space_start ON occupancy ("space", starts_ts)',
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="scheduling", description=DESCRIPTION)

    async def run():
        engine = engine_finder()
        statements = POSTGRES_FORWARDS if engine.engine_type == "postgres" else SQLITE_FORWARDS
        for table, first, second in UNIQUE_PAIRS:
            statements = statements + [
                f'CREATE UNIQUE INDEX {table}_{first}_{second}_unique ON {table} ("{first}", "{second}")'
            ]
        for statement in statements:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
