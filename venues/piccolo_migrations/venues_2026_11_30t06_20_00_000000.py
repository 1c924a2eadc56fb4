"""PostgreSQL tells listening workers when a version their public caches key on changes.

NOTIFY from triggers, so no write path can forget it, and PostgreSQL delivers it when the writer's
transaction commits (never for one rolled back). ``venues.publication`` decodes the payloads:

* ``commonroom_publication``: ``publication_state``'s new version and ``changed_at`` (epoch microseconds).
* ``commonroom_venue``: ``<id>:<version>`` when a venue's version moves; ``<id>:`` (read it again) when what
  availability checks besides the version changes (the venue's archiving or time zone, a space's archiving
  or venue), or the venue or a space is deleted.

SQLite: nothing (one machine, every worker reads the database as before).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-30T06:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Triggers that notify version changes (PostgreSQL)"

POSTGRES_FORWARDS = [
    """CREATE FUNCTION publication_state_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('commonroom_publication',
            NEW.version::text || ' ' || (extract(epoch FROM NEW.changed_at) * 1000000)::bigint::text);
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER publication_state_notify AFTER UPDATE ON publication_state FOR EACH ROW
    WHEN (NEW.version IS DISTINCT FROM OLD.version OR NEW.changed_at IS DISTINCT FROM OLD.changed_at)
    EXECUTE FUNCTION publication_state_notify()""",
    """CREATE FUNCTION venue_version_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            PERFORM pg_notify('commonroom_venue', OLD.id::text || ':');
        ELSIF NEW.version IS DISTINCT FROM OLD.version THEN
            PERFORM pg_notify('commonroom_venue', NEW.id::text || ':' || NEW.version::text);
        ELSE
            PERFORM pg_notify('commonroom_venue', NEW.id::text || ':');
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER venue_version_notify AFTER UPDATE ON venue FOR EACH ROW
    WHEN (NEW.version IS DISTINCT FROM OLD.version OR NEW.archived IS DISTINCT FROM OLD.archived
          OR NEW.timezone IS DISTINCT FROM OLD.timezone)
    EXECUTE FUNCTION venue_version_notify()""",
    """CREATE TRIGGER venue_deleted_notify AFTER DELETE ON venue FOR EACH ROW
    EXECUTE FUNCTION venue_version_notify()""",
    """CREATE FUNCTION space_state_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('commonroom_venue', OLD.venue::text || ':');
        IF TG_OP = 'UPDATE' AND NEW.venue IS DISTINCT FROM OLD.venue THEN
            PERFORM pg_notify('commonroom_venue', NEW.venue::text || ':');
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER space_state_notify AFTER UPDATE ON space FOR EACH ROW
    WHEN (NEW.archived IS DISTINCT FROM OLD.archived OR NEW.venue IS DISTINCT FROM OLD.venue)
    EXECUTE FUNCTION space_state_notify()""",
    """CREATE TRIGGER space_deleted_notify AFTER DELETE ON space FOR EACH ROW
    EXECUTE FUNCTION space_state_notify()""",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="venues", description=DESCRIPTION)

    async def run():
        engine = engine_finder()
        if engine.engine_type != "postgres":
            return
        for statement in POSTGRES_FORWARDS:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
