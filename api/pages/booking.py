"""/book: pick a space, see its free times for a week, the price for a tier, and send a request (one-off or weekly).

The grid, the quote and the request go through the same domain functions as
``/api/v1/spaces/{id}/availability``, ``/api/v1/quotes``, ``/api/v1/bookings``
and ``/api/v1/series``, so a page never allows what the API refuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from api.auth import requires_login
from api.errors import domain_status
from api.pages.booking_detail import involved_booking
from api.pages.support.rendering import current_user, page, query_string
from api.pages.views.booking_form import WEEKLY, Choice
from api.pages.views.conflict_report import ConflictReport, conflict_report
from api.pages.views.free_grid import KINDS, Limits, week_grid
from api.pages.views.listing_form import MULTI_LINE as LISTING_MULTI_LINE
from api.text_input import MULTI_LINE_FIELDS
from scheduling.availability.free_time import check_window, space_availability
from scheduling.bookings.workflow import request_booking
from scheduling.extras.holds import checked_choices
from scheduling.groups import organised_group_ids
from scheduling.listings.activities import attach_activity
from scheduling.listings.activity_access import Owner, booking_owner, is_live, series_owner
from scheduling.models import Activity, Booking, Group, Series
from scheduling.pricing.quotes import ChosenExtra, Quote, quote, resolve_tier
from scheduling.series.access import readable_series, skipped_occurrences
from scheduling.series.conflicts import SeriesConflict
from scheduling.series.create import create_series
from venues.core import clock
from venues.core.errors import DomainError, NotFound
from venues.core.i18n import gettext
from venues.core.timezones import booked_utc, zone
from venues.directory.search import VenueFilters, find_venues
from venues.extras.catalogue import list_extras
from venues.hire_terms.questions import venue_questions
from venues.hire_terms.terms import current_terms
from venues.lookups import get_venue
from venues.models import Space, User, Venue
from venues.opening.calendar import load_calendar, space_opening
from venues.spaces.bookable import Bookable, load_bookable
from venues.spaces.operations import list_spaces
from venues.tiers import list_tiers
from venues.visibility import visible_space


@dataclass(frozen=True)
class VenueSpaces:
    venue: Venue
    spaces: list[Any]


async def groups_for(user: User | None) -> list[dict[str, Any]]:
    """The groups ``user`` organises, by name: whom they may book for."""
    if user is None:
        return []
    ids = sorted(await organised_group_ids(user))
    if not ids:
        return []
    return await Group.select(Group.id, Group.name, Group.name_cy).where(Group.id.is_in(ids)).order_by(Group.name)


async def quote_for(bookable: Bookable, choice: Choice) -> Quote:
    """What the chosen time costs at the chosen tier (else the group's agreed tier, else the standard one), with
    the extras chosen for a one-off date checked as the request checks them (a weekly booking takes none)."""
    starts_at, ends_at = choice.span()
    starts, ends = booked_utc(starts_at, bookable.tz, "start"), booked_utc(ends_at, bookable.tz, "end")
    check_window(starts, ends, "start", "end")
    tier = await resolve_tier(bookable.venue.id, choice.tier(), choice.group())
    wanted = choice.extra_choices() if choice.repeat != WEEKLY else ()
    chosen = [ChosenExtra(each.extra, each.quantity) for each in await checked_choices(bookable.venue.id, wanted)]
    return await quote(bookable.space, tier, starts, ends, chosen)


def first_day(raw: str | None, choice: Choice, today: date) -> date:
    """The grid's first day: the ``week`` asked for, else the seven days from today holding the chosen date,
    else today; never before today, so a past day is never shown as if it could be booked."""
    try:
        if raw:
            return max(today, date.fromisoformat(raw))
        if choice.date:
            chosen = date.fromisoformat(choice.date)
            return today + timedelta(days=7 * max(0, (chosen - today).days // 7))
    except ValueError:
        pass
    return today


def grid_limits(space: Space, now: datetime) -> Limits:
    """Past before ``now``, too soon inside the space's notice, too far ahead beyond its horizon."""
    return Limits(
        now=now,
        earliest=now + timedelta(minutes=space.min_notice_minutes),
        latest=now + timedelta(days=space.horizon_days),
    )


def slot_link(space_id: int, week: date, day: date, starts: time, minutes: int, choice: Choice) -> str:
    """The booking page with this slot filled in (and the price shown), keeping the other choices."""
    ends = (datetime.combine(day, starts) + timedelta(minutes=minutes)).time()
    pairs = [
        ("week", week.isoformat()),
        ("date", day.isoformat()),
        ("start", f"{starts:%H:%M}"),
        ("end", f"{ends:%H:%M}" if ends != time(0) else "23:59"),
        ("repeat", choice.repeat if choice.repeat == WEEKLY else ""),
        ("until", choice.until),
        ("group_id", choice.group_id),
        ("tier_id", choice.tier_id),
    ]
    return f"/book/spaces/{space_id}?{query_string(pairs)}#request"


def week_link(space_id: int, week: date, keep: list[tuple[str, str]]) -> str:
    return f"/book/spaces/{space_id}?{query_string([('week', week.isoformat()), *keep])}"


async def booking_page(
    request: Request[Any, Any, Any],
    space_id: int,
    choice: Choice,
    week_param: str | None = None,
    status_code: int = 200,
    problems: list[str] | None = None,
    conflicts: ConflictReport | None = None,
) -> Template:
    user = current_user(request)
    space, _ = await visible_space(user, space_id)
    bookable = await load_bookable(space.id)
    venue = bookable.venue
    now = clock.now()
    today = now.astimezone(zone(venue.timezone)).date()
    week = first_day(week_param, choice, today)
    first = datetime.combine(week, time(0))
    found, window = await space_availability(user, space.id, first, first + timedelta(days=7), now)
    calendar = await load_calendar([venue.id], *window)
    opening = space_opening(calendar, venue.id, venue.timezone, space.id, *window, closure_space_ids=bookable.part_ids)
    grid = week_grid(week, venue.timezone, opening.open, found.free, grid_limits(space, now))
    problems = list(problems or [])
    priced: Quote | None = None
    if choice.has_time and conflicts is None:
        try:
            priced = await quote_for(bookable, choice)
        except DomainError as error:
            if error.detail not in problems:  # the same mistake refused the request: say it once
                problems.append(error.detail)
    tiers, _ = await list_tiers(venue.id, limit=50, offset=0)
    extras, _ = await list_extras(venue.id, limit=100, offset=0)
    slot_minutes = max(60, space.min_booking_minutes)
    keep = [
        ("repeat", choice.repeat if choice.repeat == WEEKLY else ""),
        ("group_id", choice.group_id),
        ("tier_id", choice.tier_id),
    ]
    return await page(
        request,
        "book_space.html.j2",
        status_code=status_code,
        nav="book",
        venue=venue,
        space=space,
        grid=grid,
        week=week,
        kinds=KINDS,
        previous_week=week_link(space.id, max(today, week - timedelta(days=7)), keep) if week > today else None,
        next_week=week_link(space.id, week + timedelta(days=7), keep),
        link=lambda day, starts: slot_link(space.id, week, day, starts, slot_minutes, choice),
        choice=choice,
        quote=priced,
        tiers=tiers,
        extras=extras,
        groups=await groups_for(user),
        problems=problems,
        conflicts=conflicts,
        hire_terms=await current_terms(venue.id),
        hire_questions=await venue_questions(venue.id),
    )


async def involved_series(user: User | None, series_id: int) -> Series:
    """A series for those involved in it (its booker, its group's organisers, the venue's managers); a 404 to
    anyone else, public series included: what a request became is theirs to see."""
    series, found = await readable_series(user, series_id)
    if not found.sees_private:
        raise NotFound(gettext("There is no series with id %(id)s.") % {"id": series_id})
    return series


async def list_activity(user: User, owner: Owner, listing: dict[str, Any] | None) -> Activity | None:
    """The listing the booking form gave, on the booking or series just made (as the activities API lists one)."""
    if listing is None:
        return None
    return await attach_activity(user, owner, listing)


class BookingPages(Controller):
    path = "/book"

    @get("/", name="book")
    async def pick_space(self, request: Request[Any, Any, Any], venue: FromQuery[int | None] = None) -> Template:
        if venue is not None:
            venues = [await get_venue(venue)]
        else:
            venues = [found for found, _ in (await find_venues(VenueFilters(), limit=200, offset=0))[0]]
        listed = []
        for each in venues:
            if each.archived:
                continue
            spaces, _ = await list_spaces(each.id, include_archived=False, limit=100, offset=0)
            listed.append(VenueSpaces(each, [space for space in spaces if space.bookable]))
        return await page(request, "book.html.j2", nav="book", venues=listed)

    @get("/sent/{booking_id:int}", guards=[requires_login], name="book_sent")
    async def sent(self, request: Request[Any, Any, Any], booking_id: FromPath[int]) -> Template:
        """What became of a one-off request just sent: booked straight away or waiting for the venue."""
        booking, _ = await involved_booking(current_user(request), booking_id)
        return await page(
            request,
            "book_sent.html.j2",
            nav="book",
            booking=booking,
            venue=await get_venue(booking.venue),
            series=None,
            activity=await Activity.objects().where(Activity.booking == booking.id).first(),
            live=await is_live(booking_owner(booking)),
        )

    @get("/sent/series/{series_id:int}", guards=[requires_login], name="book_sent_series")
    async def sent_series(self, request: Request[Any, Any, Any], series_id: FromPath[int]) -> Template:
        """What became of a weekly request just sent: its dates booked or waiting, and the rule's dates skipped."""
        series = await involved_series(current_user(request), series_id)
        booked = await Booking.objects().where(Booking.series == series.id).order_by(Booking.starts_at)
        return await page(
            request,
            "book_sent.html.j2",
            nav="book",
            series=series,
            booked=booked,
            skipped=[each.local_date for each in await skipped_occurrences(series)],
            venue=await get_venue(series.venue),
            booking=None,
            activity=await Activity.objects().where(Activity.series == series.id).first(),
            live=await is_live(series_owner(series)),
        )

    @get("/spaces/{space_id:int}", name="book_space")
    async def space(self, request: Request[Any, Any, Any], space_id: FromPath[int]) -> Template:
        return await booking_page(
            request, space_id, Choice.read(request.query_params), request.query_params.get("week")
        )

    @post(
        "/spaces/{space_id:int}",
        guards=[requires_login],
        status_code=200,
        opt={MULTI_LINE_FIELDS: {"purpose", "billing_address", *LISTING_MULTI_LINE}},
    )
    async def send(self, request: Request[Any, Any, Any], space_id: FromPath[int]) -> Template | Redirect:
        user = current_user(request)
        assert user is not None
        form = await request.form()
        choice = Choice.read(form)
        try:
            listing = choice.listing_columns()
            if choice.repeat == WEEKLY:
                made = await create_series(user, choice.series_draft(space_id))
                await list_activity(user, series_owner(made.series), listing)
                # Shown by a GET, as a one-off is: reloading it never makes a second series.
                return Redirect(f"/book/sent/series/{made.series.id}", status_code=303)
            booking = await request_booking(user, choice.booking_draft(space_id))
            await list_activity(user, booking_owner(booking), listing)
            # Shown by a GET, so reloading the page shows it again instead of sending the request twice
            # (which the booking's own hold would refuse, reading as if it had failed).
            return Redirect(f"/book/sent/{booking.id}", status_code=303)
        except SeriesConflict as error:
            report = conflict_report(error.extra.get("clashes") or [], error.extra.get("total"), form.multi_items())
            return await booking_page(request, space_id, choice, None, domain_status(error), conflicts=report)
        except DomainError as error:
            return await booking_page(request, space_id, choice, None, domain_status(error), [error.detail])
