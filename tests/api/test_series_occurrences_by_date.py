"""A series' dates addressed as people name them: by venue-local date, one at a time or a holiday's worth at once.

The series here runs on weekdays 10:00–12:00 in Auckland, where that is the previous evening in UTC, so a
date that named the UTC day would find the wrong occurrence (or none).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import httpx
import pytest

import scheduling.series.changes
from scheduling.models import Booking, BookingEvent, Occupancy, Series
from tests.bookings_support import book, local
from tests.factories import Account, Factory
from tests.series_support import next_weekday, occurrences_of, post_series
from venues.core.errors import Conflict

ZONE = "Pacific/Auckland"


@dataclass
class Weekdays:
    organiser: Account
    manager: Account
    space_id: int
    venue_id: int
    series_id: int
    monday: date

    @property
    def url(self) -> str:
        return f"/api/v1/series/{self.series_id}"

    def day(self, week: int, weekday: int) -> date:
        return self.monday + timedelta(weeks=week, days=weekday)


async def weekdays_series(factory: Factory, client: httpx.AsyncClient, **fields: Any) -> Weekdays:
    """Four weeks of Monday–Friday mornings for a group, confirmed straight away."""
    manager = await factory.account("manager")
    organiser = await factory.account("organiser")
    venue = await factory.venue(manager=manager, timezone=ZONE)
    space = await factory.space(venue, requires_approval=False, horizon_days=400)
    group = await factory.group(organiser)
    monday = next_weekday(0, days_ahead=3)
    made = await post_series(
        client,
        organiser,
        space.id,
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;COUNT=20",
        monday,
        group_id=group.id,
        title="Holiday club",
        **fields,
    )
    assert made.status_code == 201, made.text
    assert made.json()["booked"] == 20
    return Weekdays(organiser, manager, space.id, venue.id, made.json()["series"]["id"], monday)


def problem_type(response: httpx.Response) -> str:
    return str(response.json()["type"].rsplit("/", 1)[1])


async def snapshot(series_id: int) -> list[dict[str, Any]]:
    """Everything a cancel writes: the bookings' status and sequence, their held time and history, the series."""
    return [
        await Booking.select(Booking.id, Booking.status, Booking.status_reason, Booking.sequence)
        .where(Booking.series == series_id)
        .order_by(Booking.id),
        [await Occupancy.count()],
        [await BookingEvent.count()],
        await Series.select(Series.sequence, Series.updated_at).where(Series.id == series_id),
    ]


async def test_bookings_name_the_series_they_belong_to_and_one_offs_none(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    club = await weekdays_series(factory, client)
    first = (await occurrences_of(client, club.organiser, club.series_id))[0]
    assert first["series_id"] == club.series_id
    one = await client.get(f"/api/v1/bookings/{first['id']}", headers=club.organiser.headers)
    assert one.status_code == 200 and one.json()["series_id"] == club.series_id

    saturday = club.day(0, 5)
    single = await book(client, club.organiser, club.space_id, local(saturday, "10:00"), local(saturday, "11:00"))
    assert single.status_code == 201, single.text
    assert single.json()["series_id"] is None
    mine = await client.get("/api/v1/bookings/mine", headers=club.organiser.headers)
    assert mine.status_code == 200
    by_id = {item["id"]: item["series_id"] for item in mine.json()["items"]}
    assert by_id[first["id"]] == club.series_id and by_id[single.json()["id"]] is None


async def test_an_occurrence_is_read_and_cancelled_by_its_venue_local_date(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    club = await weekdays_series(factory, client)
    wednesday = club.day(1, 2)
    read = await client.get(f"{club.url}/occurrences/{wednesday}", headers=club.organiser.headers)
    assert read.status_code == 200, read.text
    body = read.json()
    assert body["local_date"] == wednesday.isoformat() and body["status"] == "confirmed"
    assert body["starts_local"].startswith(f"{wednesday}T10:00:00+1")
    # 10:00 in Auckland is 21:00 or 22:00 UTC the day before.
    assert datetime.fromisoformat(body["starts_at"]).date() == wednesday - timedelta(days=1)

    cancelled = await client.post(
        f"{club.url}/occurrences/{wednesday}/cancel",
        json={"reason": "Hall used as a polling station"},
        headers=club.organiser.headers,
    )
    assert cancelled.status_code == 200, cancelled.text
    assert (cancelled.json()["id"], cancelled.json()["status"]) == (body["id"], "cancelled")
    again = (await client.get(f"{club.url}/occurrences/{wednesday}", headers=club.manager.headers)).json()
    assert (again["status"], again["status_reason"]) == ("cancelled", "Hall used as a polling station")
    assert await Occupancy.count().where(Occupancy.booking == body["id"]) == 0
    others = [item for item in await occurrences_of(client, club.organiser, club.series_id) if item["id"] != body["id"]]
    assert len(others) == 19 and {item["status"] for item in others} == {"confirmed"}


async def test_a_date_without_an_occurrence_is_a_404_and_an_impossible_date_a_400(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    club = await weekdays_series(factory, client)
    saturday = club.day(1, 5)
    missing = await client.get(f"{club.url}/occurrences/{saturday}", headers=club.organiser.headers)
    assert missing.status_code == 404
    assert f"no booked date on {saturday}" in missing.json()["detail"]
    missing_cancel = await client.post(f"{club.url}/occurrences/{saturday}/cancel", headers=club.organiser.headers)
    assert missing_cancel.status_code == 404
    for bad in ("2027-02-30", "1999-02-16", "2301-02-16"):
        refused = await client.get(f"{club.url}/occurrences/{bad}", headers=club.organiser.headers)
        assert refused.status_code == 400, (bad, refused.text)
    assert (
        await client.post("/api/v1/series/999999/occurrences/2027-02-16/cancel", headers=club.organiser.headers)
    ).status_code == 404


async def test_a_range_cancel_calls_off_exactly_the_dates_in_it_and_the_rest_stand(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    club = await weekdays_series(factory, client)
    half_term = (club.day(1, 0), club.day(1, 4))
    response = await client.post(
        f"{club.url}/cancel",
        json={"from": half_term[0].isoformat(), "to": half_term[1].isoformat(), "reason": "Half term"},
        headers=club.organiser.headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert [item["local_date"] for item in body["cancelled"]] == [
        (half_term[0] + timedelta(days=n)).isoformat() for n in range(5)
    ]
    assert {(item["status"], item["status_reason"]) for item in body["cancelled"]} == {("cancelled", "Half term")}
    assert body["series"]["status"] == "active" and body["series"]["sequence"] == 1

    items = await occurrences_of(client, club.organiser, club.series_id)
    by_date = {item["local_date"]: item["status"] for item in items}
    assert sorted(day for day, status in by_date.items() if status == "cancelled") == [
        item["local_date"] for item in body["cancelled"]
    ]
    assert sum(status == "confirmed" for status in by_date.values()) == 15
    cancelled_ids = [item["id"] for item in body["cancelled"]]
    assert await Occupancy.count().where(Occupancy.booking.is_in(cancelled_ids)) == 0
    assert (
        await BookingEvent.count().where(
            BookingEvent.booking.is_in(cancelled_ids) & (BookingEvent.action == "cancelled")
        )
        == 5
    )

    nothing_left = await client.post(
        f"{club.url}/cancel",
        json={"from": half_term[0].isoformat(), "to": half_term[1].isoformat()},
        headers=club.manager.headers,
    )
    assert nothing_left.status_code == 409
    weekend = await client.post(
        f"{club.url}/cancel",
        json={"from": club.day(2, 5).isoformat(), "to": club.day(2, 6).isoformat()},
        headers=club.manager.headers,
    )
    assert weekend.status_code == 404 and "no booked dates" in weekend.json()["detail"]


async def test_a_refused_range_cancel_writes_nothing(
    client: httpx.AsyncClient, factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    club = await weekdays_series(factory, client)
    before = await snapshot(club.series_id)
    backwards = await client.post(
        f"{club.url}/cancel",
        json={"from": club.day(1, 4).isoformat(), "to": club.day(1, 0).isoformat()},
        headers=club.organiser.headers,
    )
    assert (backwards.status_code, backwards.json()["field"]) == (400, "to")
    outside = await client.post(
        f"{club.url}/cancel",
        json={"from": "1999-12-31", "to": club.day(1, 0).isoformat()},
        headers=club.organiser.headers,
    )
    assert (outside.status_code, outside.json()["field"]) == (400, "from")
    unknown_field = await client.post(
        f"{club.url}/cancel",
        json={"from": club.day(1, 0).isoformat(), "to": club.day(1, 4).isoformat(), "when": "now"},
        headers=club.organiser.headers,
    )
    assert unknown_field.status_code == 400

    async def publishing_fails(venue_id: int) -> None:
        raise Conflict("The venue changed a moment ago.")

    # The dates are cancelled first, then the venue's version is bumped: a failure there must undo them.
    monkeypatch.setattr(scheduling.series.changes, "touch_venue", publishing_fails)
    failed = await client.post(
        f"{club.url}/cancel",
        json={"from": club.day(1, 0).isoformat(), "to": club.day(1, 4).isoformat(), "reason": "Half term"},
        headers=club.organiser.headers,
    )
    assert failed.status_code == 409
    assert await snapshot(club.series_id) == before


async def test_a_range_reaching_dates_not_booked_yet_is_refused(client: httpx.AsyncClient, factory: Factory) -> None:
    manager = await factory.account("manager")
    organiser = await factory.account("organiser")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, requires_approval=False, horizon_days=30)
    group = await factory.group(organiser)
    made = await post_series(client, organiser, space.id, "FREQ=WEEKLY;BYDAY=TU", next_weekday(1), group_id=group.id)
    assert made.status_code == 201, made.text
    series_id = made.json()["series"]["id"]
    far = next_weekday(1) + timedelta(weeks=10)
    response = await client.post(
        f"/api/v1/series/{series_id}/cancel",
        json={"from": next_weekday(1).isoformat(), "to": far.isoformat()},
        headers=organiser.headers,
    )
    assert (response.status_code, problem_type(response)) == (422, "dates-not-booked-yet")
    assert await Booking.count().where(Booking.status == "cancelled") == 0


async def test_only_the_groups_organisers_and_the_venues_managers_cancel_dates(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    club = await weekdays_series(factory, client)
    other_organiser = await factory.account("other-organiser")
    await factory.group(other_organiser)
    other_manager = await factory.account("other-manager")
    await factory.venue(manager=other_manager)
    day = club.day(1, 1).isoformat()
    span = {"from": day, "to": day}
    for who in (other_organiser, other_manager, await factory.account("resident")):
        assert (await client.post(f"{club.url}/occurrences/{day}/cancel", headers=who.headers)).status_code == 403
        assert (await client.post(f"{club.url}/cancel", json=span, headers=who.headers)).status_code == 403
    assert (await client.post(f"{club.url}/cancel", json=span)).status_code == 401
    assert (
        await client.post("/api/v1/series/999999/cancel", json=span, headers=club.manager.headers)
    ).status_code == 404
    assert await Booking.count().where(Booking.status == "cancelled") == 0
    by_manager = await client.post(f"{club.url}/cancel", json=span, headers=club.manager.headers)
    assert by_manager.status_code == 200 and len(by_manager.json()["cancelled"]) == 1


async def test_the_public_reads_only_confirmed_dates_of_a_public_series_without_reasons(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    private = await weekdays_series(factory, client)
    day = private.day(1, 1).isoformat()
    assert (await client.get(f"{private.url}/occurrences/{day}")).status_code == 404
    stranger = await factory.account("stranger")
    assert (await client.get(f"{private.url}/occurrences/{day}", headers=stranger.headers)).status_code == 404

    public = await weekdays_series(factory, client, is_public=True)
    shown = await client.get(f"{public.url}/occurrences/{day}")
    assert shown.status_code == 200 and "status_reason" not in shown.json() and "booker" not in shown.json()
    await client.post(
        f"{public.url}/occurrences/{day}/cancel", json={"reason": "Leader unwell"}, headers=public.organiser.headers
    )
    assert (await client.get(f"{public.url}/occurrences/{day}")).status_code == 404
