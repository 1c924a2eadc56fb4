"""The single publication_state row that venues.publication bumps."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-25T02:10:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "Seed the publication_state row"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="venues", description=DESCRIPTION)

    async def seed_row():
        await engine_finder().run_ddl(
            "INSERT INTO publication_state (id, version, changed_at) VALUES (1, 1, CURRENT_TIMESTAMP)"
        )

    manager.add_raw(seed_row)
    return manager
