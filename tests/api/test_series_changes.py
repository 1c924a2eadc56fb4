"""Changing a series over HTTP: one date cancelled or moved, this and following, ending early; the past stays put."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import httpx

from scheduling.bookings.workflow import cancel_booking
from scheduling.models import Activity, Booking, BookingEvent, Occupancy, Series
from scheduling.recurrence.rules import parse_rrule
from scheduling.series.create import SeriesDraft, create_series
from tests.bookings_support import book, local
from tests.factories import Account, Factory
from tests.series_support import occurrences_of
from venues.core import clock

HISTORY_FIELDS = (Booking.id, Booking.status, Booking.sequence, Booking.starts_at, Booking.ends_at, Booking.updated_at)


@dataclass
class Running:
    organiser: Account
    manager: Account
    series_id: int
    days: list[date]
    past: list[dict[str, Any]]

    @property
    def url(self) -> str:
        return f"/api/v1/series/{self.series_id}"


async def running_series(factory: Factory) -> Running:
    """Ten Tuesdays 10:00–12:00 that started three weeks ago: the first three are history."""
    manager = await factory.account("manager")
    organiser = await factory.account("organiser")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, requires_approval=False, horizon_days=400)
    group = await factory.group(organiser)
    then = clock.now() - timedelta(days=22)
    first = then.date() + timedelta(days=2 + (1 - (then.date() + timedelta(days=2)).weekday()) % 7)
    draft = SeriesDraft(
        space.id,
        parse_rrule("FREQ=WEEKLY;BYDAY=TU;COUNT=10"),
        first,
        time(10),
        time(12),
        title="Pilates",
        group_id=group.id,
    )
    made = await create_series(organiser.user, draft, now=then)
    assert len(made.booked) == 10
    now = clock.now()
    past = await Booking.select(*HISTORY_FIELDS).where(Booking.starts_at < now).order_by(Booking.id)
    assert len(past) == 3
    return Running(organiser, manager, made.series.id, [first + timedelta(weeks=n) for n in range(10)], past)


async def past_unchanged(running: Running) -> bool:
    ids = [row["id"] for row in running.past]
    return await Booking.select(*HISTORY_FIELDS).where(Booking.id.is_in(ids)).order_by(Booking.id) == running.past


async def venue_version(running: Running) -> int:
    series = await Series.select(Series.venue.version).where(Series.id == running.series_id).first()
    return series["venue.version"]


async def series_sequence(running: Running) -> int:
    return (await Series.select(Series.sequence).where(Series.id == running.series_id).first())["sequence"]


async def test_one_occurrence_is_cancelled_by_recurrence_id_or_booking_id_and_the_rest_stand(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    running = await running_series(factory)
    items = await occurrences_of(client, running.organiser, running.series_id)
    fifth, sixth = items[4], items[5]
    by_recurrence = await client.post(
        f"{running.url}/occurrences/{fifth['recurrence_id']}/cancel",
        json={"reason": "Hall used for the election"},
        headers=running.organiser.headers,
    )
    assert by_recurrence.status_code == 200, by_recurrence.text
    assert (by_recurrence.json()["id"], by_recurrence.json()["status"]) == (fifth["id"], "cancelled")
    assert (
        by_recurrence.json()["sequence"] == 1 and by_recurrence.json()["status_reason"] == "Hall used for the election"
    )
    by_id = await client.post(f"{running.url}/occurrences/{sixth['id']}/cancel", headers=running.manager.headers)
    assert by_id.status_code == 200 and by_id.json()["status"] == "cancelled"
    assert await series_sequence(running) == 2
    assert await Occupancy.count().where(Occupancy.booking.is_in([fifth["id"], sixth["id"]])) == 0
    assert await Occupancy.count() == 8
    events = (
        await BookingEvent.select(BookingEvent.action)
        .where(BookingEvent.booking == fifth["id"])
        .order_by(BookingEvent.id)
    )
    assert [e["action"] for e in events] == ["created", "cancelled"]

    again = await client.post(f"{running.url}/occurrences/{fifth['id']}/cancel", headers=running.organiser.headers)
    assert (again.status_code, again.json()["type"].rsplit("/", 1)[1]) == (409, "booking-status")
    history = await client.post(f"{running.url}/occurrences/{items[0]['id']}/cancel", headers=running.organiser.headers)
    assert (history.status_code, history.json()["type"].rsplit("/", 1)[1]) == (409, "past-occurrence")
    unknown = await client.post(
        f"{running.url}/occurrences/2031-01-07T10:00:00Z/cancel", headers=running.manager.headers
    )
    assert unknown.status_code == 404
    garbled = await client.post(f"{running.url}/occurrences/next-tuesday/cancel", headers=running.manager.headers)
    assert (garbled.status_code, garbled.json()["field"]) == (400, "occurrence")
    assert await past_unchanged(running)


async def test_a_moved_occurrence_is_detached_keeps_its_recurrence_id_and_meets_the_guard(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    running = await running_series(factory)
    items = await occurrences_of(client, running.organiser, running.series_id)
    seventh, eighth = items[6], items[7]
    day = running.days[6]
    moved = await client.patch(
        f"{running.url}/occurrences/{seventh['recurrence_id']}",
        json={"starts_at": local(day, "14:00"), "ends_at": local(day, "16:00"), "reason": "Boiler service"},
        headers=running.organiser.headers,
    )
    assert moved.status_code == 200, moved.text
    body = moved.json()
    assert body["detached"] is True and body["recurrence_id"] == seventh["recurrence_id"]
    assert body["starts_local"][11:19] == "14:00:00" and body["sequence"] == 1
    assert await series_sequence(running) == 1
    (held,) = await Occupancy.select(Occupancy.starts_ts).where(Occupancy.booking == seventh["id"])
    assert held["starts_ts"] == int(datetime.fromisoformat(body["starts_at"]).timestamp())

    other = await factory.account("other")
    assert (
        await book(client, other, body["space_id"], local(running.days[7], "14:00"), local(running.days[7], "15:00"))
    ).status_code == 201
    clash = await client.patch(
        f"{running.url}/occurrences/{eighth['id']}",
        json={"starts_at": local(running.days[7], "13:30"), "ends_at": local(running.days[7], "14:30")},
        headers=running.manager.headers,
    )
    assert (clash.status_code, clash.json()["type"].rsplit("/", 1)[1]) == (409, "overlap")
    assert await series_sequence(running) == 1
    unchanged = await Booking.select(Booking.starts_at, Booking.detached).where(Booking.id == eighth["id"]).first()
    assert unchanged == {"starts_at": datetime.fromisoformat(eighth["starts_at"]), "detached": False}

    past = await client.patch(
        f"{running.url}/occurrences/{items[1]['id']}", json={"title": "Rewritten"}, headers=running.manager.headers
    )
    assert (past.status_code, past.json()["type"].rsplit("/", 1)[1]) == (409, "past-occurrence")
    assert await past_unchanged(running)


async def test_this_and_following_ends_the_old_series_and_books_a_new_one_in_one_go(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    running = await running_series(factory)
    before = await occurrences_of(client, running.organiser, running.series_id)
    from_day = running.days[5]

    other = await factory.account("other")
    taken = await book(
        client, other, before[0]["space_id"], local(running.days[8], "18:30"), local(running.days[8], "19:00")
    )
    assert taken.status_code == 201
    refused = await client.post(
        f"{running.url}/split",
        json={"from_date": from_day.isoformat(), "start_time": "18:00", "end_time": "19:30"},
        headers=running.organiser.headers,
    )
    assert refused.status_code == 409, refused.text
    assert [c["date"] for c in refused.json()["clashes"]] == [running.days[8].isoformat()]
    assert await series_sequence(running) == 0 and await Series.count() == 1
    assert await Booking.count().where((Booking.series == running.series_id) & (Booking.status == "confirmed")) == 10
    await client.post(f"/api/v1/bookings/{taken.json()['id']}/cancel", headers=other.headers)

    await Series.update({Series.is_public: True}).where(Series.id == running.series_id)
    await factory.activity(series=running.series_id, title="Pilates for all", category="exercise")
    split = await client.post(
        f"{running.url}/split",
        json={
            "from_date": from_day.isoformat(),
            "start_time": "18:00",
            "end_time": "19:30",
            "title": "Evening pilates",
        },
        headers=running.organiser.headers,
    )
    assert split.status_code == 201, split.text
    body = split.json()
    ended, successor = body["ended"], body["series"]
    assert (body["cancelled"], body["booked"], body["skipped"]) == (5, 5, [])
    assert ended["until"] == (from_day - timedelta(days=1)).isoformat()
    assert ended["rrule"] == f"FREQ=WEEKLY;BYDAY=TU;UNTIL={(from_day - timedelta(days=1)):%Y%m%d}"
    assert (ended["status"], ended["sequence"]) == ("ended", 1)
    assert successor["dtstart"] == from_day.isoformat() and successor["rrule"] == "FREQ=WEEKLY;BYDAY=TU;COUNT=5"
    assert (successor["start_time"], successor["end_time"], successor["title"]) == ("18:00", "19:30", "Evening pilates")

    old = await occurrences_of(client, running.organiser, running.series_id)
    assert [o["status"] for o in old] == ["confirmed"] * 5 + ["cancelled"] * 5
    assert all(o["sequence"] == 1 for o in old[5:])
    new = await occurrences_of(client, running.organiser, successor["id"])
    assert [date.fromisoformat(o["starts_local"][:10]) for o in new] == running.days[5:]
    assert {o["starts_local"][11:19] for o in new} == {"18:00:00"}
    assert await Occupancy.count().where(Occupancy.booking.is_in([o["id"] for o in old[5:]])) == 0
    listings = await Activity.select(Activity.series, Activity.title, Activity.category).order_by(Activity.id)
    assert [row["series"] for row in listings] == [running.series_id, successor["id"]]
    assert {(row["title"], row["category"]) for row in listings} == {("Pilates for all", "exercise")}
    assert await past_unchanged(running)


async def test_ending_early_cancels_the_later_dates_and_keeps_the_earlier_ones(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    running = await running_series(factory)
    last = running.days[5]
    version = await venue_version(running)
    ended = await client.post(
        f"{running.url}/end", json={"last_date": last.isoformat()}, headers=running.manager.headers
    )
    assert ended.status_code == 200, ended.text
    body = ended.json()
    assert body["cancelled"] == 4
    assert (body["series"]["until"], body["series"]["status"], body["series"]["sequence"]) == (
        last.isoformat(),
        "ended",
        1,
    )
    assert body["series"]["rrule"] == f"FREQ=WEEKLY;BYDAY=TU;UNTIL={last:%Y%m%d}"
    items = await occurrences_of(client, running.organiser, running.series_id)
    assert [(o["status"], o["sequence"]) for o in items] == [("confirmed", 0)] * 6 + [("cancelled", 1)] * 4
    assert await Occupancy.count() == 6
    cancelled = await BookingEvent.select(BookingEvent.booking, BookingEvent.reason).where(
        BookingEvent.action == "cancelled"
    )
    assert sorted(row["booking"] for row in cancelled) == [o["id"] for o in items[6:]]
    assert {row["reason"] for row in cancelled} == {f"The series ends on {last}."}
    assert await venue_version(running) == version + 1
    assert await past_unchanged(running)

    too_late = await client.post(
        f"{running.url}/end", json={"last_date": running.days[8].isoformat()}, headers=running.manager.headers
    )
    assert (too_late.status_code, too_late.json()["field"]) == (400, "last_date")
    too_early = await client.post(
        f"{running.url}/end", json={"last_date": running.days[0].isoformat()}, headers=running.manager.headers
    )
    assert (too_early.status_code, too_early.json()["field"]) == (400, "last_date")


async def test_cancelling_an_occurrence_through_the_bookings_api_bumps_the_series_sequence(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    space = await factory.space(await factory.venue(manager=manager))
    start = clock.now() + timedelta(days=3)
    series = await factory.series(space, start.date(), time(10), time(11))
    booking = await factory.booking(space, start, start + timedelta(hours=1), series=series.id, recurrence_id=start)
    await cancel_booking(manager.user, booking.id, "hall flooded")
    assert (await Series.select(Series.sequence).where(Series.id == series.id).first())[
        "sequence"
    ] == series.sequence + 1
    assert (await Booking.select(Booking.status).where(Booking.id == booking.id).first())["status"] == "cancelled"
