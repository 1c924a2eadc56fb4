"""A "this and following" change tells those it concerns once, in its own transaction, with both events updated."""

from __future__ import annotations

import httpx
import icalendar
import pytest

import scheduling.series.changes as changes
from scheduling.models import Booking, Series
from tests.api.test_notices_feed_subscribers import hold_feed_links
from tests.api.test_series_changes import Running, running_series
from tests.factories import Factory
from tests.mail_support import outbox, single_event
from venues.models import OutboxMessage


async def split(client: httpx.AsyncClient, running: Running) -> httpx.Response:
    return await client.post(
        f"{running.url}/split",
        json={"from_date": running.days[5].isoformat(), "start_time": "18:00", "end_time": "19:30"},
        headers=running.organiser.headers,
    )


async def test_this_and_following_sends_one_moved_message_with_the_new_event_and_the_old_one_ended(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    running = await running_series(factory)
    await OutboxMessage.delete(force=True)
    done = await split(client, running)
    assert done.status_code == 201, done.text
    successor_id = done.json()["series"]["id"]

    sent = await outbox()
    # The organiser made the change: they hear once, and so does the venue's manager; nobody twice.
    assert sorted((m.to, m.kind) for m in sent) == sorted(
        [(running.organiser.user.email, "moved"), (running.manager.user.email, "moved")]
    )
    told = next(m for m in sent if m.to == running.organiser.user.email)
    assert "10:00" in told.text  # where the dates were
    calendar = told.calendar()
    assert calendar["METHOD"] == "REQUEST"
    event = single_event(calendar)
    successor = await Series.objects().where(Series.id == successor_id).first()
    ended = await Series.objects().where(Series.id == running.series_id).first()
    assert successor is not None and ended is not None
    assert str(event["UID"]) == f"series-{successor.uid}@testserver"
    assert event["DTSTART"].dt.hour == 18
    (earlier_part,) = [p for p in told.message.walk() if p.get_filename() == "earlier-dates.ics"]
    earlier = single_event(icalendar.Calendar.from_ical(earlier_part.get_content()))
    assert str(earlier["UID"]) == f"series-{ended.uid}@testserver"
    assert "UNTIL" in str(earlier["RRULE"].to_ical()) and int(earlier["SEQUENCE"]) >= 1
    manager_copy = next(m for m in sent if m.to == running.manager.user.email)
    assert not manager_copy.has_calendar()


async def test_this_and_following_sends_a_feed_subscriber_the_message_without_calendars(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    running = await running_series(factory)
    await hold_feed_links(client, running.organiser.headers)
    await OutboxMessage.delete(force=True)
    assert (await split(client, running)).status_code == 201
    (told,) = [m for m in await outbox() if m.to == running.organiser.user.email]
    assert told.kind == "moved" and not told.has_calendar()
    assert not [p for p in told.message.walk() if p.get_filename()]


async def test_a_this_and_following_change_that_rolls_back_sends_nothing(
    client: httpx.AsyncClient, factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    running = await running_series(factory)
    await OutboxMessage.delete(force=True)
    original = changes.series_split_notice

    async def notice_then_fail(*args: object) -> None:
        await original(*args)  # type: ignore[arg-type]
        assert await OutboxMessage.count() == 2  # written, inside the transaction
        raise RuntimeError("a write after the messages fails")

    monkeypatch.setattr(changes, "series_split_notice", notice_then_fail)
    failed = await split(client, running)
    assert failed.status_code == 500
    assert await OutboxMessage.count() == 0
    assert await Series.count() == 1
    assert await Booking.count().where(Booking.status == "cancelled") == 0
