"""A series' dates checked all together: all or nothing with every clash named, skipping on request, races."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import httpx

from scheduling.models import Booking, Occupancy, Series
from tests.api.test_booking_concurrency import overlapping_occupancy_pairs
from tests.bookings_support import book, local
from tests.factories import Factory
from tests.series_support import next_weekday, post_series
from venues.models import Closure, OpeningHours

LONDON = ZoneInfo("Europe/London")


async def crowded_space(factory: Factory, manager_name: str = "manager") -> tuple:
    """A space closed on the second Tuesday, taken on the third, open on Thursdays only from 14:00,
    and needing notice that the first Tuesday's 10:00 just misses."""
    manager = await factory.account(manager_name)
    venue = await factory.venue(manager=manager)
    tuesday = next_weekday(1, days_ahead=3)
    first_start = datetime.combine(tuesday, time(10), LONDON)
    notice = (first_start - datetime.now(UTC)) + timedelta(days=1)
    space = await factory.space(venue, open_all_week=False, min_notice_minutes=int(notice.total_seconds() // 60))
    await OpeningHours.insert(
        *[
            OpeningHours(venue=venue.id, weekday=day, opens=time(14) if day == 3 else time(8), closes=time(20))
            for day in range(7)
        ]
    )
    await Closure(
        venue=venue.id,
        starts_on=tuesday + timedelta(weeks=1),
        ends_on=tuesday + timedelta(weeks=1),
        reason="Polling station",
    ).save()
    return manager, venue, space, tuesday


async def test_a_series_with_clashes_books_nothing_and_names_every_clashing_date_and_why(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, venue, space, tuesday = await crowded_space(factory)
    taken = await factory.booking(
        space,
        datetime.combine(tuesday + timedelta(weeks=2), time(11, 30), LONDON),
        datetime.combine(tuesday + timedelta(weeks=2), time(13), LONDON),
        title="Jumble sale",
    )
    await Occupancy(
        booking=taken.id,
        space=space.id,
        starts_ts=int(taken.starts_at.timestamp()),
        ends_ts=int(taken.ends_at.timestamp()),
    ).save()

    refused = await post_series(client, manager, space.id, "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8", tuesday)
    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    problem = refused.json()
    assert problem["type"].endswith("/series-conflict")
    assert problem["total"] == 8  # every date asked for, so a client can say "7 of your 8 dates"
    thursday = tuesday + timedelta(days=2)
    expected = [
        (tuesday, "other_rule", "notice"),
        (thursday, "outside_opening_hours", "opening_hours"),
        (tuesday + timedelta(weeks=1), "closed", "closure"),
        (thursday + timedelta(weeks=1), "outside_opening_hours", "opening_hours"),
        (tuesday + timedelta(weeks=2), "taken", "overlap"),
        (thursday + timedelta(weeks=2), "outside_opening_hours", "opening_hours"),
        (thursday + timedelta(weeks=3), "outside_opening_hours", "opening_hours"),
    ]
    clashes = problem["clashes"]
    assert [(date.fromisoformat(c["date"]), c["reason"], c["rule"]) for c in clashes] == expected
    assert all(c["starts_local"][11:19] == "10:00:00" and c["ends_local"][11:19] == "12:00:00" for c in clashes)
    assert "Polling station" in clashes[2]["detail"]
    assert "open 14:00–20:00" in clashes[1]["detail"]
    assert (clashes[4]["booking_id"], clashes[4]["title"]) == (taken.id, "Jumble sale")
    assert "7 of the series' 8 dates cannot be booked" in problem["detail"]
    assert "skip_conflicts" in problem["detail"]
    assert await Series.count() == 0
    assert await Booking.count() == 1 and await Occupancy.count() == 1

    skipped = await post_series(
        client, manager, space.id, "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8", tuesday, skip_conflicts=True
    )
    assert skipped.status_code == 201, skipped.text
    body = skipped.json()
    assert body["booked"] == 1
    assert [(date.fromisoformat(c["date"]), c["reason"]) for c in body["skipped"]] == [(d, r) for d, r, _ in expected]
    (only,) = await Booking.select(Booking.starts_at).where(Booking.series == body["series"]["id"])
    assert only["starts_at"].astimezone(LONDON).date() == tuesday + timedelta(weeks=3)


async def test_a_booker_who_does_not_run_the_venue_is_not_told_who_holds_the_time(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    _, venue, space, tuesday = await crowded_space(factory)
    organiser = await factory.account("organiser")
    group = await factory.group(organiser)
    other = await factory.account("other")
    held = await book(
        client,
        other,
        space.id,
        local(tuesday + timedelta(weeks=3), "09:00"),
        local(tuesday + timedelta(weeks=3), "10:30"),
        title="Private party",
    )
    assert held.status_code == 201, held.text
    refused = await post_series(
        client, organiser, space.id, "FREQ=WEEKLY;BYDAY=TU;COUNT=4", tuesday + timedelta(weeks=2), group_id=group.id
    )
    assert refused.status_code == 409
    (clash,) = refused.json()["clashes"]
    assert clash["reason"] == "taken" and "booking_id" not in clash
    assert "Private party" not in refused.text


async def test_with_skip_conflicts_a_series_with_no_free_date_is_still_refused(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager, _, space, tuesday = await crowded_space(factory)
    response = await post_series(
        client, manager, space.id, "FREQ=WEEKLY;BYDAY=TH;COUNT=3", tuesday, skip_conflicts=True
    )
    assert response.status_code == 409
    assert response.json()["detail"].startswith("None of the series' 3 dates can be booked")
    assert await Series.count() == 0


async def test_a_series_racing_one_off_bookings_for_one_of_its_dates_never_leaves_an_overlap(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, cleanup_buffer_minutes=15)
    bookers = [await factory.account(f"b{n}") for n in range(4)]
    tuesday = next_weekday(1)
    contested = tuesday + timedelta(weeks=3)

    async def one_off(n: int, hour: int, delay: float) -> httpx.Response:
        await asyncio.sleep(delay)
        return await book(
            client,
            bookers[n % 4],
            space.id,
            local(contested, f"{hour}:{5 * n:02d}"),
            local(contested, f"{hour + 1}:{5 * n:02d}"),
        )

    # Every one-off overlaps the series' date and each other: exactly one request may win each round.
    # Later rounds hold the one-offs back a little, so the series wins some rounds and loses others.
    for round_, delay in enumerate((0.0, 0.002, 0.02)):
        hour = 10 + 2 * round_
        series = post_series(
            client, manager, space.id, "FREQ=WEEKLY;BYDAY=TU;COUNT=6", tuesday, f"{hour}:00", f"{hour + 1}:30"
        )
        responses = await asyncio.gather(series, *[one_off(n, hour, delay) for n in range(8)])
        series_response, singles = responses[0], responses[1:]
        codes = Counter(r.status_code for r in singles)
        assert set(codes) <= {201, 409}, [r.text for r in singles if r.status_code not in (201, 409)]
        if series_response.status_code == 201:
            assert codes[201] == 0
            assert series_response.json()["booked"] == 6
        else:
            assert series_response.status_code == 409, series_response.text
            assert series_response.json()["type"].endswith("/series-conflict")
            assert codes[201] == 1
        assert await overlapping_occupancy_pairs() == 0
        held = await Occupancy.count()
        assert held == await Booking.count().where(Booking.status.is_in(["requested", "confirmed"]))
