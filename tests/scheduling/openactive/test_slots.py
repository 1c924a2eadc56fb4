"""A space's slots: its opening each local day cut into the venue's slot length, free or taken by its own rules."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

import pytest

from scheduling.bookings.workflow import BookingDraft, request_booking
from scheduling.openactive.feeds import Feed, Owned, data_text
from scheduling.openactive.slots import slot_items, window_days
from scheduling.venue_changes.resolve import close
from tests.factories import Account, Factory
from tests.openactive_validator import assert_no_failures
from tests.scheduling.openactive.support import PRIVATE_MARKERS, PUBLIC_URL, at_public_url, published_hall, utc
from venues.core import clock
from venues.models import ChargeRule, PriceTier, Space, SpacePart, Venue
from venues.open_data.settings import OpenDataSettings, save_open_data_settings
from venues.vocabulary import ChargeKind

WEDNESDAY = date(2027, 3, 10)
BEFORE = utc(2027, 3, 9, 12)


@pytest.fixture(autouse=True)
def public_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    yield from at_public_url(monkeypatch, PUBLIC_URL)


async def one_day(space: Space, day: date, now: datetime) -> Owned:
    (owned,) = await slot_items({space.id: [day]}, now)
    return owned


def starts(owned: Owned) -> list[str]:
    return [item.data["startDate"] for item in owned.items]


def free(owned: Owned) -> list[str]:
    return [item.data["startDate"][11:16] for item in owned.items if item.data["remainingUses"] == 1]


async def book(manager: Account, space: Space, day: date, start: time, end: time, now: datetime) -> None:
    draft = BookingDraft(
        space.id,
        datetime.combine(day, start),
        datetime.combine(day, end),
        title="Private party",
        purpose=PRIVATE_MARKERS[3],
        booker_name=PRIVATE_MARKERS[4],
    )
    with clock.frozen_at(now):
        await request_booking(manager.user, draft, now)


async def test_a_day_is_its_opening_cut_into_slots_from_the_opening_time(factory: Factory) -> None:
    _, space = await published_hall(factory)
    owned = await one_day(space, WEDNESDAY, BEFORE)
    assert owned.owner == f"slots:{space.id}:2027-03-10"
    assert (owned.space_id, owned.venue_id, owned.day) == (space.id, space.venue, WEDNESDAY)
    assert starts(owned) == [f"2027-03-10T{hour:02d}:00:00+00:00" for hour in range(9, 17)]
    first = owned.items[0]
    assert first.feed == Feed.slots
    assert first.item_id == f"{space.id}-20270310T0900Z"
    assert first.ends_at == utc(2027, 3, 10, 10)
    assert first.data["@type"] == "Slot"
    assert first.data["facilityUse"] == f"{PUBLIC_URL}/book/spaces/{space.id}"
    assert first.data["@id"] == f"{PUBLIC_URL}/book/spaces/{space.id}#slot-20270310T0900Z"
    assert (first.data["endDate"], first.data["duration"]) == ("2027-03-10T10:00:00+00:00", "PT1H")
    assert (first.data["maximumUses"], first.data["remainingUses"]) == (1, 1)
    assert first.data["offers"][0]["price"] == 12.5
    assert first.data["offers"][0]["priceCurrency"] == "GBP"
    assert first.data["url"] == f"{PUBLIC_URL}/book/spaces/{space.id}?date=2027-03-10&start=09:00&end=10:00"


async def test_a_piece_of_opening_shorter_than_a_slot_is_dropped(factory: Factory, manager: Account) -> None:
    venue, space = await published_hall(factory, manager)
    await save_open_data_settings(manager.user, venue.id, OpenDataSettings(True, 90, 14))
    owned = await one_day(space, WEDNESDAY, BEFORE)
    assert [start[11:16] for start in starts(owned)] == ["09:00", "10:30", "12:00", "13:30", "15:00"]
    assert owned.items[0].data["duration"] == "PT1H30M"
    assert owned.items[0].data["offers"][0]["price"] == 18.75


async def test_the_spring_clock_change_day_has_22_slots_and_skips_the_lost_hour(factory: Factory) -> None:
    _, space = await published_hall(factory, hours=None)  # open 00:00–23:59
    owned = await one_day(space, date(2027, 3, 28), utc(2027, 3, 27, 12))
    assert len(owned.items) == 22
    assert starts(owned)[:3] == ["2027-03-28T00:00:00+00:00", "2027-03-28T02:00:00+01:00", "2027-03-28T03:00:00+01:00"]
    assert owned.items[0].data["endDate"] == "2027-03-28T02:00:00+01:00"
    assert starts(owned)[-1] == "2027-03-28T22:00:00+01:00"
    assert all(item.ends_at is not None for item in owned.items)
    assert {item.data["duration"] for item in owned.items} == {"PT1H"}


async def test_the_autumn_clock_change_day_has_24_slots_and_the_repeated_hour_twice(factory: Factory) -> None:
    _, space = await published_hall(factory, hours=None)
    owned = await one_day(space, date(2026, 10, 25), utc(2026, 10, 20, 12))
    assert len(owned.items) == 24
    assert starts(owned)[:4] == [
        "2026-10-25T00:00:00+01:00",
        "2026-10-25T01:00:00+01:00",
        "2026-10-25T01:00:00+00:00",
        "2026-10-25T02:00:00+00:00",
    ]
    ids = [item.item_id for item in owned.items]
    assert len(set(ids)) == 24 and all(len(item_id) <= 100 for item_id in ids)
    # The repeated hour's local times name two slots: no prefilled booking link for them.
    assert "url" not in owned.items[1].data and "url" not in owned.items[2].data
    assert owned.items[3].data["url"].endswith("date=2026-10-25&start=02:00&end=03:00")


async def test_a_booking_takes_the_slots_it_or_its_setup_time_touches(factory: Factory, manager: Account) -> None:
    _, space = await published_hall(factory, manager, setup_buffer_minutes=15)
    await book(manager, space, WEDNESDAY, time(10), time(11, 30), BEFORE)
    owned = await one_day(space, WEDNESDAY, BEFORE)
    assert len(owned.items) == 8, "a booking never changes which slots exist"
    assert free(owned) == ["12:00", "13:00", "14:00", "15:00", "16:00"]


async def test_a_combined_space_and_its_parts_take_each_others_slots(factory: Factory, manager: Account) -> None:
    venue, whole = await published_hall(factory, manager)
    main = await factory.space(venue, name="Main part")
    small = await factory.space(venue, name="Small part")
    for part in (main, small):
        await factory.rate(part, "standard", 800)
    await SpacePart.insert(SpacePart(combined=whole.id, part=main.id), SpacePart(combined=whole.id, part=small.id))
    await book(manager, main, WEDNESDAY, time(10), time(11), BEFORE)
    await book(manager, whole, WEDNESDAY, time(14), time(15), BEFORE)
    owned = {
        each.space_id: each for each in await slot_items({s.id: [WEDNESDAY] for s in (whole, main, small)}, BEFORE)
    }
    assert "10:00" not in free(owned[whole.id]) and "14:00" not in free(owned[whole.id])
    assert "10:00" not in free(owned[main.id]) and "14:00" not in free(owned[main.id])
    assert "10:00" in free(owned[small.id]) and "14:00" not in free(owned[small.id])


async def test_a_closure_removes_the_days_slots(factory: Factory, manager: Account) -> None:
    venue, space = await published_hall(factory, manager)
    with clock.frozen_at(BEFORE):
        await close(manager.user, venue.id, WEDNESDAY, WEDNESDAY, "Flooded", None, now=BEFORE)
    closed, open_next = await slot_items({space.id: [WEDNESDAY, WEDNESDAY + timedelta(days=1)]}, BEFORE)
    assert closed.items == []
    assert len(open_next.items) == 8


async def test_slots_inside_the_notice_or_beyond_the_horizon_are_taken(factory: Factory) -> None:
    _, space = await published_hall(factory, min_notice_minutes=24 * 60, horizon_days=2)
    now = utc(2027, 3, 9, 10, 30)
    notice = await one_day(space, WEDNESDAY, now)
    assert free(notice) == ["11:00", "12:00", "13:00", "14:00", "15:00", "16:00"]
    horizon = await one_day(space, date(2027, 3, 11), now)
    assert free(horizon) == ["09:00"]


async def test_slots_already_over_are_left_out_and_one_under_way_is_taken(factory: Factory) -> None:
    _, space = await published_hall(factory)
    owned = await one_day(space, WEDNESDAY, utc(2027, 3, 10, 12, 30))
    assert [start[11:16] for start in starts(owned)] == ["12:00", "13:00", "14:00", "15:00", "16:00"]
    assert free(owned) == ["13:00", "14:00", "15:00", "16:00"]


async def test_slots_shorter_than_the_shortest_booking_are_all_taken(factory: Factory) -> None:
    _, space = await published_hall(factory, min_booking_minutes=120)
    owned = await one_day(space, WEDNESDAY, BEFORE)
    assert len(owned.items) == 8 and free(owned) == []


async def test_the_window_is_today_and_the_days_ahead_in_the_venues_zone(factory: Factory, manager: Account) -> None:
    venue, space = await published_hall(factory, manager)
    await save_open_data_settings(manager.user, venue.id, OpenDataSettings(True, 60, 3))
    now = utc(2027, 7, 9, 23, 30)  # already the 10th in London (BST)
    assert (await window_days([space.id], now))[space.id] == [date(2027, 7, 10), date(2027, 7, 11), date(2027, 7, 12)]
    before, first, after = await slot_items({space.id: [date(2027, 7, 9), date(2027, 7, 10), date(2027, 7, 13)]}, now)
    assert (before.items, after.items) == ([], [])
    assert len(first.items) == 8


async def test_a_venue_not_publishing_or_a_space_without_a_standard_rate_has_no_slots(
    factory: Factory, manager: Account
) -> None:
    venue, space = await published_hall(factory, manager)
    unpriced = await factory.space(venue, name="Kitchen")
    assert (await window_days([unpriced.id], BEFORE))[unpriced.id] == []
    assert (await one_day(unpriced, WEDNESDAY, BEFORE)).items == []
    await save_open_data_settings(manager.user, venue.id, OpenDataSettings(False, 60, 14))
    assert (await window_days([space.id], BEFORE))[space.id] == []
    assert (await one_day(space, WEDNESDAY, BEFORE)).items == []


async def test_a_slot_is_priced_by_the_standard_tiers_rules(factory: Factory) -> None:
    venue, space = await published_hall(factory)
    standard = await PriceTier.objects().where((PriceTier.venue == venue.id) & (PriceTier.kind == "standard")).first()
    await ChargeRule(
        space=space.id,
        tier=standard.id,
        kind=str(ChargeKind.band),
        name="Evening",
        weekdays=list(range(7)),
        band_starts=time(16),
        band_ends=time(0),
        hourly_rate_minor=2001,
        position=0,
    ).save()
    owned = await one_day(space, WEDNESDAY, BEFORE)
    assert [item.data["offers"][0]["price"] for item in owned.items[-2:]] == [12.5, 20.01]


async def test_slots_cost_the_same_queries_for_one_space_as_for_ten(
    factory: Factory, manager: Account, query_log: list[str]
) -> None:
    venue, space = await published_hall(factory, manager)
    others = [await factory.space(venue, name=f"Room {n}") for n in range(9)]
    for other in others:
        await factory.rate(other, "standard", 900)
    await book(manager, space, WEDNESDAY, time(10), time(11), BEFORE)
    days = [WEDNESDAY, WEDNESDAY + timedelta(days=1), WEDNESDAY + timedelta(days=2)]
    query_log.clear()
    await slot_items({space.id: days}, BEFORE)
    one = len(query_log)
    query_log.clear()
    await slot_items({each.id: days for each in [space, *others]}, BEFORE)
    assert len(query_log) == one, "\n".join(query_log)


async def test_no_private_field_reaches_a_slot_and_slots_pass_the_openactive_validator(
    factory: Factory, manager: Account
) -> None:
    venue, space = await published_hall(factory, manager)
    await book(manager, space, WEDNESDAY, time(10), time(11), BEFORE)
    owned = await slot_items({space.id: [WEDNESDAY]}, BEFORE)
    spring_space = (await published_hall(factory, hours=None))[1]
    spring = await slot_items({spring_space.id: [date(2027, 3, 28)]}, utc(2027, 3, 27))
    items = [item for each in [*owned, *spring] for item in each.items]
    text = " ".join(data_text(item.data) for item in items)
    for marker in PRIVATE_MARKERS:
        assert marker not in text
    assert {item.data["remainingUses"] for item in items} == {0, 1}
    assert_no_failures([item.data for item in items])


@pytest.fixture
async def manager(factory: Factory) -> Account:
    return await factory.account("manager")


async def test_a_space_that_is_gone_has_an_empty_owner(factory: Factory) -> None:
    _, space = await published_hall(factory)
    await Space.delete().where(Space.id == space.id)
    (owned,) = await slot_items({space.id: [WEDNESDAY]}, BEFORE)
    assert (owned.owner, owned.items, owned.venue_id) == (f"slots:{space.id}:2027-03-10", [], None)
    assert await Venue.exists()
