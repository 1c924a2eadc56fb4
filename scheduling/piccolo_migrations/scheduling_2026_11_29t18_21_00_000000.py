"""Unique pairs for notices that Piccolo columns cannot express: one choice per person and kind, and one
digest per person and day (two workers sending digests at once: the second insert fails and sends nothing)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-29T18:21:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Unique notice preference per person and kind, one digest per person and day"

STATEMENTS = [
    'CREATE UNIQUE INDEX notice_preference_user_kind_unique ON notice_preference ("user", kind)',
    'CREATE UNIQUE INDEX notice_digest_user_day_unique ON notice_digest ("user", "day")',
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="scheduling", description=DESCRIPTION)

    async def run():
        # The same statements on both engines.
        for statement in STATEMENTS:
            await engine_finder().run_ddl(statement)

    manager.add_raw(run)
    return manager
