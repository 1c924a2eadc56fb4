"""Sessions waiting for a record: started, confirmed, unrecorded, recent, and the caller's to record."""

from __future__ import annotations

from scheduling.attendance.records import Counts, record_session
from scheduling.attendance.waiting import WAITING_DAYS, waiting_at_venue, waiting_for
from tests.factories import Factory
from tests.scheduling.attendance.support import NOW, world
from venues.core import clock


async def test_a_person_waits_on_started_confirmed_unrecorded_recent_sessions_they_may_record(
    factory: Factory,
) -> None:
    w = await world(factory)
    recent = await w.session(3, title="Recent")
    older = await w.session(24 * 10, title="Older")
    recorded = await w.session(5)
    await w.session(-2, title="To come")
    await w.session(4, status="cancelled", title="Cancelled")
    await w.session(24 * (WAITING_DAYS + 1), title="Too long ago")
    others = await w.session(6, group=None, booked_by=w.stranger.id, title="Someone else's")
    with clock.frozen_at(NOW):
        await record_session(w.booker.user, recorded.id, Counts(True, 9))
        mine, total = await waiting_for(w.organiser.user, NOW, 50, 0)
        stranger, _ = await waiting_for(w.stranger.user, NOW, 50, 0)
        manager, _ = await waiting_for(w.manager.user, NOW, 50, 0)
        first_page, paged_total = await waiting_for(w.manager.user, NOW, 1, 1)
    assert [item.booking.id for item in mine] == [recent.id, older.id]  # most recent first
    assert total == 2
    assert [item.booking.id for item in stranger] == [others.id]
    assert [item.booking.id for item in manager] == [recent.id, others.id, older.id]
    assert ([item.booking.id for item in first_page], paged_total) == ([others.id], 3)
    assert (mine[0].space_name, mine[0].venue_name, mine[0].timezone) == (w.space.name, w.venue.name, "Europe/London")


async def test_a_venue_waits_on_its_own_sessions_only(factory: Factory) -> None:
    w = await world(factory)
    here = await w.session(3)
    elsewhere_venue = await factory.venue()
    elsewhere = await factory.space(elsewhere_venue)
    await factory.booking(elsewhere, NOW.replace(hour=8), NOW.replace(hour=9))
    found, total = await waiting_at_venue(w.venue.id, NOW, 50, 0)
    assert ([item.booking.id for item in found], total) == ([here.id], 1)
