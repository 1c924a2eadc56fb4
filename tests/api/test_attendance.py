"""/api/v1/bookings/{id}/attendance and /api/v1/attendance/to-record over HTTP: who may record, which sessions,
which numbers (400/422 as problem+json), one record per session however many record it at once."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import httpx

from scheduling.models import SessionRecord
from tests.factories import Factory
from tests.scheduling.attendance.support import World, world
from venues.core import clock

RACERS = 50


def path(booking_id: int) -> str:
    return f"/api/v1/bookings/{booking_id}/attendance"


async def put(client: httpx.AsyncClient, account: Any, booking_id: int, body: Any) -> httpx.Response:
    return await client.put(path(booking_id), json=body, headers=account.headers)


def problem(response: httpx.Response) -> dict[str, Any]:
    assert response.headers["content-type"].startswith("application/problem+json"), response.text
    body: dict[str, Any] = response.json()
    return body


async def test_the_booker_organisers_and_managers_record_others_get_403_unknown_404_anonymous_401(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    w = await world(factory, clock.now())
    session = await w.session(3)
    for account, count in ((w.booker, 10), (w.organiser, 11), (w.manager, 12)):
        saved = await put(client, account, session.id, {"held": True, "headcount": count, "first_timers": 2})
        assert saved.status_code == 200, saved.text
        assert saved.json() | {"recorded_at": None} == {
            "booking_id": session.id,
            "held": True,
            "headcount": count,
            "first_timers": 2,
            "recorded_by": account.id,
            "recorded_at": None,
        }
    assert (await put(client, w.stranger, session.id, {"held": False})).status_code == 403
    assert (await put(client, w.manager, 999_999, {"held": False})).status_code == 404
    assert (await client.put(path(session.id), json={"held": False})).status_code == 401
    assert (await client.get(path(session.id), headers=w.stranger.headers)).status_code == 403
    seen = await client.get(path(session.id), headers=w.organiser.headers)
    assert seen.status_code == 200
    body = seen.json()
    assert (body["recordable"], body["refusal"], body["suggested"]) == (True, None, None)
    assert (body["recorded"]["headcount"], body["recorded"]["recorded_by"]) == (12, w.manager.id)


async def test_a_strangers_answer_for_a_private_session_is_the_unknown_ids_404(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    w = await world(factory, clock.now())
    private = await w.session(3, is_public=False, title="Private party")
    await SessionRecord(booking=private.id, held=True, headcount=5).save()
    unknown = 999_999
    for booking_id in (private.id, unknown):
        reads = await client.get(path(booking_id), headers=w.stranger.headers)
        writes = await put(client, w.stranger, booking_id, {"held": False})
        clears = await client.delete(path(booking_id), headers=w.stranger.headers)
        assert [reads.status_code, writes.status_code, clears.status_code] == [404, 404, 404]
        assert "Private party" not in reads.text + writes.text + clears.text
        # The booking's own address answers the same for both.
        assert (await client.get(f"/api/v1/bookings/{booking_id}", headers=w.stranger.headers)).status_code == 404
    assert problem(reads)["status"] == 404
    assert await SessionRecord.count().where(SessionRecord.booking == private.id) == 1
    # Those involved still read it; a public booking the stranger may see but not record stays a 403.
    assert (await client.get(path(private.id), headers=w.organiser.headers)).status_code == 200
    public = await w.session(3)
    assert (await client.get(path(public.id), headers=w.stranger.headers)).status_code == 403


async def test_not_before_the_start_and_not_for_a_cancelled_or_requested_booking(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    w = await world(factory, clock.now())
    later = await w.session(-1)
    cancelled = await w.session(3, status="cancelled")
    requested = await w.session(3, status="requested")
    early = await put(client, w.organiser, later.id, {"held": True, "headcount": 4})
    assert (early.status_code, problem(early)["rule"]) == (422, "session-not-started")
    assert "once it has started" in early.json()["detail"]
    for booking in (cancelled, requested):
        refused = await put(client, w.manager, booking.id, {"held": False})
        assert (refused.status_code, problem(refused)["rule"]) == (422, "session-not-confirmed")
    seen = (await client.get(path(later.id), headers=w.organiser.headers)).json()
    assert (seen["recordable"], seen["recorded"]) == (False, None)
    assert "once it has started" in seen["refusal"]
    assert await SessionRecord.count() == 0


async def test_bad_numbers_are_400_or_422_problems_never_a_500(client: httpx.AsyncClient, factory: Factory) -> None:
    w = await world(factory, clock.now())
    session = await w.session(3)
    for body in (
        {"held": True, "headcount": -1},
        {"held": True, "headcount": 100_001},
        {"held": True, "headcount": 5, "first_timers": -2},
        {"held": True, "headcount": 1.5},
        {"held": True, "headcount": 2**63},
        {"held": True},
        {"held": "yes", "headcount": 3},
        {"headcount": 3},
        {"held": True, "headcount": 3, "names": ["Ann"]},
    ):
        refused = await put(client, w.organiser, session.id, body)
        assert refused.status_code == 400, (body, refused.text)
        problem(refused)
    for body, rule in (
        ({"held": True, "headcount": 3, "first_timers": 4}, "first-timers-over-headcount"),
        ({"held": False, "headcount": 3}, "counts-for-session-not-held"),
    ):
        refused = await put(client, w.organiser, session.id, body)
        assert (refused.status_code, problem(refused)["rule"]) == (422, rule)
    assert await SessionRecord.count() == 0


async def test_recording_again_replaces_the_record_and_delete_clears_it(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    w = await world(factory, clock.now())
    session = await w.session(3)
    assert (await put(client, w.organiser, session.id, {"held": True, "headcount": 20})).status_code == 200
    again = await put(client, w.organiser, session.id, {"held": False})
    assert (again.status_code, again.json()["held"], again.json()["headcount"]) == (200, False, None)
    assert await SessionRecord.count() == 1
    assert (await client.delete(path(session.id), headers=w.stranger.headers)).status_code == 403
    assert (await client.delete(path(session.id), headers=w.booker.headers)).status_code == 204
    assert (await client.delete(path(session.id), headers=w.booker.headers)).status_code == 204
    seen = (await client.get(path(session.id), headers=w.booker.headers)).json()
    assert seen["recorded"] is None
    assert await SessionRecord.count() == 0


async def test_fifty_recorders_at_once_end_with_one_record(client: httpx.AsyncClient, factory: Factory) -> None:
    w = await world(factory, clock.now())
    session = await w.session(3)
    recorders = [w.booker, w.organiser, w.manager]
    responses = await asyncio.gather(
        *[
            client.put(path(session.id), json={"held": True, "headcount": n}, headers=recorders[n % 3].headers)
            for n in range(RACERS)
        ]
    )
    assert Counter(r.status_code for r in responses) == {200: RACERS}, [
        r.text for r in responses if r.status_code != 200
    ][:3]
    rows = await SessionRecord.select(SessionRecord.headcount).where(SessionRecord.booking == session.id)
    assert len(rows) == 1 and rows[0]["headcount"] in range(RACERS)


async def test_a_series_date_suggests_last_times_counts(client: httpx.AsyncClient, factory: Factory) -> None:
    w = await world(factory, clock.now())
    series = await factory.series(w.space, w.now.date(), w.now.time(), w.now.time(), group=w.group.id)
    last_week = await w.session(24 * 7 + 1, series=series.id)
    today = await w.session(1, series=series.id)
    await put(client, w.organiser, last_week.id, {"held": True, "headcount": 17, "first_timers": 3})
    seen = (await client.get(path(today.id), headers=w.organiser.headers)).json()
    assert seen["recorded"] is None
    assert seen["suggested"] | {"from_starts_at": None} == {
        "headcount": 17,
        "first_timers": 3,
        "from_booking_id": last_week.id,
        "from_starts_at": None,
    }


async def waiting(client: httpx.AsyncClient, url: str, headers: dict[str, str]) -> httpx.Response:
    return await client.get(url, headers=headers)


async def test_to_record_lists_the_callers_waiting_sessions_a_page_at_a_time(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    w: World = await world(factory, clock.now())
    first = await w.session(2, title="Latest")
    second = await w.session(26, title="Yesterday")
    recorded = await w.session(50)
    await w.session(24 * 90, title="Long ago")
    await put(client, w.organiser, recorded.id, {"held": True, "headcount": 1})
    mine = await waiting(client, "/api/v1/attendance/to-record?limit=1", w.organiser.headers)
    assert mine.status_code == 200
    body = mine.json()
    assert ([item["booking_id"] for item in body["items"]], body["total"]) == ([first.id], 2)
    assert body["items"][0] | {"starts_at": None, "ends_at": None} == {
        "booking_id": first.id,
        "title": "Latest",
        "venue_id": w.venue.id,
        "venue_name": w.venue.name,
        "space_id": w.space.id,
        "space_name": w.space.name,
        "group_id": w.group.id,
        "series_id": None,
        "starts_at": None,
        "ends_at": None,
    }
    following = await waiting(client, body["next"].replace("http://testserver", ""), w.organiser.headers)
    assert [item["booking_id"] for item in following.json()["items"]] == [second.id]
    longer = await waiting(client, "/api/v1/attendance/to-record?days=100", w.organiser.headers)
    assert longer.json()["total"] == 3
    assert (await waiting(client, "/api/v1/attendance/to-record", w.stranger.headers)).json()["total"] == 0
    assert (await waiting(client, "/api/v1/attendance/to-record?days=0", w.organiser.headers)).status_code == 400
    assert (await waiting(client, "/api/v1/attendance/to-record", {})).status_code == 401


async def test_a_venues_waiting_sessions_are_for_its_managers(client: httpx.AsyncClient, factory: Factory) -> None:
    w = await world(factory, clock.now())
    session = await w.session(2)
    url = f"/api/v1/venues/{w.venue.id}/attendance/to-record"
    listed = await waiting(client, url, w.manager.headers)
    assert [item["booking_id"] for item in listed.json()["items"]] == [session.id]
    assert (await waiting(client, url, w.organiser.headers)).status_code == 403
    assert (await waiting(client, "/api/v1/venues/999999/attendance/to-record", w.manager.headers)).status_code == 404
