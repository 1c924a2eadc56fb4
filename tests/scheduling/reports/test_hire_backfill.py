"""Bookings priced before reports existed: the migration reads the hire they were charged from their fixed price."""

from __future__ import annotations

import importlib
import json
from datetime import UTC, datetime, timedelta

from scheduling.models import Booking
from tests.factories import Factory
from venues.core.database import current_engine
from venues.models import PriceTier

backfill = importlib.import_module("scheduling.piccolo_migrations.scheduling_2026_11_30t00_10_00_000000")

STARTS = datetime(2026, 3, 3, 10, tzinfo=UTC)


def breakdown(*lines: dict[str, object]) -> str:
    return json.dumps({"total_minor": sum(int(str(line["amount_minor"])) for line in lines), "lines": list(lines)})


async def test_old_bookings_get_their_hire_lines_as_the_hire_and_standard_ones_their_standard_price(
    factory: Factory,
) -> None:
    space = await factory.space(await factory.venue())
    tiers = {row.kind: row.id for row in await PriceTier.objects().where(PriceTier.venue == space.venue)}
    end = STARTS + timedelta(hours=2)
    standard = await factory.booking(
        space,
        STARTS,
        end,
        tier=tiers["standard"],
        price_breakdown=breakdown(
            {"kind": "hire", "amount_minor": 1500},
            {"kind": "hire", "amount_minor": 900},  # an evening band's line
            {"kind": "extra", "amount_minor": 500},
            {"kind": "deposit", "amount_minor": 5000},
        ),
    )
    # Stored before lines had kinds: every line is hire.
    low_cost = await factory.booking(
        space,
        STARTS + timedelta(days=1),
        end + timedelta(days=1),
        tier=tiers["low_cost"],
        price_breakdown=breakdown({"amount_minor": 800}),
    )
    never_priced = await factory.booking(space, STARTS + timedelta(days=2), end + timedelta(days=2), status="requested")
    already = await factory.booking(
        space,
        STARTS + timedelta(days=3),
        end + timedelta(days=3),
        tier=tiers["standard"],
        hire_minor=700,
        standard_hire_minor=700,
        price_breakdown=breakdown({"kind": "hire", "amount_minor": 9999}),
    )

    engine = current_engine()
    for statement in backfill.statements(engine.engine_type):
        await engine.run_ddl(statement)

    rows = {
        row["id"]: (row["hire_minor"], row["standard_hire_minor"])
        for row in await Booking.select(Booking.id, Booking.hire_minor, Booking.standard_hire_minor)
    }
    assert rows == {
        standard.id: (2400, 2400),
        low_cost.id: (800, None),  # its standard price is unknown, so reports count it as not valued
        never_priced.id: (0, None),
        already.id: (700, 700),  # written by today's pricing: left alone
    }
