"""Every figure of a small world built by hand (``world.py`` tells its story), asserted exactly on both engines."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from scheduling.reports import build
from scheduling.reports.activities import activity_figures
from scheduling.reports.attendance import attendance_figures
from scheduling.reports.figures import (
    Activities,
    Attendance,
    Breakdown,
    Figures,
    GroupRow,
    Groups,
    Money,
    Sessions,
    SpaceUse,
    TierMoney,
    WeekdayUse,
)
from scheduling.reports.groups import group_figures
from scheduling.reports.money import money_figures
from scheduling.reports.period import Period
from scheduling.reports.sessions import session_figures
from tests.factories import Factory
from tests.scheduling.reports.world import AFTER, MID_PERIOD, World, build_world, local
from venues.core import clock
from venues.models import Area, AreaVenue, PriceTier

OCTOBER = Period(date(2026, 10, 1), date(2026, 10, 31))
NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30))


@pytest.fixture
async def world(factory: Factory) -> World:
    return await build_world(factory)


async def figures_of(scope: Any, period: Period = OCTOBER, now: datetime = AFTER) -> Figures:
    with clock.frozen_at(now):
        return await build.figures(scope, period, clock.now())


def rows(*items: tuple[str, int, int]) -> list[Breakdown]:
    return [Breakdown(key, sessions, minutes) for key, sessions, minutes in items]


def hours(*cells: tuple[int, int]) -> list[int]:
    """A day's 24 cells of minutes, zero but for (hour, minutes) pairs."""
    day = [0] * 24
    for hour, minutes in cells:
        day[hour] = minutes
    return day


DAY = 24 * 60
# October 2026 starts on a Thursday: Thursdays, Fridays and Saturdays come five times, other days four.
OCTOBER_DAYS = [4, 4, 4, 5, 5, 5, 4]
MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)


async def test_a_halls_october_counts_every_figure_in_its_own_time_the_25_hour_sunday_included(world: World) -> None:
    found = await figures_of(await build.venue_scope(world.riverside.id))

    # Open round the clock: 29 days of 24 hours, Sunday the 25th of 25, closed Friday the 30th. Booked and
    # occupied (one room, so the same): Tuesdays 3 x 120, drama 180, party 180, sleepover 540, disco 240.
    assert found.use is not None
    open_minutes = 29 * DAY + 25 * 60
    assert (found.use.open_minutes, found.use.occupied_minutes, found.use.booked_minutes) == (open_minutes, 1500, 1500)
    assert found.use.by_space == [
        SpaceUse(world.main_hall.id, "Main hall", world.riverside.id, "Riverside Hall", open_minutes, 1500, 1500)
    ]
    open_days = [days - (weekday == FRIDAY) for weekday, days in enumerate(OCTOBER_DAYS)]
    assert found.use.by_weekday == [
        WeekdayUse(MONDAY, 4 * DAY, 0),
        WeekdayUse(TUESDAY, 4 * DAY, 360),
        WeekdayUse(WEDNESDAY, 4 * DAY, 0),
        WeekdayUse(THURSDAY, 5 * DAY, 0),
        WeekdayUse(FRIDAY, 4 * DAY, 0),
        # Saturdays: drama 180, party 180, the sleepover's 120 before midnight, the disco 240.
        WeekdayUse(SATURDAY, 5 * DAY, 720),
        # Sundays: the sleepover's seven hours after midnight on the 25th (01:00-02:00 twice); the 25th open 25 h.
        WeekdayUse(SUNDAY, 4 * DAY + 60, 420),
    ]
    assert found.use.heat_open == [
        [days * 60 + (60 if weekday == SUNDAY and hour == 1 else 0) for hour in range(24)]
        for weekday, days in enumerate(open_days)
    ]
    assert found.use.heat_occupied == [
        hours(),
        hours((10, 180), (11, 180)),  # three Tuesdays 10:00-12:00, in local time on both sides of the change
        hours(),
        hours(),
        hours(),
        hours((14, 60), (15, 120), (16, 120), (17, 60), (20, 60), (21, 60), (22, 120), (23, 120)),
        hours((0, 60), (1, 120), (2, 60), (3, 60), (4, 60), (5, 60)),  # the repeated hour holds two hours
    ]

    # Knit and Natter's 6, 13 and 27 Oct, Youth Drama, the party, the sleepover and the disco; not the request,
    # the Tuesday the group called off nor the quiz night the closure called off.
    assert found.sessions == Sessions(
        sessions=7, held=4, not_held=1, unrecorded=2, to_come=0, cancelled_by_hirer=1, cancelled_by_venue=1
    )
    assert found.sessions.cancelled == 2
    # Minutes: Tuesdays 3 x 120, drama 180, party 180, the sleepover 540 (the 25-hour night), the disco 240 (cut
    # at midnight on the 31st).
    assert found.activities == Activities(
        by_category=rows(
            ("arts_and_crafts", 3, 360),
            ("family", 1, 540),
            ("music", 1, 240),
            ("unlisted", 1, 180),
            ("youth_club", 1, 180),
        ),
        by_audience=rows(
            ("older_people", 3, 360),
            ("children", 1, 240),
            ("families", 1, 540),
            ("unlisted", 1, 180),
            ("young_people", 1, 180),
        ),
        by_visibility=rows(("public", 6, 1320), ("private", 1, 180)),
        by_format=rows(("run", 3, 960), ("drop_in", 3, 360)),
    )
    # Knit and Natter booked in September (not new) on a weekly series (regular); Youth Drama is new.
    assert found.groups == Groups(
        hosted=2,
        new=1,
        regular=1,
        rows=[
            GroupRow(world.knit.id, "Knit and Natter", sessions=3, booked_minutes=360, new=False, regular=True),
            GroupRow(world.drama.id, "Youth Drama", sessions=1, booked_minutes=180, new=True, regular=False),
        ],
    )
    # Headcounts 12 + 9 + 20 over three sessions (the sleepover was held but not counted); first-timers 2 + 20.
    assert found.attendance == Attendance(recorded_sessions=3, headcount=41, first_timers=22, first_timer_sessions=2)
    assert found.attendance.per_session == pytest.approx(41 / 3)
    # Free: three Tuesdays worth £40 each. Low cost: drama (£15 charged, £60 standard: £45 given) and the
    # sleepover (£20, standard unknown). Standard: the party £60 and the disco £100.
    assert found.money == Money(
        currency="GBP",
        free_minutes=360,
        low_cost_minutes=720,
        value_given_minor=3 * 4000 + (6000 - 1500),
        unvalued_sessions=1,
        by_tier=[
            TierMoney("free", sessions=3, booked_minutes=360, hire_minor=0),
            TierMoney("low_cost", sessions=2, booked_minutes=720, hire_minor=3500),
            TierMoney("standard", sessions=2, booked_minutes=420, hire_minor=16000),
        ],
    )


async def test_the_other_hall_counts_its_own_sessions_and_a_group_new_to_it(world: World) -> None:
    found = await figures_of(await build.venue_scope(world.hilltop.id))

    # Twelve hours a day, the 25th too; stargazing (00:30-02:30, outside the hours, still counted) and the fair.
    assert found.use is not None
    assert (found.use.open_minutes, found.use.occupied_minutes, found.use.booked_minutes) == (31 * 720, 480, 480)
    assert found.use.by_weekday == [
        WeekdayUse(weekday, days * 720, {THURSDAY: 120, SATURDAY: 360}.get(weekday, 0))
        for weekday, days in enumerate(OCTOBER_DAYS)
    ]
    assert found.use.heat_occupied[THURSDAY] == hours((0, 30), (1, 60), (2, 30))
    assert found.use.heat_open[SUNDAY] == hours(*((hour, 4 * 60) for hour in range(9, 21)))

    # Stargazing (00:30 on 1 October local, still September in UTC) and the craft fair.
    assert found.sessions == Sessions(
        2, held=1, not_held=0, unrecorded=1, to_come=0, cancelled_by_hirer=0, cancelled_by_venue=0
    )
    assert found.activities == Activities(
        by_category=rows(("arts_and_crafts", 1, 360), ("learning", 1, 120)),
        by_audience=rows(("adults", 1, 120), ("all_ages", 1, 360)),
        by_visibility=rows(("public", 2, 480), ("private", 0, 0)),
        by_format=rows(("run", 2, 480), ("drop_in", 0, 0)),
    )
    # The craft fair is Knit and Natter's first booking here: new to this hall, and a one-off (not regular).
    assert found.groups == Groups(
        1, 1, 0, [GroupRow(world.knit.id, "Knit and Natter", 1, 360, new=True, regular=False)]
    )
    assert found.attendance == Attendance(1, 40, 15, 1)
    assert found.money == Money(
        "GBP",
        free_minutes=360,
        low_cost_minutes=0,
        value_given_minor=9000,
        unvalued_sessions=0,
        by_tier=[TierMoney("free", 1, 360, 0), TierMoney("unknown", 1, 120, 0)],
    )


async def test_an_area_adds_its_halls_and_a_group_is_new_only_once_across_them(world: World) -> None:
    area = Area(name="Riverside and Hilltop", slug="river-and-hill")
    await area.save()
    await AreaVenue.insert(
        AreaVenue(area=area.id, venue=world.riverside.id), AreaVenue(area=area.id, venue=world.hilltop.id)
    )
    found = await figures_of(await build.area_scope(area.id))

    assert found.use is not None
    assert (found.use.open_minutes, found.use.booked_minutes) == (29 * DAY + 25 * 60 + 31 * 720, 1500 + 480)
    assert [space.space_name for space in found.use.by_space] == ["Pavilion room", "Main hall"]
    assert found.sessions == Sessions(9, 5, 1, 3, 0, 1, 1)
    assert found.activities.by_category == rows(
        ("arts_and_crafts", 4, 720),
        ("family", 1, 540),
        ("learning", 1, 120),
        ("music", 1, 240),
        ("unlisted", 1, 180),
        ("youth_club", 1, 180),
    )
    assert found.activities.by_visibility == rows(("public", 8, 1800), ("private", 1, 180))
    # Knit and Natter is new at the pavilion but not in the area, where it booked in September.
    assert found.groups == Groups(
        2,
        1,
        1,
        [
            GroupRow(world.knit.id, "Knit and Natter", 4, 720, new=False, regular=True),
            GroupRow(world.drama.id, "Youth Drama", 1, 180, new=True, regular=False),
        ],
    )
    assert found.attendance == Attendance(4, 81, 37, 3)
    assert found.money.value_given_minor == 16500 + 9000
    assert found.money.by_tier == [
        TierMoney("free", 4, 720, 0),
        TierMoney("low_cost", 2, 720, 3500),
        TierMoney("standard", 2, 420, 16000),
        TierMoney("unknown", 1, 120, 0),
    ]


async def test_a_groups_report_counts_only_its_sessions_at_every_hall_and_has_no_use(world: World) -> None:
    scope = await build.group_scope(world.knit.id)
    assert [venue.name for venue in scope.venues] == ["Hilltop Pavilion", "Riverside Hall"]
    found = await figures_of(scope)

    assert found.use is None
    # Tuesdays 6, 13 (held), 27 (not held), 20 (called off by the group) and the craft fair (held).
    assert found.sessions == Sessions(
        4, held=3, not_held=1, unrecorded=0, to_come=0, cancelled_by_hirer=1, cancelled_by_venue=0
    )
    assert found.activities == Activities(
        by_category=rows(("arts_and_crafts", 4, 720)),
        by_audience=rows(("older_people", 3, 360), ("all_ages", 1, 360)),
        by_visibility=rows(("public", 4, 720), ("private", 0, 0)),
        by_format=rows(("run", 1, 360), ("drop_in", 3, 360)),
    )
    assert found.groups == Groups(
        1, 0, 1, [GroupRow(world.knit.id, "Knit and Natter", 4, 720, new=False, regular=True)]
    )
    assert found.attendance == Attendance(recorded_sessions=3, headcount=61, first_timers=17, first_timer_sessions=2)
    assert found.money == Money("GBP", 720, 0, 3 * 4000 + 9000, 0, [TierMoney("free", 4, 720, 0)])

    drama = await figures_of(await build.group_scope(world.drama.id))
    assert drama.sessions.sessions == 1 and drama.groups.new == 1 and drama.money.low_cost_minutes == 180


async def test_sessions_not_yet_started_are_to_come_not_unrecorded(world: World) -> None:
    # Read on the afternoon of 30 October: the disco on the 31st is still to come.
    found = await figures_of(await build.venue_scope(world.riverside.id), now=MID_PERIOD)
    assert found.sessions == Sessions(
        7, held=4, not_held=1, unrecorded=1, to_come=1, cancelled_by_hirer=1, cancelled_by_venue=1
    )


async def test_a_report_sets_the_previous_period_and_last_year_beside_the_period(world: World) -> None:
    with clock.frozen_at(AFTER):
        riverside = await build.report(await build.venue_scope(world.riverside.id), OCTOBER)
        hilltop = await build.report(await build.venue_scope(world.hilltop.id), OCTOBER)

    assert riverside.scope_kind == "venue" and riverside.scope_name == "Riverside Hall"
    assert riverside.previous.period == Period(date(2026, 9, 1), date(2026, 9, 30))  # a month beside the month before
    assert riverside.last_year.period == Period(date(2025, 10, 1), date(2025, 10, 31))
    assert riverside.current.sessions.sessions == 7
    # 29 September: Knit and Natter's first Tuesday, held with 10 there; new then, and regular.
    assert riverside.previous.sessions == Sessions(1, 1, 0, 0, 0, 0, 0)
    assert riverside.previous.groups == Groups(hosted=1, new=1, regular=1)  # no rows beside the main period
    assert riverside.previous.attendance == Attendance(1, 10, 0, 0)
    assert riverside.previous.money.value_given_minor == 4000
    # Beside the main period: totals, spaces and weekdays, no heat map. September (Tuesday 1st to Wednesday 30th)
    # is 30 days of British Summer Time; last October (Wednesday 1st to Friday 31st) had its clocks go back on
    # Sunday the 26th, a 25-hour day there too.
    assert riverside.previous.use is not None and riverside.last_year.use is not None
    assert (riverside.previous.use.open_minutes, riverside.previous.use.booked_minutes) == (30 * DAY, 120)
    assert riverside.previous.use.heat_occupied == [] and riverside.previous.use.heat_open == []
    assert riverside.previous.use.by_weekday == [
        WeekdayUse(weekday, (5 if weekday in (1, 2) else 4) * DAY, 120 if weekday == 1 else 0) for weekday in range(7)
    ]
    assert (riverside.last_year.use.open_minutes, riverside.last_year.use.booked_minutes) == (30 * DAY + 25 * 60, 180)
    assert riverside.last_year.use.by_weekday == [
        WeekdayUse(
            weekday,
            (5 if 2 <= weekday <= 4 else 4) * DAY + (60 if weekday == 6 else 0),
            180 if weekday == 5 else 0,
        )
        for weekday in range(7)
    ]
    # Last October: the harvest supper, never recorded.
    assert riverside.last_year.sessions == Sessions(1, 0, 0, 1, 0, 0, 0)
    assert riverside.last_year.money.by_tier == [TierMoney("standard", 1, 180, 6000)]
    assert riverside.last_year.groups == Groups(0, 0, 0)
    # The pavilion's September: the parish council only; the stargazing belongs to October.
    assert hilltop.previous.sessions == Sessions(1, 0, 0, 1, 0, 0, 0)
    assert hilltop.previous.money.by_tier == [TierMoney("standard", 1, 120, 3000)]
    assert hilltop.last_year.sessions.sessions == 0


async def test_each_figure_is_one_query_however_many_bookings(
    world: World, factory: Factory, query_log: list[str]
) -> None:
    scope = await build.venue_scope(world.riverside.id)

    async def queries() -> list[int]:
        counts = []
        for figure in (
            session_figures(scope, OCTOBER, AFTER),
            activity_figures(scope, OCTOBER),
            group_figures(scope, OCTOBER),
            group_figures(scope, OCTOBER, detail=False),
            attendance_figures(scope, OCTOBER),
            money_figures(scope, OCTOBER),
        ):
            query_log.clear()
            await figure
            counts.append(len(query_log))
        query_log.clear()
        await figures_of(scope)
        counts.append(len(query_log))
        return counts

    before = await queries()
    assert before[:6] == [1, 1, 1, 1, 1, 1]
    for day in range(1, 29):
        group = await factory.group()
        await factory.booking(
            world.main_hall, local(date(2026, 10, day), 7), local(date(2026, 10, day), 8), group=group.id
        )
    assert await queries() == before
    assert (await session_figures(scope, OCTOBER, AFTER)).sessions == 7 + 28


async def test_regular_means_a_series_meeting_weekly_or_more_often(factory: Factory) -> None:
    venue = await factory.venue()
    space = await factory.space(venue)
    rules = {
        "FREQ=WEEKLY": True,
        "FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20261231": True,
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU": False,
        "FREQ=DAILY": True,
        "FREQ=DAILY;INTERVAL=7": True,
        "FREQ=DAILY;INTERVAL=8": False,
        "FREQ=MONTHLY;BYDAY=1TU": False,
    }
    for index, rule in enumerate(rules):
        group = await factory.group(name=f"{index} {rule}")
        series = await factory.series(space, date(2026, 10, 1), time(9), time(10), rrule=rule, group=group.id)
        starts = datetime(2026, 10, 1 + index, 9, tzinfo=UTC)
        await factory.booking(
            space, starts, starts + timedelta(hours=1), series=series.id, recurrence_id=starts, group=group.id
        )
    found = await group_figures(await build.venue_scope(venue.id), OCTOBER)
    assert {row.name.split(" ", 1)[1]: row.regular for row in found.rows} == rules
    assert found.regular == 4


async def test_an_area_across_time_zones_reads_each_venues_october_on_its_own_clock(factory: Factory) -> None:
    london = await factory.venue(name="London hall", timezone="Europe/London")
    paris = await factory.venue(name="Salle de Paris", timezone="Europe/Paris")
    london_room, paris_room = await factory.space(london), await factory.space(paris)
    # 22:30 UTC on 30 September: 00:30 on 1 October in Paris, 23:30 on 30 September in London.
    moment = datetime(2026, 9, 30, 22, 30, tzinfo=UTC)
    await factory.booking(paris_room, moment, moment + timedelta(hours=2))
    await factory.booking(london_room, moment, moment + timedelta(hours=2))
    # 22:30 UTC on 31 October: 23:30 in Paris (half an hour left of October), 22:30 in London (an hour and a half).
    late = datetime(2026, 10, 31, 22, 30, tzinfo=UTC)
    await factory.booking(paris_room, late, late + timedelta(hours=3))
    await factory.booking(london_room, late, late + timedelta(hours=3))
    area = Area(name="Twinned", slug="twinned")
    await area.save()
    await AreaVenue.insert(AreaVenue(area=area.id, venue=london.id), AreaVenue(area=area.id, venue=paris.id))

    found = await figures_of(await build.area_scope(area.id))
    # Both Paris bookings start in its October; in London only the late one does (the other on 30 September).
    assert found.sessions.sessions == 3
    # Minutes are the time inside each venue's October: Paris 120 + 30; London 90 after its midnight on the 1st
    # (a session of September's) + 90 before its midnight on the 31st: the hours booked, to the minute.
    assert found.activities.by_visibility == rows(("public", 3, 330), ("private", 0, 0))
    assert found.use is not None and found.use.booked_minutes == 330


async def test_a_booking_over_a_periods_edge_gives_each_period_its_minutes_and_one_its_session(world: World) -> None:
    scope = await build.venue_scope(world.riverside.id)
    october = await figures_of(scope)
    november = await figures_of(scope, NOVEMBER, now=datetime(2026, 12, 2, 9, tzinfo=UTC))

    # The disco, Sat 31 Oct 20:00 to Sun 1 Nov 01:00: October its four hours and the session, November the fifth.
    length = int((world.disco.ends_at - world.disco.starts_at).total_seconds()) // 60
    assert november.use is not None and november.use.booked_minutes == 60
    assert november.sessions.sessions == 0
    music = [row for row in october.activities.by_category if row.key == "music"]
    assert music == rows(("music", 1, 240))
    assert november.activities.by_category == rows(("music", 0, 60))
    assert november.activities.by_visibility == rows(("public", 0, 60), ("private", 0, 0))
    assert music[0].booked_minutes + november.activities.by_category[0].booked_minutes == length
    # Its hire counts once, in October, where it started; its standard-tier minutes are split.
    assert november.money.by_tier == [TierMoney("standard", sessions=0, booked_minutes=60, hire_minor=0)]
    standard = [row for row in october.money.by_tier if row.tier_kind == "standard"]
    assert standard[0].booked_minutes + november.money.by_tier[0].booked_minutes == 420 + 60


async def test_free_hours_over_midnight_are_counted_in_both_periods_as_the_hours_booked_are(factory: Factory) -> None:
    hall = await factory.venue(name="Free hall", timezone="Europe/London")
    room = await factory.space(hall)
    free = await PriceTier.select(PriceTier.id).where((PriceTier.venue == hall.id) & (PriceTier.kind == "free")).first()
    assert free is not None
    group = await factory.group(name="Night owls")
    # Sat 31 Oct 22:00 to Sun 1 Nov 02:00 London (GMT): two free hours each side of the month's edge.
    starts, ends = local(date(2026, 10, 31), 22), local(date(2026, 11, 1), 2)
    booking = await factory.booking(
        room, starts, ends, group=group.id, tier=free["id"], hire_minor=0, standard_hire_minor=8000
    )
    await factory.activity(booking=booking, category="coffee_morning", audience="adults", drop_in=True)
    scope = await build.venue_scope(hall.id)
    found = [
        await figures_of(scope, period, now=datetime(2026, 12, 2, 9, tzinfo=UTC)) for period in (OCTOBER, NOVEMBER)
    ]

    for figures, minutes in zip(found, (120, 120), strict=True):
        assert figures.use is not None and figures.use.booked_minutes == minutes
        assert figures.money.free_minutes == minutes
        assert figures.activities.by_category == rows(("coffee_morning", int(figures is found[0]), minutes))
    assert sum(figures.money.free_minutes for figures in found) == (ends - starts).total_seconds() // 60 == 240
    # Counted once, in October where it starts: the session, its group and the value given.
    assert [figures.sessions.sessions for figures in found] == [1, 0]
    assert [figures.money.value_given_minor for figures in found] == [8000, 0]
    assert found[0].groups == Groups(1, 1, 0, [GroupRow(group.id, "Night owls", 1, 120, new=True, regular=False)])
    assert found[1].groups == Groups(0, 0, 0, [])


async def test_a_series_date_takes_its_whole_listing_from_the_series_else_from_its_own(factory: Factory) -> None:
    venue = await factory.venue()
    space = await factory.space(venue)
    series = await factory.series(space, date(2026, 10, 5), time(9), time(10), rrule="FREQ=WEEKLY;BYDAY=MO")
    await factory.activity(series=series, category="exercise", audience="older_people", drop_in=True)
    bare = await factory.series(space, date(2026, 10, 6), time(9), time(10), rrule="FREQ=WEEKLY;BYDAY=TU")
    for day, of in ((5, series), (6, bare)):
        starts = datetime(2026, 10, day, 9, tzinfo=UTC)
        booking = await factory.booking(space, starts, starts + timedelta(hours=1), series=of.id, recurrence_id=starts)
        # Each date also carries a listing of its own, with every field different from the series' listing.
        await factory.activity(booking=booking, category="music", audience="children", drop_in=False)

    found = await activity_figures(await build.venue_scope(venue.id), OCTOBER)
    # The Monday is the series' exercise drop-in for older people through and through; the Tuesday, whose series
    # has no listing, its own run music session for children. No session mixes the two listings' fields.
    assert found.by_category == rows(("exercise", 1, 60), ("music", 1, 60))
    assert found.by_audience == rows(("children", 1, 60), ("older_people", 1, 60))
    assert found.by_format == rows(("run", 1, 60), ("drop_in", 1, 60))
