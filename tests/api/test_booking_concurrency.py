"""Many simultaneous requests for the same time: exactly one holds it, the rest get 409, nothing overlaps.

The requests run concurrently on one event loop through the ASGI app, so on
PostgreSQL several transactions pass the Python check together and the
exclusion constraint has to pick the winner; on SQLite they queue on the
write lock. Afterwards the tables are checked directly with SQL.
"""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
import pytest

from scheduling.holds import guard
from scheduling.models import Booking, Occupancy
from tests.bookings_support import book, future_day, local
from tests.factories import Factory
from venues.models import SpacePart

REQUESTS = 50


async def overlapping_occupancy_pairs() -> int:
    rows = await Occupancy.raw(
        "SELECT COUNT(*) AS n FROM occupancy a JOIN occupancy b "
        'ON a."space" = b."space" AND a.id < b.id AND a.starts_ts < b.ends_ts AND b.starts_ts < a.ends_ts'
    )
    return rows[0]["n"]


async def active_bookings() -> list[dict[str, object]]:
    return await Booking.select(Booking.id, Booking.space).where(Booking.status.is_in(["requested", "confirmed"]))


async def test_fifty_simultaneous_requests_for_one_space_give_one_booking(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    venue = await factory.venue()
    space = await factory.space(venue, setup_buffer_minutes=10, cleanup_buffer_minutes=10)
    bookers = [await factory.account(f"b{i}") for i in range(5)]
    day = future_day()
    # Every request overlaps every other (directly or through the buffers); starts vary by a few minutes.
    responses = await asyncio.gather(
        *[
            book(client, bookers[i % 5], space.id, local(day, f"14:{i % 15:02d}"), local(day, f"15:{i % 15:02d}"))
            for i in range(REQUESTS)
        ]
    )
    codes = Counter(response.status_code for response in responses)
    assert codes == {201: 1, 409: REQUESTS - 1}, [r.text for r in responses if r.status_code not in (201, 409)][:3]
    refused = next(r for r in responses if r.status_code == 409).json()
    assert refused["type"].endswith("/overlap") and refused["clashes"]
    assert await overlapping_occupancy_pairs() == 0
    assert len(await active_bookings()) == 1
    assert await Booking.count() == 1
    assert await Occupancy.count() == 1


async def test_simultaneous_requests_for_a_combined_space_and_its_parts_never_overlap(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    main = await factory.space(venue, name="Main hall")
    small = await factory.space(venue, name="Small hall")
    whole = await factory.space(venue, name="Whole hall", cleanup_buffer_minutes=15)
    await SpacePart.insert(SpacePart(combined=whole.id, part=main.id), SpacePart(combined=whole.id, part=small.id))
    booker = await factory.account("booker")
    day = future_day()
    targets = [whole.id, main.id, small.id, whole.id] * 13
    responses = await asyncio.gather(
        *[book(client, booker, target, local(day, "10:00"), local(day, "12:00")) for target in targets]
    )
    assert {r.status_code for r in responses} <= {201, 409}, [r.text for r in responses if r.status_code >= 500][:3]
    won = Counter(target for target, r in zip(targets, responses, strict=True) if r.status_code == 201)
    # Either the whole hall wins alone, or one booking of each part (they do not collide with each other).
    assert won in (Counter({whole.id: 1}), Counter({main.id: 1, small.id: 1}))
    assert await overlapping_occupancy_pairs() == 0
    assert len(await active_bookings()) == sum(won.values())

    # And the same race for the whole hall against one part: exactly one winner.
    later = [whole.id, main.id] * 26
    responses = await asyncio.gather(
        *[book(client, booker, target, local(day, "14:00"), local(day, "16:00")) for target in later]
    )
    assert Counter(r.status_code for r in responses) == {201: 1, 409: len(later) - 1}
    assert await overlapping_occupancy_pairs() == 0


async def test_clashing_writers_queue_rather_than_deadlock(
    client: httpx.AsyncClient, factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Eight writers at once, four of them for the same hours of one space: they queue on the space, so each loser
    is refused by the check once the winner has committed, never inside the database's exclusion constraint, where
    three or more inserts waiting on each other can deadlock (found only after ``deadlock_timeout``, a second).
    Every refusal that reaches the guard's error path is recorded by its kind."""
    refused: list[str] = []
    recognise = guard.is_overlap_refusal

    def spying(exc: BaseException) -> bool:
        refused.append(type(exc).__name__)
        return recognise(exc)

    monkeypatch.setattr(guard, "is_overlap_refusal", spying)
    venue = await factory.venue()
    spaces = [await factory.space(venue, name=f"Room {i}") for i in range(5)]
    booker = await factory.account("booker")
    day = future_day()
    # Four for the same hours of the first space, four more each alone on its own space; three rounds.
    for hour in ("09", "12", "15"):
        targets = [spaces[0].id] * 4 + [space.id for space in spaces[1:]]
        responses = await asyncio.gather(
            *[book(client, booker, target, local(day, f"{hour}:00"), local(day, f"{hour}:45")) for target in targets]
        )
        assert [r.status_code for r in responses].count(201) == 5, [r.text for r in responses]
        losers = [r.json() for r in responses if r.status_code != 201]
        assert [problem["type"].rsplit("/", 1)[-1] for problem in losers] == ["overlap"] * 3
        assert all(problem["clashes"] for problem in losers)
    assert refused == ["Overlap"] * 9, refused
    assert await overlapping_occupancy_pairs() == 0
