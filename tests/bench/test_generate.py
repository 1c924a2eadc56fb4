"""The bench generator's bulk path at village size: rows written by COPY (PostgreSQL) or ``executemany``
(SQLite) with ids given beforehand still make a world the database's own checks accept, with the counts asked
for, no overlapping held time, and the OpenActive mark triggers back on afterwards.

The generator writes in the test database the fixtures migrated and empty it afterwards like any other test.
"""

from __future__ import annotations

from datetime import date

import pytest

from bench.generate import SIZES, write_world
from bench.inprocess import overlapping_occupancy
from venues.core.database import current_engine, write_transaction


async def count(sql: str) -> int:
    from piccolo.querystring import QueryString

    rows = await current_engine().run_querystring(QueryString(sql))
    return int(rows[0]["n"])


async def test_village_is_written_whole_with_its_invariants() -> None:
    village = SIZES["village"]
    report = await write_world(village, seed=7, today=date(2026, 11, 30), show_progress=False)

    assert report["counts"]["bookings"] == village.bookings
    assert await count("SELECT count(*) AS n FROM booking") == village.bookings
    assert await count("SELECT count(*) AS n FROM venue WHERE slug LIKE 'bench-venue-%'") == village.venues
    assert await count("SELECT count(*) AS n FROM space") == village.spaces
    assert await count("SELECT count(*) AS n FROM series") == report["counts"]["series"] > 0
    assert await overlapping_occupancy() == 0
    # Every booking that holds time holds each physical part of its space once; no other booking holds any.
    assert (
        await count(
            "SELECT count(*) AS n FROM booking b WHERE b.status IN ('requested', 'confirmed') AND "
            "(SELECT count(*) FROM occupancy o WHERE o.booking = b.id) <> "
            "coalesce(NULLIF((SELECT count(*) FROM space_part p WHERE p.combined = b.space), 0), 1)"
        )
        == 0
    )
    assert (
        await count(
            "SELECT count(*) AS n FROM occupancy o JOIN booking b ON b.id = o.booking "
            "WHERE b.status NOT IN ('requested', 'confirmed')"
        )
        == 0
    )
    assert await count("SELECT count(*) AS n FROM booking_event") == village.bookings
    assert await count("SELECT count(*) AS n FROM area_venue") == village.venues
    # The marks were off while the world was written, and are on again.
    assert await count("SELECT count(*) AS n FROM openactive_change") == 0
    async with write_transaction():
        await current_engine().run_ddl("UPDATE venue SET name = name || ' (renamed)' WHERE slug = 'bench-venue-0'")
    assert await count("SELECT count(*) AS n FROM openactive_change WHERE kind = 'venue'") == 1


async def test_the_overlap_guard_stays_on_after_the_load() -> None:
    await write_world(SIZES["village"], seed=7, today=date(2026, 11, 30), show_progress=False)
    engine = current_engine()
    held = (await engine.run_ddl("SELECT booking, space, starts_ts, ends_ts FROM occupancy LIMIT 1"))[0]
    with pytest.raises(Exception) as refused:
        async with write_transaction():
            await engine.run_ddl(
                "INSERT INTO occupancy (booking, space, starts_ts, ends_ts) VALUES "
                f"({held['booking']}, {held['space']}, {held['starts_ts'] + 60}, {held['ends_ts'] + 60})"
            )
    assert "overlap" in str(refused.value).lower() or "exclu" in str(refused.value).lower(), refused.value
