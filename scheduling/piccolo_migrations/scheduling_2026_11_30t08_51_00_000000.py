"""Existing listings' search text (activity.search_text, added by the previous migration), so What's on's text
search finds them at once. Raw steps run before a migration's columns are added, hence a migration of its own."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-30T08:51:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Fill activity.search_text for existing listings"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="scheduling", description=DESCRIPTION)

    async def backfill():
        # Existing listings' search text, folded in Python (the same fold the write paths use), so What's on's
        # text search finds them at once.
        import unicodedata

        from piccolo.engine.finder import engine_finder
        from piccolo.querystring import QueryString

        def folded(text):
            decomposed = unicodedata.normalize("NFKD", text.casefold())
            return "".join(ch for ch in decomposed if not unicodedata.combining(ch))

        engine = engine_finder()
        rows = await engine.run_querystring(
    QueryString("SELECT id, title, description FROM activity"))
        for row in rows:
            text = "\n".join(folded(part) for part in (row["title"], row["description"]) if part and part.strip())
            await engine.run_querystring(
                QueryString("UPDATE activity SET search_text = {} WHERE id = {}", text, row["id"])
            )

    manager.add_raw(backfill)

    return manager
