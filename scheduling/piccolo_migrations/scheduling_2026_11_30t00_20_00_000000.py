"""The reports' index on bookings carries their end, status and space as well, so the use figures read the index
alone: an index-only scan on PostgreSQL (INCLUDE), a covering index on SQLite (a wider key). An area's year took
half the time in bench/ (docs/performance.md)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-30T00:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "The reports' index on bookings by venue and start covers their end, status and space"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="scheduling", description=DESCRIPTION)

    async def run():
        engine = engine_finder()
        if engine.engine_type == "postgres":
            index = 'CREATE INDEX booking_venue_starts ON booking ("venue", starts_at) INCLUDE (ends_at, status, space)'
        else:
            index = 'CREATE INDEX booking_venue_starts ON booking ("venue", starts_at, ends_at, status, space)'
        await engine.run_ddl("DROP INDEX IF EXISTS booking_venue_starts")
        await engine.run_ddl(index)

    manager.add_raw(run)
    return manager
