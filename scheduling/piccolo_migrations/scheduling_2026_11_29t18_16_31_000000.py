"""One notice preference per person and kind (a unique pair Piccolo columns cannot express)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-29T18:16:31:000000"
VERSION = "1.38.0"
DESCRIPTION = "Unique notice preference per person and kind"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="scheduling", description=DESCRIPTION)

    async def run():
        # The same statement on both engines.
        await engine_finder().run_ddl(
            'CREATE UNIQUE INDEX notice_preference_user_kind_unique ON notice_preference ("user", kind)'
        )

    manager.add_raw(run)
    return manager
