"""/desk: a venue manager's requests to confirm or decline, the week view, and the private feed link.

Routes under a venue use the API's own guard (``manages_path_venue``: 404 for
an unknown venue, sign-in for anonymous callers, 403 for others' managers);
confirming and declining call the same domain functions as the API.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.auth import requires_login
from api.bookings.guards import manages_path_booking
from api.errors import domain_status
from api.feeds.controllers import private_feed_path
from api.feeds.links import feed_links
from api.pages.support.rendering import current_user, form_date, form_int, page
from api.pages.support.wording import booking_named, called_off, repeats, status_label
from api.pages.views.confirm_anyway import confirm_anyway_page, confirm_dates_anyway_page
from api.pages.views.week_view import venue_week
from api.series.guards import manages_path_series
from api.text_input import MULTI_LINE_FIELDS
from api.venues.guards import manages_path_venue
from scheduling.bookings.lists import BookingFilters, space_labels, venue_bookings
from scheduling.bookings.status import BookingStatus, WrongStatus
from scheduling.bookings.workflow import confirm_booking, decline_booking
from scheduling.extras.holds import chosen_by_booking
from scheduling.feeds.tokens import FeedScope, current_token, rotate_token
from scheduling.hire_answers.records import booking_records, series_records
from scheduling.models import Booking, Group, Series
from scheduling.pricing.asked import venue_pricing
from scheduling.recurrence.schedule import schedule_of
from scheduling.series.access import called_off_counts
from scheduling.series.changes import PastOccurrence
from scheduling.series.decisions import (
    AnsweredMeanwhile,
    SeriesDecision,
    confirm_series,
    decline_series,
    series_to_decide,
    waiting_series,
)
from venues.core import clock
from venues.core.errors import Conflict, DomainError, Forbidden, InvalidInput, RuleViolation
from venues.core.i18n import _, ngettext
from venues.core.timezones import zone
from venues.directory.search import VenueFilters, find_venues
from venues.lookups import get_venue
from venues.models import Space, User, Venue
from venues.permissions import managed_venue_ids, treasurer_venue_ids

QUEUE_SIZE = 200
MAX_REASON = 5000


async def desk_venues(user: User) -> list[Venue]:
    """The venues the desk offers: all of them for a site admin, else those the account manages."""
    if user.is_admin:
        found, _total = await find_venues(VenueFilters(), limit=200, offset=0)
        return [venue for venue, _distance in found]
    ids = await managed_venue_ids(user)
    return await Venue.objects().where(Venue.id.is_in(ids)).order_by(Venue.name) if ids else []


async def money_only_venues(user: User) -> list[Venue]:
    """The venues whose money the account keeps as a treasurer without managing them: the Money tab alone."""
    if user.is_admin:
        return []
    ids = set(await treasurer_venue_ids(user)) - set(await managed_venue_ids(user))
    return await Venue.objects().where(Venue.id.is_in(sorted(ids))).order_by(Venue.name) if ids else []


async def manager_feed(user: User) -> Any:
    """The manager's private feed links, only for accounts that manage a venue (as the API decides)."""
    if not await managed_venue_ids(user):
        return None
    return feed_links(private_feed_path(await current_token(user.id, FeedScope.manager)))


def rule_words(series: Series) -> str:
    """The series' rule as the desk says it: ``Every week on Tuesday, 16 times in all``."""
    rule = schedule_of(series).rule
    return repeats(rule.freq, rule.interval, rule.by_day, rule.until, rule.count)


def series_named(series: Series) -> str:
    """How a message names a series: its title and its rule, never its number."""
    rule = rule_words(series)
    return _("%(title)s, %(rule)s") % {
        "title": series.title or _("Weekly booking"),
        "rule": rule[:1].lower() + rule[1:],
    }


# What the desk says after an answer, by the answer (the whole sentence, so a translation can order it).
_BOOKING_DONE = {
    "confirmed": lambda: _("%(booking)s is confirmed."),
    "declined": lambda: _("%(booking)s is declined."),
}


def _series_done(answer: str, count: int) -> str:
    if answer == "confirmed":
        return ngettext("%(series)s: %(num)d date confirmed.", "%(series)s: %(num)d dates confirmed.", count)
    return ngettext("%(series)s: %(num)d date declined.", "%(series)s: %(num)d dates declined.", count)


async def done_message(done: str | None, venue_id: int) -> str | None:
    """What the last action did, naming the booking or series (``confirmed-12``, ``series-declined-3-1``).

    Only a booking or series of this venue is named: the query string is the reader's to edit, and the
    manager of one venue must not read another's booking titles through it."""
    parts = (done or "").split("-")
    try:
        if len(parts) == 2 and parts[0] in ("confirmed", "declined"):
            booking = await Booking.objects().where((Booking.id == int(parts[1])) & (Booking.venue == venue_id)).first()
            if booking is not None:
                tz = (await space_labels([booking.space]))[booking.space].timezone
                named = booking_named(booking.title, booking.starts_at, booking.ends_at, tz)
                return _BOOKING_DONE[parts[0]]() % {"booking": named}
        if len(parts) == 4 and parts[0] == "series" and parts[1] in ("confirmed", "declined"):
            series = await Series.objects().where((Series.id == int(parts[2])) & (Series.venue == venue_id)).first()
            count = int(parts[3])
            if series is not None:
                return _series_done(parts[1], count) % {"series": series_named(series), "num": count}
    except (ValueError, OverflowError):
        return None
    return None


def chosen_dates(form: Any) -> list[date]:
    """The ticked dates of a series request; none ticked is a mistake worth saying so."""
    dates = [form_date(str(value), "date") for value in form.getall("date", [])]
    if not dates:
        raise InvalidInput("date", _("Tick at least one date to answer."))
    return [day for day in dates if day is not None]


@dataclass(frozen=True)
class KeptAnswer:
    """A refused answer to a series request, so the page comes back with the same dates ticked and words typed."""

    series_id: int
    dates: frozenset[str]
    reason: str


# A request answered elsewhere a moment ago, by what it is now (whole sentences, so each translates as one).
_ALREADY = {
    "confirmed": lambda: _("%(booking)s is already confirmed: it was answered or cancelled a moment ago."),
    "declined": lambda: _("%(booking)s is already declined: it was answered or cancelled a moment ago."),
    "cancelled": lambda: _("%(booking)s is already cancelled: it was answered or cancelled a moment ago."),
}


async def refused_answer(booking_id: int, refused: DomainError) -> tuple[int, str]:
    """The venue and the sentence for an answer to a one-off request that could not be given, naming the
    booking: most often it was answered or cancelled in another tab a moment ago."""
    booking = await Booking.objects().where(Booking.id == booking_id).first()
    assert booking is not None  # the guard found it
    tz = (await space_labels([booking.space]))[booking.space].timezone
    named = booking_named(booking.title, booking.starts_at, booking.ends_at, tz)
    if isinstance(refused, WrongStatus):
        already = _ALREADY.get(booking.status)
        if already is not None:
            return booking.venue, already() % {"booking": named}
        return (
            booking.venue,
            _("%(booking)s is already %(status)s: it was answered or cancelled a moment ago.")
            % {"booking": named, "status": status_label(booking.status).lower()},
        )
    return booking.venue, _("%(booking)s: %(detail)s") % {"booking": named, "detail": refused.detail}


async def space_names(space_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Each space's name in both languages, for the ``shown`` filter: one query."""
    ids = sorted(set(space_ids))
    if not ids:
        return {}
    rows = await Space.select(Space.id, Space.name, Space.name_cy).where(Space.id.is_in(ids))
    return {row["id"]: row for row in rows}


def week_of(raw: str | None, today: date) -> date:
    try:
        day = date.fromisoformat(raw) if raw else today
    except ValueError:
        day = today
    return day - timedelta(days=day.weekday())


async def requests_page(
    request: Request[Any, Any, Any],
    venue_id: int,
    done: str | None = None,
    problem: str | None = None,
    kept: KeptAnswer | None = None,
    status_code: int = 200,
) -> Template:
    """The venue's waiting requests; after a refused answer, with the problem on top and the series' ticks kept."""
    venue = await get_venue(venue_id)
    now = clock.now_exact()
    waiting, total = await venue_bookings(
        venue.id,
        BookingFilters(status=str(BookingStatus.requested), starts_from=now, one_off=True),
        QUEUE_SIZE,
        0,
    )
    series_requests = await waiting_series(venue.id, now, QUEUE_SIZE)
    space_ids = [b.space for b in waiting] + [r.series.space for r in series_requests]
    pricing = await venue_pricing(venue.id, space_ids)
    group_ids = sorted(
        {b.group for b in waiting if b.group is not None}
        | {r.series.group for r in series_requests if r.series.group is not None}
    )
    groups = (
        {
            row["id"]: row
            for row in await Group.select(Group.id, Group.name, Group.name_cy).where(Group.id.is_in(group_ids))
        }
        if group_ids
        else {}
    )
    off = await called_off_counts([r.series.id for r in series_requests])
    return await page(
        request,
        "desk_requests.html.j2",
        status_code=status_code,
        nav="desk",
        tab="requests",
        venue=venue,
        waiting=waiting,
        total=total + len(series_requests),
        series_requests=series_requests,
        rules={r.series.id: rule_words(r.series) + called_off(off.get(r.series.id, {})) for r in series_requests},
        checks={
            **{("booking", b.id): pricing.check(b.space, b.tier, b.group, [(b.starts_at, b.ends_at)]) for b in waiting},
            **{
                ("series", r.series.id): pricing.check(
                    r.series.space, r.series.tier, r.series.group, [(b.starts_at, b.ends_at) for b in r.waiting]
                )
                for r in series_requests
            },
        },
        tiers=pricing.tiers,
        labels=await space_labels(space_ids),
        space_rows=await space_names(space_ids),
        chosen=await chosen_by_booking([b.id for b in waiting]),
        groups=groups,
        done=done,
        problem=problem,
        kept=kept,
        hire_of_booking=await booking_records((b.id, None) for b in waiting),
        hire_of_series=await series_records(r.series.id for r in series_requests),
    )


class DeskPages(Controller):
    path = "/desk"
    guards = [requires_login]

    @get("/", name="desk")
    async def home(self, request: Request[Any, Any, Any]) -> Template:
        user = current_user(request)
        assert user is not None
        return await page(
            request,
            "desk.html.j2",
            nav="desk",
            venues=await desk_venues(user),
            money_venues=await money_only_venues(user),
            feed=await manager_feed(user),
            rotated=request.query_params.get("rotated") == "1",
        )

    @post("/feed/rotate", status_code=303)
    async def rotate_feed(self, request: Request[Any, Any, Any]) -> Redirect:
        user = current_user(request)
        assert user is not None
        if not await managed_venue_ids(user):
            raise Forbidden(_("Only venue managers have a manager's feed."))
        await rotate_token(user.id, FeedScope.manager)
        return Redirect("/desk?rotated=1#feed", status_code=303)

    @get("/venues/{venue_id:int}", guards=[manages_path_venue], name="desk_venue")
    async def requests(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template:
        return await requests_page(
            request, venue_id, done=await done_message(request.query_params.get("done"), venue_id)
        )

    @get("/venues/{venue_id:int}/week", guards=[manages_path_venue], name="desk_week")
    async def week(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template:
        venue = await get_venue(venue_id)
        today = clock.now_exact().astimezone(zone(venue.timezone)).date()
        start = week_of(request.query_params.get("week"), today)
        return await page(
            request,
            "desk_week.html.j2",
            nav="desk",
            tab="week",
            venue=venue,
            week=await venue_week(venue, start),
            start=start,
            today=today,
            previous_week=(start - timedelta(days=7)).isoformat(),
            next_week=(start + timedelta(days=7)).isoformat(),
        )

    @post(
        "/bookings/{booking_id:int}/confirm",
        guards=[manages_path_booking],
        status_code=303,
        opt={MULTI_LINE_FIELDS: {"reason"}},
    )
    async def confirm(self, request: Request[Any, Any, Any], booking_id: FromPath[int]) -> Redirect | Template:
        user = current_user(request)
        assert user is not None
        form = await request.form()
        reason = str(form.get("reason", "")).strip()[:MAX_REASON]
        try:
            booking = await confirm_booking(
                user,
                booking_id,
                reason,
                tier_id=form_int(form.get("tier_id"), "tier_id"),
                override=form.get("override") == "1",
            )
        except RuleViolation as refused:
            if not refused.extra.get("overridable"):
                return await _refused(request, booking_id, refused)
            return await confirm_anyway_page(request, booking_id, reason, refused)
        except (Conflict, InvalidInput) as refused:
            return await _refused(request, booking_id, refused)
        return Redirect(f"/desk/venues/{booking.venue}?done=confirmed-{booking.id}", status_code=303)

    @post(
        "/bookings/{booking_id:int}/decline",
        guards=[manages_path_booking],
        status_code=303,
        opt={MULTI_LINE_FIELDS: {"reason"}},
    )
    async def decline(self, request: Request[Any, Any, Any], booking_id: FromPath[int]) -> Redirect | Template:
        user = current_user(request)
        assert user is not None
        form = await request.form()
        reason = str(form.get("reason", "")).strip()[:MAX_REASON]
        try:
            if not reason:
                raise InvalidInput("reason", _("Say why you are declining: the booker sees the reason."))
            booking = await decline_booking(user, booking_id, reason)
        except (Conflict, InvalidInput, RuleViolation) as refused:
            return await _refused(request, booking_id, refused)
        return Redirect(f"/desk/venues/{booking.venue}?done=declined-{booking.id}", status_code=303)

    @post(
        "/series/{series_id:int}/confirm",
        guards=[manages_path_series],
        status_code=303,
        opt={MULTI_LINE_FIELDS: {"reason"}},
    )
    async def confirm_dates(self, request: Request[Any, Any, Any], series_id: FromPath[int]) -> Redirect | Template:
        user = current_user(request)
        assert user is not None
        form = await request.form()
        reason = str(form.get("reason", "")).strip()[:MAX_REASON]
        try:
            dates = chosen_dates(form)
            tier_id = form_int(form.get("tier_id"), "tier_id")
            decision = await confirm_series(
                user, series_id, dates, reason, tier_id=tier_id, override=form.get("override") == "1"
            )
        except RuleViolation as refused:
            if not refused.extra.get("overridable"):
                return await _series_refused(request, series_id, form, reason, refused)
            series = await series_to_decide(user, series_id)
            days = [day.isoformat() for day in dates]
            return await confirm_dates_anyway_page(request, series, reason, refused, days, tier_id)
        except (Conflict, InvalidInput) as refused:
            return await _series_refused(request, series_id, form, reason, refused)
        return _answered(decision)

    @post(
        "/series/{series_id:int}/decline",
        guards=[manages_path_series],
        status_code=303,
        opt={MULTI_LINE_FIELDS: {"reason"}},
    )
    async def decline_dates(self, request: Request[Any, Any, Any], series_id: FromPath[int]) -> Redirect | Template:
        user = current_user(request)
        assert user is not None
        form = await request.form()
        reason = str(form.get("reason", "")).strip()[:MAX_REASON]
        try:
            dates = chosen_dates(form)
            if not reason:
                raise InvalidInput("reason", _("Say why you are declining these dates: the booker sees the reason."))
            decision = await decline_series(user, series_id, dates, reason)
        except (Conflict, InvalidInput, RuleViolation) as refused:
            return await _series_refused(request, series_id, form, reason, refused)
        return _answered(decision)


async def _refused(request: Request[Any, Any, Any], booking_id: int, refused: DomainError) -> Template:
    venue_id, problem = await refused_answer(booking_id, refused)
    return await requests_page(request, venue_id, problem=problem, status_code=domain_status(refused))


async def _series_refused(
    request: Request[Any, Any, Any], series_id: int, form: Any, reason: str, refused: DomainError
) -> Template:
    """Back to the requests with the problem on top, the same dates still ticked and the reason still typed."""
    series = await Series.objects().where(Series.id == series_id).first()
    assert series is not None  # the guard found it
    if isinstance(refused, WrongStatus | PastOccurrence | AnsweredMeanwhile):
        problem = _(
            "%(series)s: some of the ticked dates were answered or have begun since the page was opened. "
            "The dates below are as they stand now."
        ) % {"series": series_named(series)}
    else:
        problem = _("%(series)s: %(detail)s") % {"series": series_named(series), "detail": refused.detail}
    kept = KeptAnswer(series.id, frozenset(str(value) for value in form.getall("date", [])), reason)
    return await requests_page(request, series.venue, problem=problem, kept=kept, status_code=domain_status(refused))


def _answered(decision: SeriesDecision) -> Redirect:
    series = decision.series
    return Redirect(
        f"/desk/venues/{series.venue}?done=series-{decision.status}-{series.id}-{len(decision.decided)}",
        status_code=303,
    )
