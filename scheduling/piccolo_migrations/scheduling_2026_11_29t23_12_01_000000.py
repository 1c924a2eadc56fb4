"""Reports read a venue's bookings over a period: one index on (venue, starts_at) answers them on both engines
(``scheduling.reports``); a session record's counts are never negative."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-29T23:12:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "Index bookings by venue and start for reports; session record counts never negative"

POSTGRES = [
    "ALTER TABLE session_record ADD CONSTRAINT session_record_counts CHECK "
    "((headcount IS NULL OR headcount >= 0) AND (first_timers IS NULL OR first_timers >= 0))",
]

SQLITE = [
    """CREATE TRIGGER session_record_counts_insert BEFORE INSERT ON session_record
    WHEN NEW.headcount < 0 OR NEW.first_timers < 0
    BEGIN SELECT RAISE(ABORT, 'session_record_counts'); END""",
    """CREATE TRIGGER session_record_counts_update BEFORE UPDATE ON session_record
    WHEN NEW.headcount < 0 OR NEW.first_timers < 0
    BEGIN SELECT RAISE(ABORT, 'session_record_counts'); END""",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="scheduling", description=DESCRIPTION)

    async def run():
        engine = engine_finder()
        statements = POSTGRES if engine.engine_type == "postgres" else SQLITE
        for statement in [*statements, 'CREATE INDEX booking_venue_starts ON booking ("venue", starts_at)']:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
