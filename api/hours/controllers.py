"""Weekly opening hours of venues and spaces: public to read, replaced whole by managers."""

from __future__ import annotations

from litestar import Controller, get, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from api.errors import problem_responses
from api.hours.schemas import HoursRow, WeeklyHoursIn, WeeklyHoursOut
from api.venues.guards import manages_path_space, manages_path_venue
from venues.lookups import get_space, get_venue
from venues.models import User
from venues.opening.hours import Interval, parse_clock, replace_weekly_hours, weekly_hours
from venues.visibility import visible_space, visible_venue

_REPLACE = (
    "Replaces the whole weekly set in one transaction. A `closes` earlier than `opens` closes on the next "
    "day (Saturday 18:00 – 01:00 (next day)); `00:00`–`00:00` is the whole day. A bad row (equal times, "
    "intervals that overlap, counting a late finish against the next day's hours and Sunday's against "
    "Monday's) is refused with `field` naming it, and the stored hours stay as they were."
)


def _intervals(data: WeeklyHoursIn) -> list[Interval]:
    return [
        Interval(
            row.weekday,
            parse_clock(row.opens, f"hours[{index}].opens"),
            parse_clock(row.closes, f"hours[{index}].closes"),
        )
        for index, row in enumerate(data.hours)
    ]


def _out(venue_id: int, space_id: int | None, week: list[Interval]) -> WeeklyHoursOut:
    rows = [HoursRow(row.weekday, f"{row.opens:%H:%M}", f"{row.closes:%H:%M}") for row in week]
    return WeeklyHoursOut(venue_id=venue_id, space_id=space_id, hours=rows)


class OpeningHoursController(Controller):
    path = "/api/v1"
    tags = ["opening hours"]

    @get(
        "/venues/{venue_id:int}/opening-hours",
        summary="A venue's weekly opening hours",
        description="Public. Local time in the venue's time zone.",
        responses=problem_responses(400, 401, 404),
    )
    async def venue_hours(self, venue_id: FromPath[int], user: NamedDependency[User | None]) -> WeeklyHoursOut:
        venue, _ = await visible_venue(user, venue_id)
        return _out(venue.id, None, await weekly_hours(venue.id))

    @put(
        "/venues/{venue_id:int}/opening-hours",
        guards=[manages_path_venue],
        summary="Replace a venue's weekly opening hours (its managers)",
        description=_REPLACE,
        responses=problem_responses(400, 401, 403, 404),
    )
    async def replace_venue_hours(self, venue_id: FromPath[int], data: JSONBody[WeeklyHoursIn]) -> WeeklyHoursOut:
        venue = await get_venue(venue_id)
        return _out(venue.id, None, await replace_weekly_hours(venue.id, None, _intervals(data)))

    @get(
        "/spaces/{space_id:int}/opening-hours",
        summary="The hours that narrow a space's opening",
        description="Public. The space is open only where these and its venue's hours both say so; "
        "with no rows it follows the venue.",
        responses=problem_responses(400, 401, 404),
    )
    async def space_hours(self, space_id: FromPath[int], user: NamedDependency[User | None]) -> WeeklyHoursOut:
        space, _ = await visible_space(user, space_id)
        return _out(space.venue, space.id, await weekly_hours(space.venue, space.id))

    @put(
        "/spaces/{space_id:int}/opening-hours",
        guards=[manages_path_space],
        summary="Replace the hours that narrow a space's opening (its venue's managers)",
        description=_REPLACE + " [] lets the space follow its venue's hours.",
        responses=problem_responses(400, 401, 403, 404),
    )
    async def replace_space_hours(self, space_id: FromPath[int], data: JSONBody[WeeklyHoursIn]) -> WeeklyHoursOut:
        space = await get_space(space_id)
        return _out(space.venue, space.id, await replace_weekly_hours(space.venue, space.id, _intervals(data)))
