"""Rules for series, occurrences and activities that Piccolo columns cannot express.

An activity belongs to exactly one booking or one series, with at most one
listing each; a series has each occurrence as a booking at most once. PostgreSQL
checks the first with a CHECK constraint; SQLite, which cannot add one to an
existing table, with triggers.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-25T02:17:32:000000"
VERSION = "1.38.0"
DESCRIPTION = "One owner per activity; one listing per booking or series; one booking per occurrence"

UNIQUE_INDEXES = [
    'CREATE UNIQUE INDEX activity_booking_unique ON activity ("booking")',
    'CREATE UNIQUE INDEX activity_series_unique ON activity ("series")',
    'CREATE UNIQUE INDEX booking_series_occurrence_unique ON booking ("series", recurrence_id)',
]

POSTGRES_FORWARDS = [
    'ALTER TABLE activity ADD CONSTRAINT activity_booking_or_series CHECK (("booking" IS NULL) <> ("series" IS NULL))',
]

SQLITE_FORWARDS = [
    f"""CREATE TRIGGER activity_booking_or_series_{event.lower()} BEFORE {event} ON activity
    WHEN (NEW.booking IS NULL) = (NEW.series IS NULL)
    BEGIN SELECT RAISE(ABORT, 'activity_booking_or_series'); END"""
    for event in ("INSERT", "UPDATE")
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="scheduling", description=DESCRIPTION)

    async def run():
        engine = engine_finder()
        statements = POSTGRES_FORWARDS if engine.engine_type == "postgres" else SQLITE_FORWARDS
        for statement in statements + UNIQUE_INDEXES:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
