"""Bookings priced before reports existed get the hire they were charged from the price they were fixed at.

``hire_minor`` arrived with a default of 0, which a report would read as "charged nothing". Every priced
booking keeps its quote in ``price_breakdown`` (``{"lines": [...]}``; lines from before line kinds existed read
as hire), so the hire is the sum of its hire lines, set here in one statement per engine. Where the booking was
priced at its venue's standard tier, its standard price is that same hire; the others keep a null standard
price, which reports count as "not valued" rather than guess today's rates.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-30T00:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Backfill the hire charged, and the standard price of standard-tier bookings, from their fixed price"

POSTGRES_HIRE = """
UPDATE booking b SET hire_minor = COALESCE((
    SELECT SUM(ROUND((line ->> 'amount_minor')::numeric))::bigint
    FROM jsonb_array_elements(b.price_breakdown::jsonb -> 'lines') AS line
    WHERE COALESCE(line ->> 'kind', 'hire') = 'hire'
), 0)
WHERE b.hire_minor = 0 AND jsonb_typeof(b.price_breakdown::jsonb -> 'lines') = 'array'
"""

SQLITE_HIRE = """
UPDATE booking SET hire_minor = COALESCE((
    SELECT SUM(json_extract(line.value, '$.amount_minor'))
    FROM json_each(booking.price_breakdown, '$.lines') AS line
    WHERE COALESCE(json_extract(line.value, '$.kind'), 'hire') = 'hire'
), 0)
WHERE hire_minor = 0 AND json_valid(price_breakdown) AND json_type(price_breakdown, '$.lines') = 'array'
"""

# The venue's standard tier is its first of kind standard by position (``scheduling.pricing.quotes.standard_tier``).
STANDARD = """
UPDATE booking SET standard_hire_minor = hire_minor
WHERE standard_hire_minor IS NULL AND json_valid_marker
  AND tier = (
    SELECT t.id FROM price_tier t WHERE t.venue = booking.venue AND t.kind = 'standard'
    ORDER BY t.position, t.id LIMIT 1
  )
"""


def statements(engine_type: str) -> list[str]:
    if engine_type == "postgres":
        lines = "jsonb_typeof(price_breakdown::jsonb -> 'lines') = 'array'"
        return [POSTGRES_HIRE, STANDARD.replace("json_valid_marker", lines)]
    lines = "json_valid(price_breakdown) AND json_type(price_breakdown, '$.lines') = 'array'"
    return [SQLITE_HIRE, STANDARD.replace("json_valid_marker", lines)]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="scheduling", description=DESCRIPTION)

    async def run():
        engine = engine_finder()
        for statement in statements(engine.engine_type):
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
