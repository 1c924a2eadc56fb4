"""Answering a series request in the domain: a date answered meanwhile by someone else undoes the whole answer."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest

from scheduling.models import Booking, BookingEvent, Series
from scheduling.recurrence.rules import parse_rrule
from scheduling.series import decisions
from scheduling.series.create import SeriesDraft, create_series
from tests.factories import Factory
from tests.series_support import next_weekday
from venues.core.errors import Conflict


async def test_a_date_answered_by_someone_else_meanwhile_leaves_every_date_and_the_series_as_they_were(
    factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager, organiser = await factory.account("manager"), await factory.account("organiser")
    space = await factory.space(await factory.venue(manager=manager), requires_approval=True, horizon_days=400)
    group = await factory.group(organiser)
    draft = SeriesDraft(
        space.id, parse_rrule("FREQ=WEEKLY;BYDAY=TU;COUNT=4"), next_weekday(1), time(10), time(12), group_id=group.id
    )
    series = (await create_series(organiser.user, draft)).series
    real_load = decisions._load

    async def load_then_someone_declines_one(found: Series) -> list[Booking]:
        loaded = await real_load(found)
        await Booking.update({Booking.status: "declined"}).where(Booking.id == loaded[2].id)
        return loaded

    monkeypatch.setattr(decisions, "_load", load_then_someone_declines_one)
    with pytest.raises(Conflict, match="answered some of these dates"):
        await decisions.confirm_series(manager.user, series.id)

    rows: list[dict[str, Any]] = (
        await Booking.select(Booking.status, Booking.price_minor)
        .where(Booking.series == series.id)
        .order_by(Booking.starts_at)
    )
    assert [row["status"] for row in rows] == ["requested", "requested", "declined", "requested"]
    assert await BookingEvent.count().where(BookingEvent.action == "confirmed") == 0
    assert (await Series.select(Series.sequence).where(Series.id == series.id).first())["sequence"] == series.sequence
