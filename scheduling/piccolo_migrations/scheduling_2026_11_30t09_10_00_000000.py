"""The OpenActive mark triggers watch the Welsh text and the venue's open-data language.

OpenActive items show a venue's, a space's and a group's name and description in the venue's open-data language
(``venue_open_data.language``: that language's text where given, else the other's), so a change to a ``_cy`` column
must mark its row for the stamper like a change to the English one. ``activity`` and ``venue_open_data`` already
mark on every update (``title_cy``, ``description_cy`` and ``language`` included); the update triggers of
``community_group``, ``space`` and ``venue`` (migration ``scheduling_2026_11_30t02_10_00``) are made again here with
their Welsh columns added. Same names, same marks, on both engines.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-30T09:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "OpenActive mark triggers watch the _cy columns of groups, spaces and venues"

# (trigger number in the first migration, table, kind, id column, columns whose update matters)
REMADE = [
    (
        3,
        "community_group",
        "group",
        "id",
        ["name", "slug", "description", "website", "public_email", "public_phone", "name_cy", "description_cy"],
    ),
    (
        4,
        "space",
        "space",
        "id",
        [
            "name", "kind", "description", "capacity", "facilities", "accessibility", "bookable", "archived",
            "min_booking_minutes", "max_booking_minutes", "setup_buffer_minutes", "cleanup_buffer_minutes",
            "min_notice_minutes", "horizon_days", "requires_approval", "venue", "name_cy", "description_cy",
        ],
    ),
    (
        9,
        "venue",
        "venue",
        "id",
        [
            "name", "slug", "kind", "description", "address", "locality", "region", "postcode", "latitude",
            "longitude", "timezone", "accessibility", "public_email", "public_phone", "website", "archived",
            "name_cy", "description_cy",
        ],
    ),
]


def _quoted(columns: list[str]) -> str:
    return ", ".join(f'"{column}"' for column in columns)


def postgres_statements() -> list[str]:
    statements = []
    for number, table, kind, column, watched in REMADE:
        name = f"openactive_mark_{table}_{number}"
        statements.append(f'DROP TRIGGER IF EXISTS {name} ON "{table}"')
        statements.append(
            f'CREATE TRIGGER {name} AFTER INSERT OR DELETE OR UPDATE OF {_quoted(watched)} ON "{table}" '
            f"FOR EACH ROW EXECUTE FUNCTION openactive_mark('{kind}', '{column}')"
        )
    return statements


def sqlite_statements() -> list[str]:
    statements = []
    insert = (
        "INSERT INTO openactive_change (kind, row_id) SELECT '{kind}', {row}.\"{column}\" "
        "WHERE {row}.\"{column}\" IS NOT NULL"
    )
    for number, table, kind, column, watched in REMADE:
        name = f"openactive_mark_{table}_{number}_upd"
        statements.append(f"DROP TRIGGER IF EXISTS {name}")
        statements.append(
            f'CREATE TRIGGER {name} AFTER UPDATE OF {_quoted(watched)} ON "{table}" BEGIN '
            + insert.format(kind=kind, row="OLD", column=column)
            + "; "
            + insert.format(kind=kind, row="NEW", column=column)
            + f' AND NEW."{column}" IS NOT OLD."{column}"; END'
        )
    return statements


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="scheduling", description=DESCRIPTION)

    async def run():
        engine = engine_finder()
        statements = postgres_statements() if engine.engine_type == "postgres" else sqlite_statements()
        for statement in statements:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
