"""One private feed token per owner and scope (and group, for organisers' feeds)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-25T02:25:12:000000"
VERSION = "1.38.0"
DESCRIPTION = "Unique feed token per owner, scope and group"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="scheduling", description=DESCRIPTION)

    async def run():
        # COALESCE: a NULL group would otherwise never collide with another NULL.
        await engine_finder().run_ddl(
            'CREATE UNIQUE INDEX feed_token_owner_scope_group ON feed_token ("owner", scope, COALESCE("group", 0))'
        )

    manager.add_raw(run)
    return manager
