"""The what's-on query as the feeds call it: everything in a window, in a fixed number of queries."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from scheduling.listings import whats_on
from scheduling.listings.whats_on import WhatsOnFilters, WhatsOnScope, find_occurrences, occurrence_batches
from tests.factories import Factory

UTC = UTC
MARCH = WhatsOnFilters(starts_from=datetime(2027, 3, 1, tzinfo=UTC), ends_before=datetime(2027, 4, 1, tzinfo=UTC))


async def test_without_a_limit_every_occurrence_comes_back_in_three_queries(
    factory: Factory, query_log: list[str]
) -> None:
    expected = []
    for n in range(12):
        venue = await factory.venue(latitude=51.5 + n / 1000, longitude=-0.12)
        space = await factory.space(venue)
        series = await factory.series(space, date(2027, 3, 2), time(10), time(11), group=(await factory.group()).id)
        await factory.activity(series=series, title=f"weekly {n}")
        for week in range(3):
            starts = datetime(2027, 3, 2 + 7 * week, 10, n, tzinfo=UTC)
            booking = await factory.booking(
                space, starts, starts + timedelta(hours=1), series=series.id, recurrence_id=starts
            )
            expected.append((starts, booking.id))
        one_off = await factory.booking(
            space, datetime(2027, 3, 28, 9, tzinfo=UTC), datetime(2027, 3, 28, 10, tzinfo=UTC)
        )
        await factory.activity(booking=one_off, title=f"once {n}")
        expected.append((one_off.starts_at, one_off.id))
    await factory.booking(space, datetime(2027, 4, 1, 9, tzinfo=UTC), datetime(2027, 4, 1, 10, tzinfo=UTC))

    query_log.clear()
    found, total, _ = await find_occurrences(MARCH, limit=None)
    assert len(query_log) == 3
    assert total == len(found) == 48
    assert [(o.starts_at, o.booking_id) for o in found] == sorted(expected)
    assert found[0].series_uid is not None and found[0].recurrence_id == found[0].starts_at
    assert all(o.updated_at is not None for o in found)
    assert found[0].starts_local.utcoffset() == timedelta(0)
    assert found[-1].starts_local.isoformat() == "2027-03-28T10:00:00+01:00"

    query_log.clear()
    near, total, _ = await find_occurrences(
        WhatsOnFilters(starts_from=MARCH.starts_from, ends_before=MARCH.ends_before, near=(51.5, -0.12), within_km=0.5),
        limit=None,
    )
    assert len(query_log) == 3
    assert {o.venue.name for o in near} == {o.venue.name for o in found if o.venue.latitude <= 51.5045}
    assert all(o.distance_km is not None and o.distance_km <= 0.5 for o in near) and total == len(near) > 0


async def test_a_short_last_page_needs_no_count(factory: Factory, query_log: list[str]) -> None:
    space = await factory.space(await factory.venue())
    for day in range(2, 7):
        booking = await factory.booking(
            space, datetime(2027, 3, day, 10, tzinfo=UTC), datetime(2027, 3, day, 11, tzinfo=UTC)
        )
        await factory.activity(booking=booking, title=f"day {day}")

    query_log.clear()
    page, total, more = await find_occurrences(MARCH, limit=3, offset=3)
    assert [o.listing.title for o in page] == ["day 5", "day 6"] and (total, more) == (5, False)
    # The window's size (the start index), the ids of its first matches, the page's rows, activities, venues.
    assert len(query_log) == 5
    beyond, total, _ = await find_occurrences(MARCH, limit=3, offset=9)
    assert beyond == [] and total == 5


async def test_pages_split_ties_by_id_and_keep_straddlers_with_an_activity_filter(factory: Factory) -> None:
    space = await factory.space(await factory.venue())
    tied = datetime(2027, 3, 10, 10, tzinfo=UTC)
    expected = []
    for n in range(3):
        series = await factory.series(space, date(2027, 3, 3), time(10), time(11))
        await factory.activity(series=series, title=f"series {n}", category="sport")
        booking = await factory.booking(space, tied, tied + timedelta(hours=1), series=series.id, recurrence_id=tied)
        expected.append((tied, booking.id))
        one_off = await factory.booking(space, tied, tied + timedelta(hours=1))
        await factory.activity(booking=one_off, title=f"once {n}", category="sport")
        expected.append((tied, one_off.id))
        other = await factory.booking(space, tied, tied + timedelta(hours=1))
        await factory.activity(booking=other, title=f"other {n}", category="music")
    straddler = await factory.booking(space, datetime(2027, 2, 27, 9, tzinfo=UTC), datetime(2027, 3, 1, 9, tzinfo=UTC))
    await factory.activity(booking=straddler, title="overnight", category="sport")
    expected.append((straddler.starts_at, straddler.id))
    sport = WhatsOnFilters(starts_from=MARCH.starts_from, ends_before=MARCH.ends_before, categories=("sport",))

    everything, total, _ = await find_occurrences(sport, limit=None)
    assert [(o.starts_at, o.booking_id) for o in everything] == sorted(expected) and total == 7
    paged = []
    for offset in range(0, 8, 2):
        page, total, _ = await find_occurrences(sport, limit=2, offset=offset)
        assert total == 7
        paged += [o.booking_id for o in page]
    assert paged == [o.booking_id for o in everything]


async def test_batches_hold_every_match_once_with_each_series_whole(
    factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    space = await factory.space(await factory.venue())
    same_instant = datetime(2027, 3, 5, 18, tzinfo=UTC)
    for n in range(5):  # ties on starts_at: the batches go on by id
        booking = await factory.booking(space, same_instant, same_instant + timedelta(hours=1))
        await factory.activity(booking=booking, title=f"talk {n}")
    for n in range(3):
        series = await factory.series(space, date(2027, 3, 1), time(9 + n), time(10 + n))
        await factory.activity(series=series, title=f"weekly {n}")
        for week in range(4):
            starts = datetime(2027, 3, 1 + 7 * week, 9 + n, tzinfo=UTC)
            await factory.booking(space, starts, starts + timedelta(hours=1), series=series.id, recurrence_id=starts)

    batches = [batch async for batch in occurrence_batches(MARCH, batch_size=2, series_per_batch=1)]
    everything, _, _ = await find_occurrences(MARCH, limit=None)
    flat = [o.booking_id for batch in batches for o in batch]
    assert sorted(flat) == sorted(o.booking_id for o in everything) and len(flat) == len(set(flat)) == 17
    assert [len(batch) for batch in batches] == [2, 2, 1, 4, 4, 4]
    for batch in batches[3:]:
        assert len({o.series_id for o in batch}) == 1
        assert [o.starts_at for o in batch] == sorted(o.starts_at for o in batch)

    # Many matches: their ids are read a slice of the window at a time, and nothing is lost or doubled.
    monkeypatch.setattr(whats_on, "ID_ROWS", 3)
    monkeypatch.setattr(whats_on, "ID_SLICE", timedelta(days=4, hours=18, minutes=30))  # cuts through the 18:00 talks
    sliced = [o.booking_id async for batch in occurrence_batches(MARCH, batch_size=2) for o in batch]
    assert sorted(sliced) == sorted(flat) and len(sliced) == len(set(sliced))

    small = [batch async for batch in occurrence_batches(MARCH)]
    assert len(small) == 1 and [o.booking_id for o in small[0]] == [o.booking_id for o in everything]


def test_a_scope_in_a_window_is_the_filters_it_names() -> None:
    starts, ends = datetime(2030, 1, 1, tzinfo=UTC), datetime(2030, 1, 8, tzinfo=UTC)
    scope = WhatsOnScope(venue_id=3, categories=("music",), near=(51.5, -0.1), within_km=2.0)
    filters = scope.within(starts, ends)
    assert filters == WhatsOnFilters(
        starts_from=starts, ends_before=ends, venue_id=3, categories=("music",), near=(51.5, -0.1), within_km=2.0
    )
    assert filters.radius_km == scope.radius_km == 2.0
    assert WhatsOnScope().within(starts, ends).radius_km == whats_on.DEFAULT_RADIUS_KM
