"""A venue is in an area once, and an officer is named once per area."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-29T23:12:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Unique area venues and area officers"

UNIQUE = [
    ("area_venue_unique", "area_venue", '"area", "venue"'),
    ("area_officer_unique", "area_officer", '"area", "user"'),
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="venues", description=DESCRIPTION)

    async def run():
        engine = engine_finder()
        for name, table, columns in UNIQUE:
            await engine.run_ddl(f"CREATE UNIQUE INDEX {name} ON {table} ({columns})")

    manager.add_raw(run)
    return manager
