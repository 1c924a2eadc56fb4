"""What a change stores is worded in English whatever language its maker reads; only its refusal follows them."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

import pytest

from scheduling.bookings.changes import change_booking
from scheduling.models import Booking, BookingEvent
from scheduling.recurrence.rules import parse_rrule
from scheduling.series.changes import cancel_dates
from scheduling.series.create import SeriesDraft, create_series
from scheduling.venue_changes.archiving import change_space_resolving
from scheduling.venue_changes.resolve import Fate, Resolution, close, set_hours
from tests.factories import Factory
from tests.mail_support import sent_to
from tests.series_support import next_weekday
from venues.core.errors import AffectsBookings
from venues.core.i18n import using
from venues.core.timezones import local_datetime
from venues.models import User
from venues.opening.hours import Interval


def at(day: date, hour: int) -> datetime:
    return local_datetime(day, time(hour), "Europe/London")


async def _events(booking_id: int, action: str) -> list[dict[str, Any]]:
    rows = await BookingEvent.select(BookingEvent.changes, BookingEvent.reason).where(
        (BookingEvent.booking == booking_id) & (BookingEvent.action == action)
    )
    return [{**row, "changes": _json(row["changes"])} for row in rows]


def _json(value: Any) -> Any:
    while isinstance(value, str):
        value = json.loads(value)
    return value


async def test_a_closure_kept_by_a_manager_reading_welsh_is_stored_in_english(factory: Factory) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    day = next_weekday(4, days_ahead=14)
    booking = await factory.booking(space, at(day, 10), at(day, 12))

    with using("cy"):
        with pytest.raises(AffectsBookings) as refused:
            await close(manager.user, venue.id, day, day, "Fete", None)
        await close(manager.user, venue.id, day, day, "Fete", None, Resolution(Fate.keep))

    assert "cau'r lleoliad cyfan" in refused.value.detail  # the refusal speaks its reader's language
    label = f"closure of the whole venue {day:%d %b %Y}: Fete"
    [kept] = await _events(booking.id, "kept")
    assert kept["changes"]["exception"] == [None, label]
    assert kept["reason"] == f"Kept despite the {label}."


async def test_new_hours_kept_by_a_manager_reading_welsh_are_stored_in_english(factory: Factory) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    day = next_weekday(2, days_ahead=14)
    booking = await factory.booking(space, at(day, 10), at(day, 12))
    week = [Interval(weekday, time(13), time(17)) for weekday in range(7)]

    with using("cy"):
        await set_hours(manager.user, venue.id, None, week, Resolution(Fate.keep))

    [kept] = await _events(booking.id, "kept")
    assert kept["changes"]["exception"] == [None, "new opening hours"]
    assert kept["reason"] == "Kept despite the new opening hours."


async def test_stricter_rules_kept_by_a_manager_reading_welsh_are_stored_in_english(factory: Factory) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, name="Main hall")
    day = next_weekday(2, days_ahead=14)
    booking = await factory.booking(space, at(day, 10), at(day, 12), attendance=30)

    with using("cy"):
        await change_space_resolving(manager.user, space.id, {"capacity": 1}, None, Resolution(Fate.keep))

    [event] = [row for row in await _events(booking.id, "kept_rules")]
    label = "new rules of Main hall (holds 1 person)"
    assert event["changes"]["exception"] == [None, label]
    assert event["reason"] == f"Kept despite the {label}."


async def test_a_series_range_cancelled_in_welsh_keeps_an_english_default_reason(factory: Factory) -> None:
    manager = await factory.account()
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, requires_approval=False)
    monday = next_weekday(0, days_ahead=7)
    draft = SeriesDraft(space.id, parse_rrule("FREQ=WEEKLY;COUNT=3"), monday, time(10), time(12), title="Pilates")
    created = await create_series(manager.user, draft)

    with using("cy"):
        await cancel_dates(manager.user, created.series.id, monday, monday)

    row = await Booking.select(Booking.status_reason).where(
        (Booking.series == created.series.id) & (Booking.status == "cancelled")
    )
    assert [r["status_reason"] for r in row] == [f"Cancelled for {monday}."]


async def test_a_booking_moved_by_a_manager_reading_welsh_tells_an_english_booker_where_it_was_in_english(
    factory: Factory,
) -> None:
    manager = await factory.account()
    booker = await factory.account()
    await User.update({User.language: "en"}).where(User.id == booker.user.id)
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue)
    day = next_weekday(5, days_ahead=14)
    booking = await factory.booking(
        space, at(day, 10), at(day, 12), booked_by=booker.user.id, booker_email=booker.user.email
    )

    with using("cy"):
        await change_booking(manager.user, booking.id, {"starts_at": at(day, 14), "ends_at": at(day, 16)})

    [told] = await sent_to(booker.user.email)
    assert f"It was Sat {day.day} {day:%b %Y} 10:00–12:00" in told.text
