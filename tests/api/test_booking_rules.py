"""Every booking rule, each with the accepted edge and the refused case (422 naming the rule)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import httpx
import pytest

from tests.bookings_support import book, future_day, local
from tests.factories import Factory
from venues.core import clock
from venues.models import Closure, OpeningHours, SpacePart, Venue

DAY = future_day()


def rule(response: httpx.Response) -> str:
    assert response.headers["content-type"].startswith("application/problem+json"), response.text
    return response.json()["type"].rsplit("/", 1)[1]


async def test_a_booking_may_exactly_fill_opening_hours_but_not_run_past_them(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    booker = await factory.account()
    venue = await factory.venue()
    space = await factory.space(venue, open_all_week=False, max_booking_minutes=12 * 60)
    await OpeningHours.insert(
        *[OpeningHours(venue=venue.id, weekday=d, opens=time(9), closes=time(17)) for d in range(7)]
    )

    early = await book(client, booker, space.id, local(DAY, "08:59"), local(DAY, "10:00"))
    late = await book(client, booker, space.id, local(DAY, "16:00"), local(DAY, "17:01"))
    assert (early.status_code, rule(early)) == (422, "opening-hours")
    assert "open 09:00–17:00" in early.json()["detail"]
    assert (late.status_code, rule(late)) == (422, "opening-hours")
    exact = await book(client, booker, space.id, local(DAY, "09:00"), local(DAY, "17:00"))
    assert exact.status_code == 201, exact.text


async def test_space_hours_narrow_the_venue_hours(client: httpx.AsyncClient, factory: Factory) -> None:
    booker = await factory.account()
    venue = await factory.venue()
    space = await factory.space(venue)
    await OpeningHours.insert(
        OpeningHours(venue=venue.id, space=space.id, weekday=DAY.weekday(), opens=time(18), closes=time(22))
    )
    refused = await book(client, booker, space.id, local(DAY, "17:00"), local(DAY, "19:00"))
    assert (refused.status_code, rule(refused)) == (422, "opening-hours")
    other_day = await book(
        client, booker, space.id, local(DAY + timedelta(days=1), "18:00"), local(DAY + timedelta(days=1), "19:00")
    )
    assert (other_day.status_code, rule(other_day)) == (422, "opening-hours")
    assert (await book(client, booker, space.id, local(DAY, "18:00"), local(DAY, "22:00"))).status_code == 201


async def test_closures_of_the_venue_the_space_or_a_part_refuse_bookings_that_day_only(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    booker = await factory.account()
    venue = await factory.venue()
    main = await factory.space(venue)
    small = await factory.space(venue)
    whole = await factory.space(venue)
    await SpacePart.insert(SpacePart(combined=whole.id, part=main.id), SpacePart(combined=whole.id, part=small.id))
    await Closure.insert(
        Closure(venue=venue.id, starts_on=DAY, ends_on=DAY, reason="Village fete"),
        Closure(
            venue=venue.id,
            space=small.id,
            starts_on=DAY + timedelta(days=1),
            ends_on=DAY + timedelta(days=1),
            reason="Floor works",
        ),
    )
    fete = await book(client, booker, main.id, local(DAY, "23:00"), local(DAY, "23:30"))
    assert (fete.status_code, rule(fete)) == (422, "closure")
    assert "Village fete" in fete.json()["detail"]
    next_day = DAY + timedelta(days=1)
    floor = await book(client, booker, whole.id, local(next_day, "10:00"), local(next_day, "11:00"))
    assert (floor.status_code, rule(floor)) == (422, "closure")
    assert (await book(client, booker, main.id, local(next_day, "00:00"), local(next_day, "01:00"))).status_code == 201
    assert (
        await book(
            client, booker, main.id, local(DAY - timedelta(days=1), "23:00"), local(DAY - timedelta(days=1), "23:59")
        )
    ).status_code == 201


async def test_length_limits_accept_the_limits_themselves(client: httpx.AsyncClient, factory: Factory) -> None:
    booker = await factory.account()
    space = await factory.space(await factory.venue(), min_booking_minutes=60, max_booking_minutes=120)
    short = await book(client, booker, space.id, local(DAY, "09:00"), local(DAY, "09:59"))
    long = await book(client, booker, space.id, local(DAY, "10:00"), local(DAY, "12:01"))
    assert (short.status_code, rule(short)) == (422, "min-length")
    assert (long.status_code, rule(long)) == (422, "max-length")
    assert (await book(client, booker, space.id, local(DAY, "09:00"), local(DAY, "10:00"))).status_code == 201
    assert (await book(client, booker, space.id, local(DAY, "10:00"), local(DAY, "12:00"))).status_code == 201


@pytest.mark.parametrize("starts, ends", [("10:00", "10:00"), ("11:00", "10:00")])
async def test_a_booking_must_end_after_it_starts(
    client: httpx.AsyncClient, factory: Factory, starts: str, ends: str
) -> None:
    booker = await factory.account()
    space = await factory.space(await factory.venue())
    response = await book(client, booker, space.id, local(DAY, starts), local(DAY, ends))
    assert response.status_code == 400
    assert response.json()["field"] == "ends_at"


async def test_attendance_may_equal_capacity_but_not_exceed_it(client: httpx.AsyncClient, factory: Factory) -> None:
    booker = await factory.account()
    space = await factory.space(await factory.venue(), capacity=40)
    over = await book(client, booker, space.id, local(DAY, "09:00"), local(DAY, "10:00"), attendance=41)
    assert (over.status_code, rule(over)) == (422, "capacity")
    assert (
        await book(client, booker, space.id, local(DAY, "09:00"), local(DAY, "10:00"), attendance=40)
    ).status_code == 201


async def test_notice_and_horizon_and_the_managers_override(client: httpx.AsyncClient, factory: Factory) -> None:
    # A fixed morning two days ahead, so "two hours from now" never crosses the space's 23:59 closing,
    # whatever the real time of day the suite runs at.
    now = (datetime.now(UTC) + timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
    with clock.frozen_at(now):
        manager = await factory.account("manager")
        booker = await factory.account("booker")
        venue = await factory.venue(manager=manager)
        space = await factory.space(venue, min_notice_minutes=24 * 60, horizon_days=30, max_booking_minutes=24 * 60)

        def at(delta: timedelta) -> str:
            return (now + delta).isoformat()

        too_soon = await book(client, booker, space.id, at(timedelta(hours=23)), at(timedelta(hours=24)))
        assert (too_soon.status_code, rule(too_soon)) == (422, "notice")
        assert "needs 24 h notice" in too_soon.json()["detail"]
        past = await book(client, booker, space.id, at(timedelta(hours=-3)), at(timedelta(hours=-2)))
        assert (past.status_code, rule(past)) == (422, "notice")
        assert "has already passed" in past.json()["detail"] and "notice" not in past.json()["detail"]
        assert (
            await book(client, booker, space.id, at(timedelta(hours=25)), at(timedelta(hours=26)))
        ).status_code == 201
        too_far = await book(
            client, booker, space.id, at(timedelta(days=30, minutes=-30)), at(timedelta(days=30, minutes=30))
        )
        assert (too_far.status_code, rule(too_far)) == (422, "horizon")
        assert (
            await book(client, booker, space.id, at(timedelta(days=29)), at(timedelta(days=29, hours=1)))
        ).status_code == 201

        not_theirs = await book(
            client, booker, space.id, at(timedelta(hours=2)), at(timedelta(hours=3)), override_rules=True
        )
        assert not_theirs.status_code == 403
        overridden = await book(
            client, manager, space.id, at(timedelta(hours=2)), at(timedelta(hours=3)), override_rules=True
        )
        assert overridden.status_code == 201, overridden.text
        assert overridden.json()["rules_overridden"] is True
        history = await client.get(f"/api/v1/bookings/{overridden.json()['id']}/history", headers=manager.headers)
        assert history.json()["items"][0]["changes"]["overridden_rules"] == [[], ["notice"]]
        clash = await book(
            client, manager, space.id, at(timedelta(hours=2)), at(timedelta(hours=3)), override_rules=True
        )
        assert (clash.status_code, rule(clash)) == (409, "overlap")
        capacity = await book(
            client,
            manager,
            space.id,
            at(timedelta(hours=4)),
            at(timedelta(hours=5)),
            override_rules=True,
            attendance=51,
        )
        assert (capacity.status_code, rule(capacity)) == (422, "capacity")

    @pytest.mark.parametrize(
        "change, expected",
        [
            ({"archived": True}, "space-archived"),
            ({"bookable": False}, "space-not-bookable"),
            ({"venue_archived": True}, "venue-archived"),
        ],
    )
    async def test_archived_or_unbookable_spaces_and_archived_venues_take_no_bookings(
        client: httpx.AsyncClient, factory: Factory, change: dict[str, bool], expected: str
    ) -> None:
        booker = await factory.account()
        venue = await factory.venue()
        space = await factory.space(venue, **{k: v for k, v in change.items() if k != "venue_archived"})
        if "venue_archived" in change:
            await Venue.update({Venue.archived: True}).where(Venue.id == venue.id)
        response = await book(client, booker, space.id, local(DAY, "09:00"), local(DAY, "10:00"))
        assert (response.status_code, rule(response)) == (422, expected)


async def test_buffers_touch_without_colliding(client: httpx.AsyncClient, factory: Factory) -> None:
    booker = await factory.account()
    space = await factory.space(await factory.venue(), setup_buffer_minutes=30, cleanup_buffer_minutes=15)
    # Holds 09:30–12:15.
    assert (await book(client, booker, space.id, local(DAY, "10:00"), local(DAY, "12:00"))).status_code == 201
    after_clash = await book(client, booker, space.id, local(DAY, "12:44"), local(DAY, "14:00"))
    assert (after_clash.status_code, rule(after_clash)) == (409, "overlap")
    before_clash = await book(client, booker, space.id, local(DAY, "08:00"), local(DAY, "09:16"))
    assert before_clash.status_code == 409
    # 12:45 − 30 min set-up = 12:15, exactly where the first booking's clean-up ends.
    assert (await book(client, booker, space.id, local(DAY, "12:45"), local(DAY, "14:00"))).status_code == 201
    # 09:15 + 15 min clean-up = 09:30, exactly where the first booking's set-up starts.
    assert (await book(client, booker, space.id, local(DAY, "08:00"), local(DAY, "09:15"))).status_code == 201


async def test_the_whole_hall_collides_with_its_parts_but_the_parts_not_with_each_other(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    booker = await factory.account("booker")
    venue = await factory.venue(manager=manager)
    main = await factory.space(venue, name="Main hall")
    small = await factory.space(venue, name="Small hall")
    whole = await factory.space(venue, name="Whole hall", cleanup_buffer_minutes=30)
    await SpacePart.insert(SpacePart(combined=whole.id, part=main.id), SpacePart(combined=whole.id, part=small.id))

    main_booking = await book(client, booker, main.id, local(DAY, "10:00"), local(DAY, "12:00"), title="Yoga")
    assert main_booking.status_code == 201
    assert (await book(client, booker, small.id, local(DAY, "10:00"), local(DAY, "12:00"))).status_code == 201
    refused = await book(client, booker, whole.id, local(DAY, "11:00"), local(DAY, "13:00"))
    assert (refused.status_code, rule(refused)) == (409, "overlap")
    body = refused.json()
    assert {clash["space_name"] for clash in body["clashes"]} == {"Main hall", "Small hall"}
    assert body["clashes"][0]["starts_local"].startswith(f"{DAY.isoformat()}T10:00:00")
    assert "Yoga" not in refused.text and "booking_id" not in body["clashes"][0]
    seen_by_manager = await book(client, manager, whole.id, local(DAY, "11:00"), local(DAY, "13:00"))
    assert seen_by_manager.status_code == 409
    assert "Yoga" in seen_by_manager.json()["detail"]
    assert seen_by_manager.json()["clashes"][0]["booking_id"] == main_booking.json()["id"]

    # The whole hall's own clean-up (30 min) is what its parts hold afterwards.
    assert (await book(client, booker, whole.id, local(DAY, "14:00"), local(DAY, "15:00"))).status_code == 201
    busy_part = await book(client, booker, main.id, local(DAY, "15:29"), local(DAY, "16:00"))
    assert busy_part.status_code == 409
    assert (await book(client, booker, main.id, local(DAY, "15:30"), local(DAY, "16:00"))).status_code == 201


async def test_a_time_with_an_offset_is_taken_as_given_and_one_without_in_the_venue_zone(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    booker = await factory.account()
    venue = await factory.venue(timezone="America/New_York")
    space = await factory.space(venue)
    day = future_day(weekday=2)
    naive = await book(client, booker, space.id, local(day, "09:00"), local(day, "10:00"))
    offset = await book(client, booker, space.id, f"{day}T11:00:00+00:00", f"{day}T11:30:00+00:00")
    assert naive.status_code == 201 and offset.status_code == 201
    started = datetime.fromisoformat(naive.json()["starts_at"])
    assert started.hour in (13, 14)  # 09:00 in New York is 13:00 or 14:00 UTC, with daylight saving or without
    assert naive.json()["starts_local"].startswith(f"{day.isoformat()}T09:00:00-0")
    assert offset.json()["starts_at"] == f"{day.isoformat()}T11:00:00Z"
    assert date.fromisoformat(offset.json()["starts_local"][:10]) == day


async def test_instants_outside_any_plausible_booking_are_a_400_not_an_overflow(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    booker = await factory.account()
    space = await factory.space(await factory.venue())
    ancient = await book(client, booker, space.id, "0001-01-01T00:00:00", "0001-01-01T01:00:00")
    assert (ancient.status_code, ancient.json()["field"]) == (400, "starts_at")
    far = await client.get(
        f"/api/v1/spaces/{space.id}/availability",
        params={"from": "9999-12-30T00:00:00", "to": "9999-12-31T23:00:00+05:00"},
    )
    assert far.status_code == 400
    quote = await client.post(
        "/api/v1/quotes",
        json={"space_id": space.id, "starts_at": "0001-01-01T00:00:00+05:00", "ends_at": "0001-01-01T02:00:00+05:00"},
    )
    assert quote.status_code == 400


async def test_a_booking_may_run_past_midnight_inside_a_late_finish_but_not_past_closing(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account()
    booker = await factory.account()
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, open_all_week=False)
    hours = {"hours": [{"weekday": DAY.weekday(), "opens": "18:00", "closes": "01:00"}]}
    put = await client.put(f"/api/v1/venues/{venue.id}/opening-hours", json=hours, headers=manager.headers)
    assert put.status_code == 200, put.text
    sunday = DAY + timedelta(days=1)

    party = await book(client, booker, space.id, local(DAY, "22:00"), local(sunday, "00:45"))
    assert party.status_code == 201, party.text
    assert party.json()["ends_local"].startswith(f"{sunday.isoformat()}T00:45")
    after = await book(client, booker, space.id, local(sunday, "01:00"), local(sunday, "01:30"))
    assert (after.status_code, rule(after)) == (422, "opening-hours")
    assert "open 00:00–01:00" in after.json()["detail"]
    overrun = await book(client, booker, space.id, local(DAY, "23:00"), local(sunday, "01:15"))
    assert (overrun.status_code, rule(overrun)) == (422, "opening-hours")
    assert "open 18:00–01:00 (next day)" in overrun.json()["detail"]
