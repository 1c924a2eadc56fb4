"""An index for the first matches of a window: the bookings still running when it opens, without reading them.

Broad feeds and what's on read their first matches in start order from the window's start
(``scheduling.listings.whats_on._first_rows``), and a booking that began up to a week earlier and is still
running matches too, so the walk starts a week (``LONGEST_BOOKING``) before the window. On the start index
alone every booking of that week is fetched to test its end: a week of a whole country's bookings. With the
end beside the start in the index, ``ends_at > from`` is tested on the index entries, and only the few still
running are fetched. The same statement works on both engines.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-30T06:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Index booking (starts_at, ends_at) for the first matches of a window"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="scheduling", description=DESCRIPTION)

    async def run():
        await engine_finder().run_ddl("CREATE INDEX booking_starts_ends ON booking (starts_at, ends_at)")

    manager.add_raw(run)
    return manager
