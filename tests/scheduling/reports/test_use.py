"""Hours open, occupied and booked in each venue's own time: clock changes, combined spaces, closures, edges, zones."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from scheduling.reports.figures import Use, WeekdayUse
from scheduling.reports.period import Period
from scheduling.reports.scope import Scope, ScopeKind, VenueInScope
from scheduling.reports.use import use_figures
from tests.factories import Factory
from venues.core.timezones import local_datetime
from venues.models import Closure, OpeningHours, Space, SpacePart, Venue

# Clocks change in London at 01:00 UTC: back on Sunday 25 October 2026, forward on Sunday 29 March 2026.
AUTUMN_SUNDAY = date(2026, 10, 25)
SPRING_SUNDAY = date(2026, 3, 29)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def at(day: date, hour: int, minute: int = 0, tz: str = "Europe/London") -> datetime:
    return local_datetime(day, time(hour, minute), tz)


def scope_of(*venues: Venue) -> Scope:
    return Scope(
        ScopeKind.area, 1, "Area", tuple(VenueInScope(venue.id, venue.name, venue.timezone) for venue in venues)
    )


async def open_hours(venue: Venue, opens: time, closes: time, space: Space | None = None) -> None:
    """The venue's (or one space's) weekly hours: ``opens``–``closes`` every day."""
    where = OpeningHours.venue == venue.id
    where &= OpeningHours.space.is_null() if space is None else OpeningHours.space == space.id
    await OpeningHours.delete().where(where)
    await OpeningHours.insert(
        *[
            OpeningHours(
                venue=venue.id, space=None if space is None else space.id, weekday=d, opens=opens, closes=closes
            )
            for d in range(7)
        ]
    )


async def venue_open_all_day(factory: Factory, tz: str = "Europe/London", spaces: int = 1) -> tuple[Venue, list[Space]]:
    venue = await factory.venue(timezone=tz)
    rooms = [await factory.space(venue) for _ in range(spaces)]
    await open_hours(venue, time(0), time(0))
    return venue, rooms


def hour_cells(use: Use, weekday: int) -> tuple[list[int], list[int]]:
    return use.heat_open[weekday], use.heat_occupied[weekday]


async def test_the_autumn_sunday_is_open_25_hours_and_its_repeated_hour_holds_two_hours(factory: Factory) -> None:
    venue, (room,) = await venue_open_all_day(factory)
    # 00:30 BST to 02:30 GMT: three hours, two of them while the clock reads 01:xx.
    await factory.booking(room, utc(2026, 10, 24, 23, 30), utc(2026, 10, 25, 2, 30))

    use = await use_figures(scope_of(venue), Period(AUTUMN_SUNDAY, AUTUMN_SUNDAY))

    assert (use.open_minutes, use.occupied_minutes, use.booked_minutes) == (25 * 60, 180, 180)
    opened, occupied = hour_cells(use, 6)
    assert opened[:3] == [60, 120, 60] and sum(opened) == 25 * 60
    assert occupied[:4] == [30, 120, 30, 0] and sum(occupied) == 180
    assert use.by_weekday[6].open_minutes == 25 * 60 and use.by_weekday[6].occupied_minutes == 180
    assert all(row.open_minutes == 0 for row in use.by_weekday[:6])


async def test_the_spring_sunday_is_open_23_hours_and_its_skipped_hour_holds_nothing(factory: Factory) -> None:
    venue, (room,) = await venue_open_all_day(factory)
    # 00:30 GMT to 02:30 BST: one hour, none of it at 01:xx (the clock jumps from 01:00 to 02:00).
    await factory.booking(room, utc(2026, 3, 29, 0, 30), utc(2026, 3, 29, 1, 30))

    use = await use_figures(scope_of(venue), Period(SPRING_SUNDAY, SPRING_SUNDAY))

    assert (use.open_minutes, use.occupied_minutes, use.booked_minutes) == (23 * 60, 60, 60)
    opened, occupied = hour_cells(use, 6)
    assert opened[:3] == [60, 0, 60] and sum(opened) == 23 * 60
    assert occupied[:3] == [30, 0, 30]


async def test_a_combined_space_booking_occupies_each_part_but_is_booked_once(factory: Factory) -> None:
    venue, (main, small) = await venue_open_all_day(factory, spaces=2)
    whole = await factory.space(venue, name="Whole hall")
    await SpacePart.insert(SpacePart(combined=whole.id, part=main.id), SpacePart(combined=whole.id, part=small.id))
    day = date(2026, 6, 3)
    await factory.booking(whole, at(day, 10), at(day, 12))
    await factory.booking(main, at(day, 14), at(day, 15))

    use = await use_figures(scope_of(venue), Period(day, day))

    # Two physical spaces open 24 hours; the whole hall's own time is its parts'.
    assert use.open_minutes == 2 * 24 * 60
    assert use.booked_minutes == 120 + 60
    assert use.occupied_minutes == 2 * 120 + 60
    rows = {row.space_id: row for row in use.by_space}
    assert (rows[whole.id].open_minutes, rows[whole.id].occupied_minutes, rows[whole.id].booked_minutes) == (0, 0, 120)
    assert (rows[main.id].open_minutes, rows[main.id].occupied_minutes, rows[main.id].booked_minutes) == (1440, 180, 60)
    assert (rows[small.id].occupied_minutes, rows[small.id].booked_minutes) == (120, 0)
    assert {row.venue_name for row in use.by_space} == {venue.name}
    assert use.heat_occupied[day.weekday()][10:12] == [120, 120]


async def test_a_closure_takes_its_days_out_of_the_open_time(factory: Factory) -> None:
    venue = await factory.venue()
    room, other = await factory.space(venue), await factory.space(venue)
    await open_hours(venue, time(9), time(17))
    monday = date(2026, 6, 1)
    await Closure(
        venue=venue.id, starts_on=monday + timedelta(days=2), ends_on=monday + timedelta(days=2), reason="Flood"
    ).save()
    await Closure(venue=venue.id, space=room.id, starts_on=monday, ends_on=monday, reason="Painting").save()

    use = await use_figures(scope_of(venue), Period(monday, monday + timedelta(days=6)))

    rows = {row.space_id: row.open_minutes for row in use.by_space}
    assert rows == {room.id: 5 * 8 * 60, other.id: 6 * 8 * 60}
    assert use.open_minutes == 11 * 8 * 60
    assert use.by_weekday[2].open_minutes == 0 and use.by_weekday[0].open_minutes == 8 * 60
    assert use.heat_open[1][9:17] == [120] * 8 and use.heat_open[1][17] == 0


async def test_an_archived_space_has_no_open_time(factory: Factory) -> None:
    venue, (room, gone) = await venue_open_all_day(factory, spaces=2)
    await Space.update({Space.archived: True}).where(Space.id == gone.id)
    day = date(2026, 6, 3)

    use = await use_figures(scope_of(venue), Period(day, day))

    assert use.open_minutes == 24 * 60
    assert [row.space_id for row in use.by_space] == [room.id]


async def test_an_archived_space_leaves_open_and_occupied_time_alike_but_its_bookings_stay_booked(
    factory: Factory,
) -> None:
    venue, (room, gone) = await venue_open_all_day(factory, spaces=2)
    day = date(2026, 6, 3)
    await factory.booking(room, at(day, 9), at(day, 10))
    # The busy room: 20 of its 24 hours booked, then archived.
    await factory.booking(gone, at(day, 2), at(day, 22))
    await Space.update({Space.archived: True}).where(Space.id == gone.id)

    for detail in (False, True):
        use = await use_figures(scope_of(venue), Period(day, day), detail=detail)

        assert (use.open_minutes, use.occupied_minutes, use.booked_minutes) == (24 * 60, 60, 60 + 20 * 60)
        rows = {row.space_id: (row.open_minutes, row.occupied_minutes, row.booked_minutes) for row in use.by_space}
        assert rows == {room.id: (24 * 60, 60, 60), gone.id: (0, 0, 20 * 60)}
        assert use.by_weekday[day.weekday()].occupied_minutes == 60
    assert use.heat_occupied[day.weekday()][2:11] == [0] * 7 + [60, 0]


async def test_a_whole_hall_booking_occupies_only_its_parts_still_open(factory: Factory) -> None:
    venue, (main, gone) = await venue_open_all_day(factory, spaces=2)
    whole = await factory.space(venue, name="Whole hall")
    await SpacePart.insert(SpacePart(combined=whole.id, part=main.id), SpacePart(combined=whole.id, part=gone.id))
    day = date(2026, 6, 3)
    await factory.booking(whole, at(day, 10), at(day, 12))
    await Space.update({Space.archived: True}).where(Space.id == gone.id)

    use = await use_figures(scope_of(venue), Period(day, day))

    assert (use.open_minutes, use.occupied_minutes, use.booked_minutes) == (24 * 60, 120, 120)
    assert use.heat_occupied[day.weekday()][10:12] == [60, 60]
    rows = {row.space_id: (row.open_minutes, row.occupied_minutes, row.booked_minutes) for row in use.by_space}
    assert rows == {main.id: (24 * 60, 120, 0), whole.id: (0, 0, 120)}


async def test_time_held_outside_the_opening_counts_so_a_share_can_pass_one(factory: Factory) -> None:
    venue = await factory.venue()
    room = await factory.space(venue)
    await open_hours(venue, time(9), time(10))
    day = date(2026, 6, 3)
    # Confirmed outside the hours (a manager may): the room was used, so the time counts.
    await factory.booking(room, at(day, 9), at(day, 11))

    use = await use_figures(scope_of(venue), Period(day, day))

    assert (use.open_minutes, use.occupied_minutes) == (60, 120)
    assert use.heat_open[day.weekday()][9:11] == [60, 0] and use.heat_occupied[day.weekday()][9:11] == [60, 60]


async def test_bookings_are_clipped_to_the_period_in_the_venues_local_time(factory: Factory) -> None:
    tz = "America/New_York"
    venue, (room,) = await venue_open_all_day(factory, tz=tz)
    first, last = date(2026, 6, 1), date(2026, 6, 7)
    await factory.booking(room, at(first - timedelta(days=1), 23, tz=tz), at(first, 1, tz=tz))
    await factory.booking(room, at(last, 23, tz=tz), at(last + timedelta(days=1), 1, tz=tz))
    # Inside the period in UTC terms (1 June, 02:00 UTC) but on 31 May in New York: not counted.
    await factory.booking(room, utc(2026, 6, 1, 2), utc(2026, 6, 1, 3))

    use = await use_figures(scope_of(venue), Period(first, last))

    assert (use.occupied_minutes, use.booked_minutes) == (120, 120)
    assert use.heat_occupied[first.weekday()][0] == 60 and use.heat_occupied[last.weekday()][23] == 60
    assert sum(map(sum, use.heat_occupied)) == 120


async def test_venues_in_two_zones_are_each_counted_in_their_own_time(factory: Factory) -> None:
    london = await factory.venue(timezone="Europe/London", name="A London hall")
    kolkata = await factory.venue(timezone="Asia/Kolkata", name="B Kolkata hall")
    london_room, kolkata_room = await factory.space(london), await factory.space(kolkata)
    await open_hours(london, time(9), time(17))
    await open_hours(kolkata, time(9), time(17))
    day = date(2026, 10, 25)  # London's 25-hour day does not touch 09:00–17:00; Kolkata has no clock changes
    await factory.booking(london_room, at(day, 10), at(day, 11, 30))
    await factory.booking(kolkata_room, at(day, 10, tz="Asia/Kolkata"), at(day, 11, 30, tz="Asia/Kolkata"))
    await factory.booking(kolkata_room, at(day, 16, 45, tz="Asia/Kolkata"), at(day, 17, 15, tz="Asia/Kolkata"))

    use = await use_figures(scope_of(london, kolkata), Period(day, day))

    assert use.open_minutes == 2 * 8 * 60
    assert use.occupied_minutes == use.booked_minutes == 90 + 90 + 30
    assert use.heat_occupied[6][10:12] == [120, 60]
    assert use.heat_occupied[6][16:18] == [15, 15]
    assert use.heat_open[6][9:17] == [120] * 8
    assert [(row.venue_name, row.occupied_minutes) for row in use.by_space] == [
        ("A London hall", 90),
        ("B Kolkata hall", 120),
    ]


async def test_only_confirmed_bookings_count(factory: Factory) -> None:
    venue, (room,) = await venue_open_all_day(factory)
    day = date(2026, 6, 3)
    await factory.booking(room, at(day, 9), at(day, 10))
    for hour, status in ((11, "requested"), (13, "declined"), (15, "cancelled")):
        await factory.booking(room, at(day, hour), at(day, hour + 1), status=status)

    use = await use_figures(scope_of(venue), Period(day, day))

    assert (use.occupied_minutes, use.booked_minutes) == (60, 60)
    assert sum(map(sum, use.heat_occupied)) == 60


async def test_without_detail_the_heat_map_is_left_out_and_the_weekdays_stay(factory: Factory) -> None:
    venue, (room,) = await venue_open_all_day(factory)
    day = date(2026, 6, 3)
    await factory.booking(room, at(day, 9), at(day, 10))

    use = await use_figures(scope_of(venue), Period(day, day), detail=False)

    assert (use.open_minutes, use.occupied_minutes, use.booked_minutes) == (24 * 60, 60, 60)
    assert use.heat_occupied == [] and use.heat_open == []
    assert [row.occupied_minutes for row in use.by_space] == [60]
    # The weekdays are seven sums of the same buckets, so the comparisons have them too.
    assert use.by_weekday == [
        WeekdayUse(weekday, 24 * 60 if weekday == day.weekday() else 0, 60 if weekday == day.weekday() else 0)
        for weekday in range(7)
    ]


async def test_a_scope_without_venues_has_nothing(factory: Factory) -> None:
    use = await use_figures(Scope(ScopeKind.area, 1, "Empty", ()), Period(date(2026, 6, 1), date(2026, 6, 30)))

    assert (use.open_minutes, use.occupied_minutes, use.booked_minutes, use.by_space) == (0, 0, 0, [])
    assert use.heat_open == [[0] * 24] * 7


async def test_the_queries_do_not_grow_with_the_bookings(factory: Factory, query_log: list[str]) -> None:
    venue, (room,) = await venue_open_all_day(factory)
    other_zone, (far_room,) = await venue_open_all_day(factory, tz="America/New_York")
    first = date(2026, 6, 1)
    period = Period(first, first + timedelta(days=59))

    async def queries() -> int:
        query_log.clear()
        await use_figures(scope_of(venue, other_zone), period)
        return len(query_log)

    await factory.booking(room, at(first, 9), at(first, 10))
    few = await queries()
    for day in range(40):
        await factory.booking(room, at(first + timedelta(days=day), 12), at(first + timedelta(days=day), 14))
        await factory.booking(far_room, at(first + timedelta(days=day), 12), at(first + timedelta(days=day), 14))

    assert await queries() == few
    # The spaces, the hours, the closures and one aggregate for each time zone.
    assert few == 5, query_log
    use = await use_figures(scope_of(venue, other_zone), period)
    assert use.occupied_minutes == 60 + 2 * 40 * 120
