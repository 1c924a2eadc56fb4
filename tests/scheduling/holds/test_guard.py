"""The database, not the Python check, is what refuses overlapping occupancy; its refusal becomes a 409."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from scheduling.bookings.workflow import BookingDraft, request_booking
from scheduling.holds import guard as conflicts
from scheduling.holds.occupancy import hold_for, write_hold
from scheduling.holds.space_changes import change_space
from scheduling.models import Booking, Occupancy
from tests.bookings_support import future_day
from tests.factories import Factory
from venues.core.database import write_transaction
from venues.core.errors import Conflict, DomainError
from venues.spaces.bookable import SpaceChanged, hold_current, load_bookable

NOW = datetime(2030, 1, 1, tzinfo=UTC)


async def test_the_guard_refuses_an_overlapping_row_written_directly(factory: Factory) -> None:
    venue = await factory.venue()
    space = await factory.space(venue)
    booking = Booking(
        uid="direct",
        venue=venue.id,
        space=space.id,
        status="confirmed",
        starts_at=datetime.now(UTC),
        ends_at=datetime.now(UTC),
    )
    await booking.save()
    await Occupancy.insert(Occupancy(booking=booking.id, space=space.id, starts_ts=1000, ends_ts=2000))
    await Occupancy.insert(Occupancy(booking=booking.id, space=space.id, starts_ts=2000, ends_ts=3000))
    with pytest.raises(Exception) as refused:
        await Occupancy.insert(Occupancy(booking=booking.id, space=space.id, starts_ts=2999, ends_ts=4000))
    assert conflicts.is_overlap_refusal(refused.value)
    assert await Occupancy.count() == 2


async def test_a_refusal_the_check_missed_rolls_back_everything_and_names_the_taken_time(
    factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, requires_approval=False, setup_buffer_minutes=15)
    day = future_day()
    first = await request_booking(
        manager.user,
        BookingDraft(space.id, datetime.fromisoformat(f"{day}T10:00"), datetime.fromisoformat(f"{day}T12:00")),
    )

    real_taken = conflicts.taken
    calls: list[int] = []

    async def blind_first_time(*args: object, **kwargs: object) -> list[object]:
        calls.append(1)
        return [] if len(calls) == 1 else await real_taken(*args, **kwargs)

    monkeypatch.setattr(conflicts, "taken", blind_first_time)
    with pytest.raises(conflicts.Overlap) as refused:
        await request_booking(
            manager.user,
            BookingDraft(
                space.id, datetime.fromisoformat(f"{day}T11:00"), datetime.fromisoformat(f"{day}T13:00"), title="Late"
            ),
        )
    assert len(calls) == 2
    assert refused.value.extra["clashes"][0]["booking_id"] == first.id
    assert "taken Sat" in refused.value.detail and "09:45–12:00" in refused.value.detail
    assert await Booking.count() == 1
    assert await Occupancy.count() == 1


async def test_hold_for_a_combined_space_covers_each_part_with_the_combined_buffers(factory: Factory) -> None:
    from venues.models import SpacePart

    venue = await factory.venue()
    main = await factory.space(venue, setup_buffer_minutes=5)
    small = await factory.space(venue)
    whole = await factory.space(venue, setup_buffer_minutes=30, cleanup_buffer_minutes=10)
    await SpacePart.insert(SpacePart(combined=whole.id, part=small.id), SpacePart(combined=whole.id, part=main.id))
    start = datetime(2027, 1, 9, 14, tzinfo=UTC)
    bookable = await load_bookable(whole.id)
    hold = hold_for(bookable, start, start + timedelta(hours=1))
    assert hold.space_ids == tuple(sorted((main.id, small.id)))
    assert hold.ends_ts - hold.starts_ts == (30 + 60 + 10) * 60
    booking = Booking(
        uid="combined", venue=venue.id, space=whole.id, status="confirmed", starts_at=start, ends_at=start
    )
    await booking.save()
    await write_hold(booking.id, hold, await hold_current(bookable, start, start + timedelta(hours=1)))
    assert sorted(row["space"] for row in await Occupancy.select(Occupancy.space)) == sorted((main.id, small.id))


def test_a_postgres_deadlock_between_clashing_writers_counts_as_a_lost_race() -> None:
    from asyncpg.exceptions import DeadlockDetectedError

    assert conflicts.is_overlap_refusal(DeadlockDetectedError("deadlock detected"))
    assert not conflicts.is_overlap_refusal(ValueError("something else"))


async def test_a_hold_worked_out_before_its_space_changed_is_refused_not_written(factory: Factory) -> None:
    venue = await factory.venue()
    space = await factory.space(venue)
    start = datetime(2027, 1, 9, 14, tzinfo=UTC)
    bookable = await load_bookable(space.id)
    hold = hold_for(bookable, start, start + timedelta(hours=1))
    await change_space(space.id, {"cleanup_buffer_minutes": 30}, None)
    booking = Booking(uid="stale", venue=venue.id, space=space.id, status="confirmed", starts_at=start, ends_at=start)
    with pytest.raises(SpaceChanged):
        async with write_transaction():
            await booking.save()
            await write_hold(booking.id, hold, await hold_current(bookable, start, start + timedelta(hours=1)))
    assert await Occupancy.count() == 0 and await Booking.count() == 0


async def occupied_space(factory: Factory) -> tuple[int, int]:
    venue = await factory.venue()
    space = await factory.space(venue)
    booking = Booking(uid="held", venue=venue.id, space=space.id, status="confirmed", starts_at=NOW, ends_at=NOW)
    await booking.save()
    await Occupancy.insert(Occupancy(booking=booking.id, space=space.id, starts_ts=1000, ends_ts=2000))
    return booking.id, space.id


async def test_every_guarded_write_turns_the_guards_refusal_into_its_own_409(factory: Factory) -> None:
    booking_id, space_id = await occupied_space(factory)

    async def refusal() -> DomainError:
        return Conflict("taken, in this writer's words")

    with pytest.raises(Conflict) as refused:
        async with conflicts.guarded(refusal):
            await Occupancy.insert(Occupancy(booking=booking_id, space=space_id, starts_ts=1500, ends_ts=2500))
    assert refused.value.detail == "taken, in this writer's words"
    assert conflicts.is_overlap_refusal(refused.value.__cause__)
    assert await Occupancy.count() == 1


async def test_a_guarded_write_without_a_refusal_lets_the_database_error_through(factory: Factory) -> None:
    booking_id, space_id = await occupied_space(factory)

    async def no_refusal() -> None:
        return None

    with pytest.raises(Exception) as refused:
        async with conflicts.guarded(no_refusal):
            await Occupancy.insert(Occupancy(booking=booking_id, space=space_id, starts_ts=1500, ends_ts=2500))
    assert conflicts.is_overlap_refusal(refused.value)
