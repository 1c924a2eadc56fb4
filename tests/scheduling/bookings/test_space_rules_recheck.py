"""A stricter space rule that commits after a booking's rules were checked, but before it is written, refuses it.

The change's own list of the bookings it reaches (``change_space_resolving``)
is read under the space's lock, so a booking checked against the old rules
outside its transaction cannot be on it: the booking must notice the change
itself when it holds the space (``hold_current``). The change is made at
exactly that moment, between the two, on either engine.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest

from scheduling.bookings import workflow
from scheduling.bookings.workflow import BookingDraft, request_booking
from scheduling.models import Booking, Occupancy
from scheduling.venue_changes.archiving import change_space_resolving
from tests.factories import Account, Factory
from tests.series_support import next_weekday
from venues.core.errors import Conflict
from venues.core.timezones import local_datetime
from venues.models import Space


def at(day: date, hour: int) -> datetime:
    return local_datetime(day, time(hour), "Europe/London")


def changing_after_the_check(monkeypatch: pytest.MonkeyPatch, manager: Account, space: Space, fields: Any) -> None:
    """``check_booking`` runs as before (against the old rules), then the manager makes the space's rules stricter."""
    checked = workflow.check_booking

    async def then_changed(*args: Any, **kwargs: Any) -> Any:
        result = await checked(*args, **kwargs)
        await change_space_resolving(manager.user, space.id, fields, None, None)
        return result

    monkeypatch.setattr(workflow, "check_booking", then_changed)


@pytest.mark.parametrize(
    "fields",
    [{"capacity": 5}, {"max_booking_minutes": 60}, {"min_booking_minutes": 180}],
    ids=["capacity-cut", "shorter-longest-booking", "longer-shortest-booking"],
)
async def test_a_booking_checked_before_a_stricter_space_rule_committed_is_refused_when_written(
    factory: Factory, monkeypatch: pytest.MonkeyPatch, fields: dict[str, int]
) -> None:
    manager, member = await factory.account("manager"), await factory.account("member")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, name="Main hall", capacity=50, horizon_days=120)
    day = next_weekday(2, days_ahead=14)
    changing_after_the_check(monkeypatch, manager, space, fields)

    with pytest.raises(Conflict) as refused:
        await request_booking(
            member.user, BookingDraft(space.id, at(day, 10), at(day, 12), title="Quiz", attendance=20)
        )

    assert refused.value.rule == "space_changed" and "Main hall was changed a moment ago" in refused.value.detail
    assert await Booking.count() == 0 and await Occupancy.count() == 0
    changed = await Space.objects().where(Space.id == space.id).first()
    assert changed is not None and all(getattr(changed, name) == value for name, value in fields.items())
