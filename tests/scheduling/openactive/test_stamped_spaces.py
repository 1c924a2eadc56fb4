"""The stamper with the space builders: a published hall's facility use and slots reach the feed tables, a booking
moves exactly the slots it takes, and switching slots off leaves tombstones."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, time

import pytest

from scheduling.bookings.workflow import BookingDraft, request_booking
from scheduling.models import OpenActiveItem
from scheduling.openactive.stamping import refresh
from tests.factories import Factory
from tests.scheduling.openactive.support import PUBLIC_URL, at_public_url, published_hall, utc
from venues.core import clock
from venues.open_data.settings import OpenDataSettings, save_open_data_settings

NOW = utc(2027, 3, 9, 12)
WEDNESDAY = date(2027, 3, 10)


@pytest.fixture(autouse=True)
def public_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    yield from at_public_url(monkeypatch, PUBLIC_URL)


async def rows(feed: str) -> dict[str, dict[str, object]]:
    found = await OpenActiveItem.select().where(OpenActiveItem.feed == feed)
    return {row["item_id"]: row for row in found}


async def test_a_booking_moves_only_the_slots_it_takes_and_switching_off_leaves_tombstones(factory: Factory) -> None:
    manager = await factory.account("manager")
    venue, space = await published_hall(factory, manager)
    with clock.frozen_at(NOW):
        await refresh(now=NOW)
    facility = await rows("facility-uses")
    assert list(facility) == [str(space.id)] and facility[str(space.id)]["state"] == "updated"
    slots = await rows("slots")
    assert len(slots) == 5 + 13 * 8, "today's slots not yet over (12:00 to 17:00), then 13 days of eight"
    ten = f"{space.id}-20270310T1000Z"
    assert json.loads(str(slots[ten]["data"]))["remainingUses"] == 1
    with clock.frozen_at(NOW):
        await request_booking(
            manager.user,
            BookingDraft(space.id, datetime.combine(WEDNESDAY, time(10)), datetime.combine(WEDNESDAY, time(11))),
            NOW,
        )
        await refresh(now=NOW)
    after = await rows("slots")
    moved = {item_id for item_id, row in after.items() if row["change_number"] != slots[item_id]["change_number"]}
    assert moved == {ten}
    assert json.loads(str(after[ten]["data"]))["remainingUses"] == 0
    with clock.frozen_at(NOW):
        await save_open_data_settings(manager.user, venue.id, OpenDataSettings(False, 60, 14))
        await refresh(now=NOW)
    assert {row["state"] for row in (await rows("slots")).values()} == {"deleted"}
    assert (await rows("facility-uses"))[str(space.id)]["state"] == "deleted"
