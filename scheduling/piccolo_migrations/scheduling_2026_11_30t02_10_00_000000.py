"""Marks for the OpenActive feeds, left by triggers in every writer's own transaction.

Whatever changes a listing, a booking or series that may carry one, a group's public name, a
space, its parts, rates, charge rules or held time, a venue's public side, hours, closures or open-data settings
leaves a row in ``openactive_change``: no write path can forget to, and a rolled-back change
leaves none. The stamper (``scheduling.openactive.stamping``) reads them. Update triggers fire
only for the columns the feeds show, so paying an invoice or bumping a venue's cache version
marks nothing. Also: the feeds' unique keys, the counter's single row.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-30T02:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Triggers leave OpenActive change marks; feed item keys; the change counter's row"

# (table, kind, id column, columns whose update matters or None for every update)
MARKED = [
    ("activity", "activity", "id", None),
    (
        "booking",
        "booking",
        "id",
        ["status", "starts_at", "ends_at", "is_public", "series", "space", "venue", "group", "title", "detached"],
    ),
    (
        "series",
        "series",
        "id",
        [
            "status", "is_public", "group", "title", "rrule", "dtstart", "until", "start_time", "end_time",
            "timezone", "space", "venue",
        ],
    ),
    ("community_group", "group", "id", ["name", "slug", "description", "website", "public_email", "public_phone"]),
    (
        "space",
        "space",
        "id",
        [
            "name", "kind", "description", "capacity", "facilities", "accessibility", "bookable", "archived",
            "min_booking_minutes", "max_booking_minutes", "setup_buffer_minutes", "cleanup_buffer_minutes",
            "min_notice_minutes", "horizon_days", "requires_approval", "venue",
        ],
    ),
    ("space_part", "space", "combined", None),
    ("space_part", "space", "part", None),
    ("space_rate", "space", "space", None),
    ("charge_rule", "space", "space", None),
    (
        "venue",
        "venue",
        "id",
        [
            "name", "slug", "kind", "description", "address", "locality", "region", "postcode", "latitude",
            "longitude", "timezone", "accessibility", "public_email", "public_phone", "website", "archived",
        ],
    ),
    ("price_tier", "venue", "venue", None),
    ("closure", "venue", "venue", None),
    ("opening_hours", "venue", "venue", None),
    ("venue_open_data", "venue", "venue", None),
]

PG_FUNCTIONS = [
    """
    CREATE OR REPLACE FUNCTION openactive_mark() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        old_ref text;
        new_ref text;
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            old_ref := to_jsonb(OLD) ->> TG_ARGV[1];
            IF old_ref IS NOT NULL THEN
                INSERT INTO openactive_change (kind, row_id) VALUES (TG_ARGV[0], old_ref::bigint);
            END IF;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            new_ref := to_jsonb(NEW) ->> TG_ARGV[1];
            IF new_ref IS NOT NULL AND (TG_OP = 'INSERT' OR new_ref IS DISTINCT FROM old_ref) THEN
                INSERT INTO openactive_change (kind, row_id) VALUES (TG_ARGV[0], new_ref::bigint);
            END IF;
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION openactive_mark_held() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            INSERT INTO openactive_change (kind, row_id, starts_ts, ends_ts)
            VALUES ('space', OLD.space, OLD.starts_ts, OLD.ends_ts);
        END IF;
        IF TG_OP <> 'DELETE' THEN
            INSERT INTO openactive_change (kind, row_id, starts_ts, ends_ts)
            VALUES ('space', NEW.space, NEW.starts_ts, NEW.ends_ts);
        END IF;
        RETURN NULL;
    END $$
    """,
]


def _quoted(columns: list[str]) -> str:
    return ", ".join(f'"{column}"' for column in columns)


def postgres_statements() -> list[str]:
    statements = list(PG_FUNCTIONS)
    for number, (table, kind, column, watched) in enumerate(MARKED):
        name = f"openactive_mark_{table}_{number}"
        events = "INSERT OR DELETE OR UPDATE" + (f" OF {_quoted(watched)}" if watched else "")
        statements.append(
            f'CREATE TRIGGER {name} AFTER {events} ON "{table}" '
            f"FOR EACH ROW EXECUTE FUNCTION openactive_mark('{kind}', '{column}')"
        )
    statements.append(
        "CREATE TRIGGER openactive_mark_occupancy AFTER INSERT OR DELETE OR UPDATE ON occupancy "
        "FOR EACH ROW EXECUTE FUNCTION openactive_mark_held()"
    )
    return statements


def sqlite_statements() -> list[str]:
    statements = []
    for number, (table, kind, column, watched) in enumerate(MARKED):
        name = f"openactive_mark_{table}_{number}"
        insert = "INSERT INTO openactive_change (kind, row_id) SELECT '{kind}', {row}.\"{column}\" WHERE {row}.\"{column}\" IS NOT NULL"
        statements.append(
            f'CREATE TRIGGER {name}_ins AFTER INSERT ON "{table}" BEGIN '
            + insert.format(kind=kind, row="NEW", column=column)
            + "; END"
        )
        statements.append(
            f'CREATE TRIGGER {name}_del AFTER DELETE ON "{table}" BEGIN '
            + insert.format(kind=kind, row="OLD", column=column)
            + "; END"
        )
        of = f" OF {_quoted(watched)}" if watched else ""
        statements.append(
            f'CREATE TRIGGER {name}_upd AFTER UPDATE{of} ON "{table}" BEGIN '
            + insert.format(kind=kind, row="OLD", column=column)
            + "; "
            + insert.format(kind=kind, row="NEW", column=column)
            + f' AND NEW."{column}" IS NOT OLD."{column}"; END'
        )
    held = "INSERT INTO openactive_change (kind, row_id, starts_ts, ends_ts) VALUES ('space', {row}.space, {row}.starts_ts, {row}.ends_ts)"
    statements.append(
        "CREATE TRIGGER openactive_mark_occupancy_ins AFTER INSERT ON occupancy BEGIN "
        + held.format(row="NEW")
        + "; END"
    )
    statements.append(
        "CREATE TRIGGER openactive_mark_occupancy_del AFTER DELETE ON occupancy BEGIN "
        + held.format(row="OLD")
        + "; END"
    )
    statements.append(
        "CREATE TRIGGER openactive_mark_occupancy_upd AFTER UPDATE ON occupancy BEGIN "
        + held.format(row="OLD")
        + "; "
        + held.format(row="NEW")
        + "; END"
    )
    return statements


KEYS = [
    "CREATE UNIQUE INDEX openactive_item_feed_item ON openactive_item (feed, item_id)",
    "CREATE UNIQUE INDEX openactive_item_feed_change ON openactive_item (feed, change_number)",
    "CREATE INDEX openactive_item_current_ends ON openactive_item (ends_at) WHERE state = 'updated'",
    "CREATE INDEX openactive_item_deleted_at ON openactive_item (deleted_at) WHERE state = 'deleted'",
    "INSERT INTO openactive_counter (id, last_change, rolled_at) VALUES (1, 0, NULL)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="scheduling", description=DESCRIPTION)

    async def run():
        engine = engine_finder()
        statements = postgres_statements() if engine.engine_type == "postgres" else sqlite_statements()
        for statement in KEYS + statements:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
