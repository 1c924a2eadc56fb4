"""A closure added while bookings are being made on its day never leaves one of them inside it unseen.

Each venue gets, all at once through the ASGI app: one-off requests for its day,
a weekly series with a date on it, a booking moved onto it, and a closure over
it. On PostgreSQL these transactions are open together: a booking checked
against the opening before the closure committed, and written after, would sit
inside the closure without the closure ever having listed it. Afterwards the
tables are read directly: every live booking inside a closure was listed by it
and kept (a ``kept`` event in its history). SQLite's writers are serial, so
there it holds trivially.
"""

from __future__ import annotations

import asyncio
from datetime import time, timedelta
from typing import Any

import httpx

from scheduling.bookings.audit import KEPT
from scheduling.bookings.status import HOLDS_TIME_VALUES
from scheduling.models import Booking, BookingEvent
from tests.bookings_support import book, future_day, local
from tests.factories import Factory
from tests.series_support import post_series
from venues.core.timezones import local_datetime
from venues.models import Closure

VENUES = 12
SLOTS = range(9, 17)


def closure_body(day: Any, keep: bool) -> dict[str, Any]:
    body: dict[str, Any] = {"starts_on": day.isoformat(), "ends_on": day.isoformat(), "reason": "Burst pipe"}
    if keep:
        body["resolve"] = {"all": "keep", "reason": "Going ahead in the annexe"}
    return body


async def test_no_live_booking_lies_inside_a_closure_it_was_not_listed_and_kept_by(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    day = future_day(weeks=3, weekday=2)
    calls, venue_ids, expected = [], [], []
    for n in range(VENUES):
        manager, member = await factory.account("manager"), await factory.account("organiser")
        group = await factory.group(member)
        venue = await factory.venue(manager=manager)
        space = await factory.space(venue, name="Main hall", requires_approval=n % 3 == 0, horizon_days=120)
        venue_ids.append(venue.id)
        moving = await book(
            client, member, space.id, local(day + timedelta(days=1), "20:00"), local(day + timedelta(days=1), "21:00")
        )
        assert moving.status_code == 201, moving.text
        for hour in SLOTS:
            calls.append(book(client, member, space.id, local(day, f"{hour:02d}:00"), local(day, f"{hour:02d}:30")))
            expected.append({201, 422})
        calls.append(
            post_series(
                client,
                member,
                space.id,
                {"freq": "WEEKLY", "count": 3},
                day - timedelta(days=7),
                "07:00",
                "08:00",
                group_id=group.id,
            )
        )
        expected.append({201, 409})
        calls.append(
            client.patch(
                f"/api/v1/bookings/{moving.json()['id']}",
                json={"starts_at": local(day, "20:00"), "ends_at": local(day, "21:00")},
                headers=member.headers,
            )
        )
        expected.append({200, 422})
        calls.append(
            client.post(
                f"/api/v1/venues/{venue.id}/closures", json=closure_body(day, keep=n % 2 == 0), headers=manager.headers
            )
        )
        expected.append({201, 409})

    responses = await asyncio.gather(*calls)

    unexpected = [
        (r.status_code, r.text) for r, allowed in zip(responses, expected, strict=True) if r.status_code not in allowed
    ]
    assert unexpected == []
    starts, ends = (
        local_datetime(day, time(0), "Europe/London"),
        local_datetime(day + timedelta(days=1), time(0), "Europe/London"),
    )
    closed = {row["venue"] for row in await Closure.select(Closure.venue).where(Closure.venue.is_in(venue_ids))}
    inside = await Booking.select(Booking.id, Booking.venue).where(
        Booking.venue.is_in(sorted(closed))
        & Booking.status.is_in(HOLDS_TIME_VALUES)
        & (Booking.starts_at < ends)
        & (Booking.ends_at > starts)
    )
    kept = {
        row["booking"] for row in await BookingEvent.select(BookingEvent.booking).where(BookingEvent.action == KEPT)
    }
    assert [row for row in inside if row["id"] not in kept] == []
    # Every venue whose closure said to keep what it found has it; the others have it only if nothing was booked first.
    assert closed >= {venue_ids[n] for n in range(0, VENUES, 2)}
