"""Series rows: their schedule, the occurrences still to book, and the rules the tables enforce."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import asyncpg
import pytest

from scheduling.models import Activity, Booking, Series
from scheduling.recurrence.rules import RecurrenceRule, Schedule, expand, parse_rrule
from scheduling.recurrence.schedule import schedule_of, series_columns, to_materialise
from scheduling.vocabulary import Frequency, SeriesStatus
from tests.factories import Factory
from venues.core.errors import InvalidInput

UTC = UTC
REFUSED = (sqlite3.IntegrityError, asyncpg.IntegrityConstraintViolationError)
TUESDAYS = Schedule(parse_rrule("FREQ=WEEKLY;BYDAY=TU"), date(2027, 1, 5), time(10), time(12), "Europe/London")


def series_row(schedule: Schedule = TUESDAYS, **fields: Any) -> Series:
    values: dict[str, Any] = {"uid": "series-1@test", "venue": 1, "space": 1, "title": "Coffee morning"}
    values.update(series_columns(schedule))
    values.update(fields)
    return Series(**values)


def test_occurrences_to_materialise_keep_local_time_across_the_clock_change() -> None:
    found = to_materialise(series_row(), datetime(2027, 3, 20, tzinfo=UTC), datetime(2027, 4, 7, tzinfo=UTC))
    assert [(o.local_date, o.starts_at, o.ends_at) for o in found.occurrences] == [
        (date(2027, 3, 23), datetime(2027, 3, 23, 10, tzinfo=UTC), datetime(2027, 3, 23, 12, tzinfo=UTC)),
        (date(2027, 3, 30), datetime(2027, 3, 30, 9, tzinfo=UTC), datetime(2027, 3, 30, 11, tzinfo=UTC)),
        (date(2027, 4, 6), datetime(2027, 4, 6, 9, tzinfo=UTC), datetime(2027, 4, 6, 11, tzinfo=UTC)),
    ]
    assert found.covered_until == datetime(2027, 4, 7, tzinfo=UTC)


def test_materialising_in_steps_makes_each_occurrence_exactly_once() -> None:
    row = series_row()
    window = (datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))
    made = []
    for _ in range(20):
        step = to_materialise(row, *window, limit=7)
        made += step.occurrences
        row.materialised_until = step.covered_until
        if step.covered_until >= window[1]:
            break
    assert made == list(expand(TUESDAYS, *window).occurrences)
    assert len(made) == 52
    again = to_materialise(row, *window)
    assert again.occurrences == ()
    assert again.covered_until == window[1]


def test_window_already_materialised_never_moves_the_mark_back() -> None:
    mark = datetime(2027, 6, 1, tzinfo=UTC)
    found = to_materialise(
        series_row(materialised_until=mark), datetime(2027, 1, 1, tzinfo=UTC), datetime(2027, 3, 1, tzinfo=UTC)
    )
    assert found.occurrences == ()
    assert found.covered_until == mark


@pytest.mark.parametrize("status", [SeriesStatus.ended, SeriesStatus.cancelled])
def test_series_that_is_not_active_has_nothing_to_materialise(status: SeriesStatus) -> None:
    found = to_materialise(
        series_row(status=status.value), datetime(2027, 1, 1, tzinfo=UTC), datetime(2027, 3, 1, tzinfo=UTC)
    )
    assert found.occurrences == ()
    assert found.exhausted


def test_columns_keep_until_and_count_in_step_with_the_rule() -> None:
    until = Schedule(
        RecurrenceRule(Frequency.monthly, by_day=("-1FR",), until=date(2027, 12, 31)),
        date(2027, 1, 1),
        time(19),
        time(21, 30),
        "Europe/London",
    )
    columns = series_columns(until)
    assert columns["rrule"] == "FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20271231"
    assert columns["dtstart"] == date(2027, 1, 29)  # the first last-Friday, not the date asked for
    assert (columns["until"], columns["occurrence_count"]) == (date(2027, 12, 31), None)
    assert schedule_of(series_row(until)) == until

    counted = series_columns(
        Schedule(RecurrenceRule(Frequency.daily, count=10), date(2027, 1, 1), time(9), time(10), "UTC")
    )
    assert (counted["until"], counted["occurrence_count"]) == (None, 10)


def test_a_row_with_a_rule_outside_the_subset_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        schedule_of(series_row(rrule="FREQ=HOURLY"))
    assert refused.value.field == "rrule"


async def saved_series(factory: Factory, **fields: Any) -> tuple[Series, Any]:
    venue = await factory.venue()
    space = await factory.space(venue)
    row = series_row(venue=venue.id, space=space.id, **fields)
    await row.save()
    return row, space


async def occurrence_booking(series: Series, starts_at: datetime, uid: str) -> Booking:
    booking = Booking(
        uid=uid,
        venue=series.venue,
        space=series.space,
        series=series.id,
        recurrence_id=starts_at,
        status="confirmed",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
    )
    await booking.save()
    return booking


async def test_series_read_back_from_the_database_gives_the_same_schedule(factory: Factory) -> None:
    row, _ = await saved_series(factory, materialised_until=datetime(2027, 3, 1, tzinfo=UTC))
    stored = await Series.objects().where(Series.id == row.id).first()
    assert schedule_of(stored) == TUESDAYS
    assert stored.materialised_until == datetime(2027, 3, 1, tzinfo=UTC)
    assert stored.status == SeriesStatus.active
    found = to_materialise(stored, datetime(2027, 1, 1, tzinfo=UTC), datetime(2027, 3, 10, tzinfo=UTC))
    assert [o.local_date for o in found.occurrences] == [date(2027, 3, 2), date(2027, 3, 9)]


async def test_each_occurrence_is_booked_at_most_once(factory: Factory) -> None:
    row, _ = await saved_series(factory)
    first = datetime(2027, 1, 5, 10, tzinfo=UTC)
    booking = await occurrence_booking(row, first, "occurrence-1@test")
    with pytest.raises(REFUSED):
        await occurrence_booking(row, first, "occurrence-2@test")
    await occurrence_booking(row, first + timedelta(days=7), "occurrence-3@test")

    stored = await Booking.objects().where(Booking.id == booking.id).first()
    assert (stored.series, stored.recurrence_id, stored.detached) == (row.id, first, False)


async def test_an_activity_belongs_to_one_booking_or_one_series(factory: Factory) -> None:
    row, _ = await saved_series(factory)
    booking = await occurrence_booking(row, datetime(2027, 1, 5, 10, tzinfo=UTC), "occurrence-1@test")

    for owners in ({}, {"booking": booking.id, "series": row.id}):
        with pytest.raises(REFUSED):
            await Activity(title="Orphan", **owners).save()

    listing = Activity(title="Coffee morning", series=row.id, category="coffee_morning", tags=["tea", "chat"])
    await listing.save()
    with pytest.raises(REFUSED):
        await Activity(title="Second listing", series=row.id).save()
    with pytest.raises(REFUSED):
        await Activity.update({Activity.booking: booking.id}).where(Activity.id == listing.id)

    await Activity(title="This week only: cake", booking=booking.id).save()
    stored = await Activity.objects().where(Activity.series == row.id).first()
    assert (stored.category, stored.tags, stored.cost_kind, stored.audience) == (
        "coffee_morning",
        ["tea", "chat"],
        "free",
        "all_ages",
    )
