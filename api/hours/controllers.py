"""Weekly opening hours of venues and spaces: public to read, replaced whole by managers."""

from __future__ import annotations

from litestar import Controller, get, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from api.errors import problem_responses
from api.hours.schemas import HoursRow, WeeklyHoursIn, WeeklyHoursOut
from api.resolutions import resolution_of
from api.venues.guards import manages_path_space, manages_path_venue
from scheduling.venue_changes.resolve import set_hours
from venues.lookups import get_space, get_venue
from venues.models import User
from venues.opening.hours import Interval, parse_clock, weekly_hours
from venues.visibility import visible_space, visible_venue

_REPLACE = (
    "Replaces the whole weekly set in one transaction. A `closes` earlier than `opens` closes on the next "
    "day (Saturday 18:00 – 01:00 (next day)); `00:00`–`00:00` is the whole day. A bad row (equal times, "
    "intervals that overlap, counting a late finish against the next day's hours and Sunday's against "
    "Monday's) is refused with `field` naming it, and the stored hours stay as they were. "
    "Hours that would leave requested or confirmed bookings outside the opening are refused with a 409 "
    "`affects-bookings` listing them (series dates included, venue-local times) unless `resolve` says, for "
    "each or all, to `cancel` them (with a `reason` their bookers see) or `keep` them as exceptions; the "
    "hours and what becomes of the bookings are saved together, or nothing is."
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


async def _replaced(user: User, venue_id: int, space_id: int | None, data: WeeklyHoursIn) -> WeeklyHoursOut:
    week, resolved = await set_hours(user, venue_id, space_id, _intervals(data), resolution_of(data.resolve))
    out = _out(venue_id, space_id, week)
    if data.resolve is not None:
        out.cancelled, out.kept = resolved.cancelled, resolved.kept
    return out


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
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def replace_venue_hours(
        self, venue_id: FromPath[int], data: JSONBody[WeeklyHoursIn], user: NamedDependency[User]
    ) -> WeeklyHoursOut:
        venue = await get_venue(venue_id)
        return await _replaced(user, venue.id, None, data)

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
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def replace_space_hours(
        self, space_id: FromPath[int], data: JSONBody[WeeklyHoursIn], user: NamedDependency[User]
    ) -> WeeklyHoursOut:
        space = await get_space(space_id)
        return await _replaced(user, space.venue, space.id, data)
