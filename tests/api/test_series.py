"""Recurring series over HTTP: occurrences stored as bookings, in local time across clock changes and zones."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

import httpx

from scheduling.models import Booking, Occupancy
from scheduling.recurrence.rules import parse_rrule
from scheduling.series.create import SeriesDraft, create_series
from scheduling.series.extension import extend_all_series
from tests.factories import Factory
from tests.series_support import next_weekday, occurrences_of, post_series
from venues.core import clock
from venues.models import PriceTier
from venues.publication import publication_version


def last_sunday(year: int, month: int) -> date:
    """The last Sunday of the month, by calendar arithmetic alone."""
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    last_day = first_of_next - timedelta(days=1)
    return last_day - timedelta(days=(last_day.weekday() - 6) % 7)


def second_sunday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(6 - first.weekday()) % 7 + 7)


def first_sunday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(6 - first.weekday()) % 7)


def next_change(first: date, month: int, pick: Callable[[int, int], date]) -> date:
    """The first such clock-change Sunday with a whole week of the series before it."""
    return next(day for year in (first.year, first.year + 1) if (day := pick(year, month)) - timedelta(days=7) >= first)


def local_day(item: dict[str, str]) -> date:
    return date.fromisoformat(item["starts_local"][:10])


def utc_hour(item: dict[str, str], key: str = "starts_at") -> int:
    return datetime.fromisoformat(item[key]).hour


async def test_weekly_tuesdays_keep_ten_to_twelve_local_across_both_london_clock_changes(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    venue = await factory.venue(manager=manager)
    space = await factory.space(venue, horizon_days=400)
    first = next_weekday(1)
    created = await post_series(client, manager, space.id, "FREQ=WEEKLY;BYDAY=TU;COUNT=52", first)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["booked"] == 52 and body["skipped"] == []
    assert body["series"]["timezone"] == "Europe/London"
    assert body["series"]["rule"] == {"freq": "WEEKLY", "interval": 1, "by_day": ["TU"], "count": 52, "until": None}

    items = await occurrences_of(client, manager, body["series"]["id"])
    assert [local_day(item) for item in items] == [first + timedelta(weeks=n) for n in range(52)]
    assert {(item["starts_local"][11:19], item["ends_local"][11:19]) for item in items} == {("10:00:00", "12:00:00")}
    assert all(item["recurrence_id"] == item["starts_at"] and not item["detached"] for item in items)
    by_day = {local_day(item): item for item in items}
    for change in (next_change(first, 3, last_sunday), next_change(first, 10, last_sunday)):
        before = change - timedelta(days=5)
        after = change + timedelta(days=2)
        winter, summer = (before, after) if change.month == 3 else (after, before)
        assert (utc_hour(by_day[winter]), utc_hour(by_day[summer])) == (10, 9)
        assert (utc_hour(by_day[winter], "ends_at"), utc_hour(by_day[summer], "ends_at")) == (12, 11)

    # Stored as ordinary bookings of the series, each holding its time under the guard.
    assert await Booking.count().where(Booking.series == body["series"]["id"]) == 52
    assert await Occupancy.count() == 52


async def test_last_friday_of_the_month_lands_on_the_right_day_for_a_year(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    space = await factory.space(await factory.venue(manager=manager), horizon_days=400)
    rule = {"freq": "MONTHLY", "by_day": ["-1FR"], "count": 12}
    created = await post_series(client, manager, space.id, rule, next_weekday(0), "19:00", "21:30")
    assert created.status_code == 201, created.text
    assert created.json()["series"]["rrule"] == "FREQ=MONTHLY;BYDAY=-1FR;COUNT=12"
    days = [local_day(item) for item in await occurrences_of(client, manager, created.json()["series"]["id"])]
    assert len(days) == 12
    assert all(day.weekday() == 4 and (day + timedelta(days=7)).month != day.month for day in days)
    months = [(day.year, day.month) for day in days]
    assert months == sorted(set(months)) and (days[-1] - days[0]).days < 366


async def test_a_new_york_venue_keeps_its_own_wall_clock_across_its_own_clock_changes(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    space = await factory.space(await factory.venue(manager=manager, timezone="America/New_York"), horizon_days=400)
    first = next_weekday(2)
    created = await post_series(client, manager, space.id, "FREQ=WEEKLY;BYDAY=WE;COUNT=52", first, "18:00", "19:30")
    assert created.status_code == 201, created.text
    assert created.json()["series"]["timezone"] == "America/New_York"
    items = await occurrences_of(client, manager, created.json()["series"]["id"])
    assert {item["starts_local"][11:] for item in items} == {"18:00:00-05:00", "18:00:00-04:00"}
    by_day = {local_day(item): item for item in items}
    # Daylight time from the second Sunday of March to the first Sunday of November.
    spring = next_change(first, 3, second_sunday)
    autumn = next_change(first, 11, first_sunday)
    assert (utc_hour(by_day[spring - timedelta(days=4)]), utc_hour(by_day[spring + timedelta(days=3)])) == (23, 22)
    assert (utc_hour(by_day[autumn - timedelta(days=4)]), utc_hour(by_day[autumn + timedelta(days=3)])) == (22, 23)


async def test_reading_a_series_never_books_and_the_extension_job_books_the_dates_that_came_due(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    space = await factory.space(await factory.venue(manager=manager), horizon_days=28)
    then = clock.now() - timedelta(days=14)
    draft = SeriesDraft(space.id, parse_rrule("FREQ=WEEKLY;BYDAY=SA"), then.date(), time(9), time(11), is_public=True)
    made = await create_series(manager.user, draft, now=then)
    assert made.series.materialised_until <= then + timedelta(days=28)
    version = await publication_version()

    read = await client.get(f"/api/v1/series/{made.series.id}")
    assert read.status_code == 200
    assert datetime.fromisoformat(read.json()["booked_until"]) == made.series.materialised_until
    assert len(await occurrences_of(client, None, made.series.id)) == len(made.booked)
    assert await publication_version() == version and await Booking.count() == len(made.booked)

    await extend_all_series()
    read = await client.get(f"/api/v1/series/{made.series.id}")
    booked_until = datetime.fromisoformat(read.json()["booked_until"])
    assert clock.now() + timedelta(days=21) < booked_until <= clock.now() + timedelta(days=28)
    listed = await occurrences_of(client, None, made.series.id)
    assert len(listed) == len(made.booked) + 2
    assert [item["recurrence_id"] for item in listed] == sorted({item["recurrence_id"] for item in listed})


async def test_occurrences_are_listed_a_page_at_a_time_and_by_a_window_in_venue_time(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    manager = await factory.account("manager")
    space = await factory.space(await factory.venue(manager=manager, timezone="America/New_York"))
    first = next_weekday(1)
    created = await post_series(client, manager, space.id, "FREQ=WEEKLY;BYDAY=TU;COUNT=12", first, is_public=True)
    url = f"/api/v1/series/{created.json()['series']['id']}/occurrences"
    page = (await client.get(url, params={"limit": 5, "offset": 5})).json()
    assert (page["total"], len(page["items"])) == (12, 5)
    assert local_day(page["items"][0]) == first + timedelta(weeks=5)
    assert "offset=10" in page["next"]
    # 10:30 in New York is after the third date's 10:00 start; 10:30 UTC would be hours before it.
    window = {"from": f"{first + timedelta(weeks=2)}T11:00:00", "to": f"{first + timedelta(weeks=3)}T10:30:00"}
    inside = (await client.get(url, params=window)).json()["items"]
    assert [local_day(item) for item in inside] == [first + timedelta(weeks=n) for n in (2, 3)]


async def test_on_an_instant_space_dates_are_confirmed_and_priced_unless_the_booker_picks_a_cheaper_tier(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    organiser = await factory.account("organiser")
    group = await factory.group(organiser)
    space = await factory.space(await factory.venue(), requires_approval=False)
    await factory.rate(space, "standard", 1500)
    free = await PriceTier.objects().where((PriceTier.venue == space.venue) & (PriceTier.kind == "free")).first()
    usual = await post_series(client, organiser, space.id, "FREQ=WEEKLY;COUNT=3", next_weekday(1), group_id=group.id)
    cheaper = await post_series(
        client,
        organiser,
        space.id,
        "FREQ=WEEKLY;COUNT=3",
        next_weekday(1),
        "14:00",
        "15:00",
        group_id=group.id,
        tier_id=free.id,
    )
    assert usual.status_code == cheaper.status_code == 201, cheaper.text
    confirmed = await occurrences_of(client, organiser, usual.json()["series"]["id"])
    assert {(o["status"], o["price"]["total_minor"]) for o in confirmed} == {("confirmed", 3000)}
    requested = await occurrences_of(client, organiser, cheaper.json()["series"]["id"])
    assert {(o["status"], o["price"]) for o in requested} == {("requested", None)}
