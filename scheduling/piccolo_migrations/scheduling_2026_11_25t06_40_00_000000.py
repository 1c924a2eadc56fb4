"""An index for what's on that starts from the activities rather than the window.

(series, is_public, starts_at) answers both halves of "a matching one-off or an
occurrence of a matching series" as index ranges: ``series IS NULL`` with the
window for the public one-offs, ``series = ANY(...)`` with the window for the
series' occurrences. The same statement works on both engines.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-25T06:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Index booking (series, is_public, starts_at) for what's on"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="scheduling", description=DESCRIPTION)

    async def run():
        await engine_finder().run_ddl(
            'CREATE INDEX booking_series_public_starts_at ON booking ("series", is_public, starts_at)'
        )

    manager.add_raw(run)
    return manager
