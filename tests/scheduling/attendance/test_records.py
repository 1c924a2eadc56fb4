"""Recording what happened at a session: who may, which sessions, which numbers, one record per session, and the
suggestion from the series' last recorded date."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from scheduling.attendance.records import (
    MAX_HEADCOUNT,
    Counts,
    checked_counts,
    clear_record,
    record_session,
    session_attendance,
)
from scheduling.models import SessionRecord
from tests.factories import Factory
from tests.scheduling.attendance.support import NOW, world
from venues.core import clock
from venues.core.errors import Forbidden, InvalidInput, NotFound, RuleViolation

RACERS = 50


async def test_the_booker_the_organisers_and_the_managers_may_record_and_no_one_else(factory: Factory) -> None:
    w = await world(factory)
    session = await w.session(3)
    with clock.frozen_at(NOW):
        for account, count in ((w.booker, 10), (w.organiser, 11), (w.manager, 12)):
            record = await record_session(account.user, session.id, Counts(True, count))
            assert (record.headcount, record.recorded_by) == (count, account.id)
        with pytest.raises(Forbidden):
            await record_session(w.stranger.user, session.id, Counts(True, 99))
        with pytest.raises(NotFound):
            await record_session(w.manager.user, 999_999, Counts(True, 1))
    rows = await SessionRecord.select(SessionRecord.headcount).where(SessionRecord.booking == session.id)
    assert rows == [{"headcount": 12}]


async def test_a_session_is_recorded_only_once_it_has_started(factory: Factory) -> None:
    w = await world(factory)
    later = await w.session(-1)
    with clock.frozen_at(NOW), pytest.raises(RuleViolation) as refused:
        await record_session(w.organiser.user, later.id, Counts(True, 5))
    assert refused.value.rule == "session-not-started"
    with clock.frozen_at(NOW + timedelta(hours=1)):
        assert (await record_session(w.organiser.user, later.id, Counts(True, 5))).headcount == 5


@pytest.mark.parametrize("status", ["requested", "declined", "cancelled"])
async def test_only_a_confirmed_session_is_recorded(factory: Factory, status: str) -> None:
    w = await world(factory)
    session = await w.session(3, status=status)
    with clock.frozen_at(NOW), pytest.raises(RuleViolation) as refused:
        await record_session(w.manager.user, session.id, Counts(False))
    assert refused.value.rule == "session-not-confirmed"
    assert await SessionRecord.count() == 0


def test_counts_are_whole_numbers_in_range_and_first_timers_are_among_those_who_came() -> None:
    assert checked_counts(True, 0, None) == Counts(True, 0, None)
    assert checked_counts(True, 12, 12) == Counts(True, 12, 12)
    assert checked_counts(False, None, None) == Counts(False)
    for held, headcount, first in ((True, -1, None), (True, MAX_HEADCOUNT + 1, None), (True, 5, -1), (True, None, 0)):
        with pytest.raises(InvalidInput):
            checked_counts(held, headcount, first)
    with pytest.raises(RuleViolation) as over:
        checked_counts(True, 5, 6)
    assert over.value.rule == "first-timers-over-headcount"
    with pytest.raises(RuleViolation) as not_held:
        checked_counts(False, 5, None)
    assert not_held.value.rule == "counts-for-session-not-held"


async def test_a_second_record_replaces_the_first(factory: Factory) -> None:
    w = await world(factory)
    session = await w.session(3)
    with clock.frozen_at(NOW):
        await record_session(w.organiser.user, session.id, Counts(True, 20, 3))
        await record_session(w.manager.user, session.id, Counts(False))
    rows = await SessionRecord.select(
        SessionRecord.held, SessionRecord.headcount, SessionRecord.first_timers, SessionRecord.recorded_by
    ).where(SessionRecord.booking == session.id)
    assert rows == [{"held": False, "headcount": None, "first_timers": None, "recorded_by": w.manager.id}]


async def test_fifty_people_recording_one_session_at_once_leave_one_record(factory: Factory) -> None:
    w = await world(factory)
    session = await w.session(3)
    with clock.frozen_at(NOW):
        results = await asyncio.gather(
            *[record_session(w.organiser.user, session.id, Counts(True, n)) for n in range(RACERS)],
            return_exceptions=True,
        )
    assert [r for r in results if isinstance(r, BaseException)] == []
    rows = await SessionRecord.select(SessionRecord.headcount).where(SessionRecord.booking == session.id)
    assert len(rows) == 1 and rows[0]["headcount"] in range(RACERS)


async def test_clearing_a_record_removes_it_and_only_those_who_may_record_may_clear(factory: Factory) -> None:
    w = await world(factory)
    session = await w.session(3)
    with clock.frozen_at(NOW):
        await record_session(w.booker.user, session.id, Counts(True, 7))
        with pytest.raises(Forbidden):
            await clear_record(w.stranger.user, session.id)
        assert await clear_record(w.manager.user, session.id) is True
        assert await clear_record(w.manager.user, session.id) is False
    assert await SessionRecord.count() == 0


async def test_a_series_date_is_suggested_the_counts_of_the_last_earlier_date_recorded_as_held(
    factory: Factory,
) -> None:
    w = await world(factory)
    series = await factory.series(w.space, NOW.date(), NOW.time(), NOW.time(), group=w.group.id)
    three_weeks, two_weeks, last_week, today, next_week = [
        await w.session(24 * 7 * weeks + 1, series=series.id) for weeks in (3, 2, 1, 0, -1)
    ]
    one_off = await w.session(2)
    with clock.frozen_at(NOW):
        assert (await session_attendance(w.organiser.user, today.id)).suggestion is None
        await record_session(w.organiser.user, three_weeks.id, Counts(True, 14, 2))
        await record_session(w.organiser.user, two_weeks.id, Counts(True, 18, 4))
        await record_session(w.organiser.user, last_week.id, Counts(False))
        await record_session(w.organiser.user, one_off.id, Counts(True, 40))
        seen = await session_attendance(w.organiser.user, today.id)
    assert seen.record is None and seen.refusal is None
    assert seen.suggestion is not None
    assert (seen.suggestion.headcount, seen.suggestion.first_timers, seen.suggestion.from_booking_id) == (
        18,
        4,
        two_weeks.id,
    )
    with clock.frozen_at(NOW):
        before = await session_attendance(w.organiser.user, two_weeks.id)
        ahead = await session_attendance(w.organiser.user, next_week.id)
        alone = await session_attendance(w.organiser.user, one_off.id)
    assert before.suggestion is None and before.record is not None  # recorded: the record, not a suggestion
    assert ahead.refusal is not None and "once it has started" in ahead.refusal
    assert alone.suggestion is None and alone.record is not None and alone.record.headcount == 40


async def test_what_a_session_shows_is_for_those_who_may_record_it(factory: Factory) -> None:
    w = await world(factory)
    session = await w.session(3)
    with clock.frozen_at(NOW), pytest.raises(Forbidden):
        await session_attendance(w.stranger.user, session.id)
    with clock.frozen_at(NOW), pytest.raises(Forbidden):
        await session_attendance(None, session.id)
