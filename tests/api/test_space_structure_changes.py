"""A space's structure changes under its bookings: parts added, removed, swapped, buffers, archiving.

Whatever happens, no two live bookings' held time overlaps on any space, and
every live booking to come holds exactly what its space is now: a combined
space's time on its parts, a plain space's on itself, buffers included. The
probes at the end race each change against new bookings, as
test_booking_concurrency does, and check both directly in the tables.
"""

from __future__ import annotations

import asyncio
import os
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import httpx
import pytest

from scheduling.models import Booking, Occupancy
from tests.api.test_booking_concurrency import overlapping_occupancy_pairs
from tests.bookings_support import book, future_day, local
from tests.factories import Account, Factory
from venues.core.database import is_postgres
from venues.models import Space, SpacePart


async def stale_holds() -> list[int]:
    """Live bookings to come whose occupancy is not what their space's parts and buffers say now."""
    now = datetime.now(UTC)
    live = await Booking.select(Booking.id, Booking.space, Booking.starts_at, Booking.ends_at).where(
        Booking.status.is_in(["requested", "confirmed"]) & (Booking.ends_at > now)
    )
    spaces = {
        row["id"]: row for row in await Space.select(Space.id, Space.setup_buffer_minutes, Space.cleanup_buffer_minutes)
    }
    parts: dict[int, set[int]] = defaultdict(set)
    for row in await SpacePart.select(SpacePart.combined, SpacePart.part):
        parts[row["combined"]].add(row["part"])
    held: dict[int, set[tuple[int, int, int]]] = defaultdict(set)
    for row in await Occupancy.select(Occupancy.booking, Occupancy.space, Occupancy.starts_ts, Occupancy.ends_ts):
        held[row["booking"]].add((row["space"], row["starts_ts"], row["ends_ts"]))
    stale = []
    for booking in live:
        space = spaces[booking["space"]]
        starts = int((booking["starts_at"] - timedelta(minutes=space["setup_buffer_minutes"])).timestamp())
        ends = int((booking["ends_at"] + timedelta(minutes=space["cleanup_buffer_minutes"])).timestamp())
        wanted = {(physical, starts, ends) for physical in parts[booking["space"]] or {booking["space"]}}
        if held[booking["id"]] != wanted:
            stale.append(booking["id"])
    return stale


async def live_bookings_on_archived_spaces() -> list[int]:
    """Live bookings to come that hold time on an archived space (their own, or a part of theirs)."""
    archived = Space.select(Space.id).where(Space.archived.eq(True))
    rows = await Booking.select(Booking.id).where(
        Booking.status.is_in(["requested", "confirmed"])
        & (Booking.ends_at > datetime.now(UTC))
        & (
            Booking.space.is_in(archived)
            | Booking.id.is_in(Occupancy.select(Occupancy.booking).where(Occupancy.space.is_in(archived)))
        )
    )
    return [row["id"] for row in rows]


@dataclass
class Hall:
    manager: Account
    p1: int
    p2: int
    p3: int
    whole: int


@pytest.fixture
async def hall(factory: Factory) -> Hall:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    p1, p2, p3 = [(await factory.space(venue, name=name)).id for name in ("Main", "Small", "Kitchen")]
    whole = (await factory.space(venue, name="Whole hall")).id
    await SpacePart.insert(SpacePart(combined=whole, part=p1), SpacePart(combined=whole, part=p2))
    return Hall(manager, p1, p2, p3, whole)


async def patch(client: httpx.AsyncClient, hall: Hall, space_id: int, **body: Any) -> httpx.Response:
    return await client.patch(f"/api/v1/spaces/{space_id}", json=body, headers=hall.manager.headers)


DAY = future_day()


async def test_removing_a_combined_spaces_parts_moves_its_bookings_hold_onto_it(
    client: httpx.AsyncClient, hall: Hall
) -> None:
    first = await book(client, hall.manager, hall.whole, local(DAY, "10:00"), local(DAY, "12:00"))
    assert first.status_code == 201, first.text
    assert (await patch(client, hall, hall.whole, part_ids=[])).status_code == 200
    again = await book(client, hall.manager, hall.whole, local(DAY, "10:00"), local(DAY, "12:00"))
    assert again.status_code == 409, again.text
    assert {row["space"] for row in await Occupancy.select(Occupancy.space)} == {hall.whole}
    assert await stale_holds() == []


async def test_a_plain_space_gaining_parts_moves_its_bookings_hold_onto_them(
    client: httpx.AsyncClient, hall: Hall
) -> None:
    plain = hall.p3
    first = await book(client, hall.manager, plain, local(DAY, "10:00"), local(DAY, "12:00"))
    assert first.status_code == 201, first.text
    await SpacePart.delete().where(SpacePart.combined == hall.whole)
    assert (await patch(client, hall, plain, part_ids=[hall.p1, hall.p2])).status_code == 200
    on_part = await book(client, hall.manager, hall.p1, local(DAY, "11:00"), local(DAY, "13:00"))
    assert on_part.status_code == 409, on_part.text
    assert await stale_holds() == []


async def test_parts_that_clash_with_the_spaces_bookings_are_refused_listing_them(
    client: httpx.AsyncClient, hall: Hall
) -> None:
    mine = (await book(client, hall.manager, hall.whole, local(DAY, "10:00"), local(DAY, "12:00"), title="Fair")).json()
    theirs = (await book(client, hall.manager, hall.p3, local(DAY, "11:00"), local(DAY, "13:00"))).json()
    swapped = await patch(client, hall, hall.whole, part_ids=[hall.p2, hall.p3])
    assert swapped.status_code == 409, swapped.text
    problem = swapped.json()
    assert problem["type"].endswith("/affects-bookings")
    assert [(b["id"], b["title"], b["clashes_with"]) for b in problem["bookings"]] == [
        (mine["id"], "Fair", [theirs["id"]])
    ]
    assert problem["bookings"][0]["starts_local"].startswith(f"{DAY.isoformat()}T10:00:00")
    # Nothing was written: the parts and the held time are as before.
    assert (await client.get(f"/api/v1/spaces/{hall.whole}")).json()["part_ids"] == [hall.p1, hall.p2]
    assert await stale_holds() == []


async def test_longer_buffers_move_the_held_time_or_are_refused_when_bookings_would_touch(
    client: httpx.AsyncClient, hall: Hall
) -> None:
    early = (await book(client, hall.manager, hall.p3, local(DAY, "10:00"), local(DAY, "12:00"))).json()
    assert (await patch(client, hall, hall.p3, cleanup_buffer_minutes=30)).status_code == 200
    assert await stale_holds() == []
    assert (await book(client, hall.manager, hall.p3, local(DAY, "12:00"), local(DAY, "13:00"))).status_code == 409
    late = await book(client, hall.manager, hall.p3, local(DAY, "12:30"), local(DAY, "14:00"))
    assert late.status_code == 201, late.text
    longer = await patch(client, hall, hall.p3, setup_buffer_minutes=15)
    assert longer.status_code == 409, longer.text
    assert {b["id"]: b["clashes_with"] for b in longer.json()["bookings"]} == {
        early["id"]: [late.json()["id"]],
        late.json()["id"]: [early["id"]],
    }
    assert (await client.get(f"/api/v1/spaces/{hall.p3}")).json()["setup_buffer_minutes"] == 0
    assert await stale_holds() == []


async def test_archiving_a_space_with_bookings_to_come_is_refused_listing_them(
    client: httpx.AsyncClient, factory: Factory, hall: Hall
) -> None:
    past = datetime.now(UTC).replace(microsecond=0) - timedelta(days=3)
    await factory.booking(await Space.objects().get(Space.id == hall.p3), past, past + timedelta(hours=1))
    assert (await patch(client, hall, hall.p3, archived=True)).status_code == 200  # past bookings do not stop it
    booked = (await book(client, hall.manager, hall.whole, local(DAY, "10:00"), local(DAY, "12:00"))).json()
    for space_id in (hall.whole, hall.p1):  # the combined space's booking holds time on its part too
        refused = await patch(client, hall, space_id, archived=True)
        assert refused.status_code == 409, refused.text
        assert refused.json()["type"].endswith("/affects-bookings")
        assert [b["id"] for b in refused.json()["bookings"]] == [booked["id"]]
        assert (await client.get(f"/api/v1/spaces/{space_id}")).json()["archived"] is False
    cancelled = await client.post(f"/api/v1/bookings/{booked['id']}/cancel", headers=hall.manager.headers)
    assert cancelled.status_code == 200, cancelled.text
    assert (await patch(client, hall, hall.whole, archived=True)).status_code == 200


# The probe: each change raced against new bookings of the combined space and its parts.
CHANGES = {
    "parts removed": lambda hall: {"part_ids": []},
    "parts added": lambda hall: {"part_ids": [hall.p1, hall.p2, hall.p3]},
    "parts swapped": lambda hall: {"part_ids": [hall.p2, hall.p3]},
    "buffers longer": lambda hall: {"setup_buffer_minutes": 30, "cleanup_buffer_minutes": 30},
    "archived": lambda hall: {"archived": True},
}


@pytest.mark.parametrize("change", list(CHANGES))
async def test_a_spaces_structure_changing_under_racing_bookings_leaves_no_overlap_and_no_stale_hold(
    client: httpx.AsyncClient, hall: Hall, change: str
) -> None:
    hours = ["09:00", "10:00", "11:00", "12:00", "13:00", "14:00"]
    for hour in hours[::2] if change != "archived" else []:  # already booked before the change (archiving: none)
        made = await book(client, hall.manager, hall.whole, local(DAY, hour), local(DAY, f"{int(hour[:2]) + 1}:00"))
        assert made.status_code == 201, made.text
    targets = [hall.whole, hall.p1, hall.p2, hall.p3, hall.whole, hall.whole]
    racing = [
        book(client, hall.manager, target, local(DAY, hour), local(DAY, f"{int(hour[:2]) + 1}:00"))
        for hour in hours
        for target in targets
    ]
    changing = patch(client, hall, hall.whole, **CHANGES[change](hall))
    responses = await asyncio.gather(*racing[:12], changing, *racing[12:])
    codes = Counter(r.status_code for r in responses)
    assert set(codes) <= {200, 201, 409, 422}, [r.text for r in responses if r.status_code >= 500][:3]
    assert await overlapping_occupancy_pairs() == 0
    assert await stale_holds() == []
    assert await live_bookings_on_archived_spaces() == []


async def test_a_part_of_a_live_combined_space_cannot_be_archived(client: httpx.AsyncClient, hall: Hall) -> None:
    refused = await patch(client, hall, hall.p1, archived=True)
    assert refused.status_code == 409, refused.text
    assert "Whole hall" in refused.json()["detail"]
    assert (await client.get(f"/api/v1/spaces/{hall.p1}")).json()["archived"] is False
    assert (await patch(client, hall, hall.whole, archived=True)).status_code == 200
    assert (await patch(client, hall, hall.p1, archived=True)).status_code == 200


@pytest.mark.skipif(not is_postgres(), reason="SQLite's write transactions never overlap; the race is PostgreSQL's")
async def test_a_booking_cancelled_while_its_space_is_being_changed_holds_no_time_afterwards(
    client: httpx.AsyncClient, hall: Hall
) -> None:
    """The cancel meets a space change that has rewritten the booking's held time but not yet committed."""
    booked = await book(client, hall.manager, hall.p1, local(DAY, "10:00"), local(DAY, "12:00"))
    assert booked.status_code == 201, booked.text
    booking_id = booked.json()["id"]
    changer = await asyncpg.connect(os.environ["DATABASE_URL"])
    watcher = await asyncpg.connect(os.environ["DATABASE_URL"])
    try:
        # What change_space does for a longer set-up time: the space row held, the booking's hold rewritten.
        await changer.execute("BEGIN")
        await changer.execute('SELECT 1 FROM "space" WHERE "id" = $1 FOR UPDATE', hall.p1)
        rows = await changer.fetch('DELETE FROM "occupancy" WHERE "booking" = $1 RETURNING *', booking_id)
        for row in rows:
            await changer.execute(
                'INSERT INTO "occupancy" ("booking", "space", "starts_ts", "ends_ts") VALUES ($1, $2, $3, $4)',
                booking_id,
                row["space"],
                row["starts_ts"] - 1800,
                row["ends_ts"],
            )
        cancel = asyncio.create_task(client.post(f"/api/v1/bookings/{booking_id}/cancel", headers=hall.manager.headers))
        for _ in range(1000):  # until the cancel waits on the change's locks (bounded; it always gets there)
            waiting = await watcher.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> $1",
                changer.get_server_pid(),
            )
            if waiting or cancel.done():
                break
            await asyncio.sleep(0.01)
        await changer.execute("COMMIT")
        cancelled = await cancel
    finally:
        await changer.close()
        await watcher.close()
    assert cancelled.status_code == 200, cancelled.text
    assert await Occupancy.select().where(Occupancy.booking == booking_id) == []
