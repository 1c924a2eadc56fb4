"""/my/bookings: what I asked for and my groups' bookings, each weekly series once with all its dates, and
cancelling a date, a range of dates (a school holiday) or a one-off, always after a page that lists exactly
what will be cancelled. Also the listing residents see (/my/…/listing).

Dates of a series are called off as the series API does it (only its organisers or the venue's managers
may), so the series keeps its record of each cancelled date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from babel.support import LazyProxy
from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.auth import requires_login
from api.errors import domain_status
from api.pages.attendance import recorded_notice
from api.pages.support.rendering import current_user, form_date, page, query_int, query_string
from api.pages.support.wording import booking_named, called_off, local_time, repeats, short_day, time_span
from api.pages.support.wording import clock as clock_of
from api.pages.views.listing_form import MULTI_LINE as LISTING_MULTI_LINE
from api.pages.views.listing_form import ListingChoice
from api.text_input import MULTI_LINE_FIELDS
from scheduling.attendance.waiting import WAITING_DAYS, waiting_for
from scheduling.bookings.access import get_booking, readable_booking, standing
from scheduling.bookings.lists import BookingFilters, BookingSpaceLabel, bookings_of, series_ids_of, space_labels
from scheduling.bookings.status import HOLDS_TIME
from scheduling.bookings.workflow import cancel_booking
from scheduling.listings.activities import attach_activity, change_activity
from scheduling.listings.activity_access import Owner, is_live, may_change, owner_of_booking, owner_of_series
from scheduling.models import Activity, Booking, Series
from scheduling.payments.balances import money_of_bookings
from scheduling.recurrence.schedule import schedule_of
from scheduling.series.access import day_start, readable_series, series_occurrences
from scheduling.series.changes import cancel_dates, cancel_occurrence, dates_to_cancel
from venues.core import clock
from venues.core.errors import DomainError, Forbidden
from venues.core.i18n import gettext, lazy_gettext, ngettext
from venues.core.timezones import zone
from venues.models import User

SHOWN = 500
RECENT = timedelta(days=7)
DATES_PER_PAGE = 20
TO_RECORD_SHOWN = 20
CANCELLABLE = frozenset(str(status) for status in HOLDS_TIME)


@dataclass(frozen=True)
class DateRow:
    """One date of a series as the table shows it; ``day`` is the venue-local date the rule put it on."""

    booking: Booking
    day: date
    cancellable: bool
    hours: str


# Each status in a series' tally: how a number of its dates is said (a plural: Welsh has six forms), and how "all
# of them" is.
TALLY_WORDS: tuple[tuple[str, Callable[[int], str], LazyProxy], ...] = (
    (
        "confirmed",
        lambda num: ngettext("%(num)d confirmed", "%(num)d confirmed", num),
        lazy_gettext("%(dates)s, all confirmed"),
    ),
    (
        "requested",
        lambda num: ngettext("%(num)d waiting for the venue", "%(num)d waiting for the venue", num),
        lazy_gettext("%(dates)s, all waiting for the venue"),
    ),
    (
        "declined",
        lambda num: ngettext("%(num)d declined", "%(num)d declined", num),
        lazy_gettext("%(dates)s, all declined"),
    ),
    (
        "cancelled",
        lambda num: ngettext("%(num)d cancelled", "%(num)d cancelled", num),
        lazy_gettext("%(dates)s, all cancelled"),
    ),
)


@dataclass(frozen=True)
class SeriesView:
    """A series once, its rule in words and one page of its dates."""

    series: Series
    label: BookingSpaceLabel
    repeats: str
    rows: list[DateRow]
    page: int
    pages: int
    total: int
    activity_id: int | None
    counts: dict[str, int]

    @property
    def times(self) -> str:
        return f"{self.series.start_time:%H:%M}–{self.series.end_time:%H:%M}"

    @property
    def called_off(self) -> str:
        """`` (3 cancelled)`` after the rule: those who see a series here run or booked it, and "26 times in all"
        should not read as if every one of them will happen."""
        return called_off(self.counts)

    @property
    def tally(self) -> str:
        """``15 dates so far: 14 confirmed, 1 declined``: a declined or cancelled date is not a booked one."""
        dates = ngettext("%(num)d date so far", "%(num)d dates so far", self.total) % {"num": self.total}
        found = [(status, some, every) for status, some, every in TALLY_WORDS if self.counts.get(status)]
        if len(found) == 1 and self.total > 1:
            return str(found[0][2]) % {"dates": dates}
        parts = [some(self.counts[status]) % {"num": self.counts[status]} for status, some, _every in found]
        return gettext("%(dates)s: %(parts)s") % {"dates": dates, "parts": ", ".join(parts)} if parts else dates


def local_day(booking: Booking, tz_name: str) -> date:
    return (booking.recurrence_id or booking.starts_at).astimezone(zone(tz_name)).date()


def hours_of(booking: Booking, day: date, tz_name: str) -> str:
    """``10:00–12:00`` on the date the rule gave it; the whole span when it was moved to another date."""
    starts, ends = local_time(booking.starts_at, tz_name), local_time(booking.ends_at, tz_name)
    if starts.date() == day == ends.date():
        return f"{clock_of(starts)}–{clock_of(ends)}"
    return time_span(booking.starts_at, booking.ends_at, tz_name)


def rule_words(series: Series) -> str:
    rule = schedule_of(series).rule
    return repeats(str(rule.freq), rule.interval, tuple(rule.by_day), rule.until, rule.count)


async def activity_ids(series_ids: list[int], booking_ids: list[int]) -> tuple[dict[int, int], dict[int, int]]:
    """The listing on each series and each one-off, if any: by series id and by booking id."""
    by_series: dict[int, int] = {}
    by_booking: dict[int, int] = {}
    if series_ids:
        for row in await Activity.select(Activity.id, Activity.series).where(Activity.series.is_in(series_ids)):
            by_series[row["series"]] = row["id"]
    if booking_ids:
        for row in await Activity.select(Activity.id, Activity.booking).where(Activity.booking.is_in(booking_ids)):
            by_booking[row["booking"]] = row["id"]
    return by_series, by_booking


async def series_view(series: Series, page_number: int | None, since: datetime, activity_id: int | None) -> SeriesView:
    """One page of the series' dates by start; without a page, the one holding the first date after ``since``."""
    labels = await space_labels([series.space])
    label = labels[series.space]
    counts: dict[str, int] = {}
    for row in await Booking.select(Booking.status).where(Booking.series == series.id):
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    total = sum(counts.values())
    pages = max(1, -(-total // DATES_PER_PAGE))
    if page_number is None:
        earlier = await Booking.count().where((Booking.series == series.id) & (Booking.ends_at <= since))
        page_number = min(earlier // DATES_PER_PAGE + 1, pages)
    page_number = min(max(page_number, 1), pages)
    found, _ = await series_occurrences(series.id, None, None, None, DATES_PER_PAGE, (page_number - 1) * DATES_PER_PAGE)
    now = clock.now()
    rows = []
    for b in found:
        day = local_day(b, label.timezone)
        cancellable = b.status in CANCELLABLE and b.starts_at > now
        rows.append(DateRow(b, day, cancellable, hours_of(b, day, label.timezone)))
    return SeriesView(series, label, rule_words(series), rows, page_number, pages, total, activity_id, counts)


async def series_to_show(user: User, series_id: int) -> Series:
    """The series for its organisers, the venue's managers and its booker; 404/403 for anyone else."""
    series, found = await readable_series(user, series_id)
    if not found.sees_private:
        raise Forbidden(
            gettext("Only the series' group organisers, the venue's managers and its booker see its dates here.")
        )
    return series


async def cancelled_names(series: Series, first: date, last: date) -> list[str]:
    """The series' cancelled dates from ``first`` to ``last``, each named by title and time."""
    tz = series.timezone
    rows = (
        await Booking.objects()
        .where(
            (Booking.series == series.id)
            & (Booking.status == "cancelled")
            & (Booking.recurrence_id >= day_start(first, tz))
            & (Booking.recurrence_id < day_start(last + timedelta(days=1), tz))
        )
        .order_by(Booking.starts_at)
    )
    return [booking_named(b.title, b.starts_at, b.ends_at, tz) for b in rows]


def range_of(values: Any) -> tuple[date, date]:
    first = form_date(values.get("from"), "from")
    last = form_date(values.get("to") or values.get("from"), "to")
    assert first is not None and last is not None
    return first, last


class MyBookingPages(Controller):
    path = "/my"
    guards = [requires_login]

    @get("/bookings", name="my_bookings")
    async def bookings(self, request: Request[Any, Any, Any]) -> Template:
        user = current_user(request)
        assert user is not None
        since = clock.now_exact() - RECENT
        one_offs, total = await bookings_of(
            user, BookingFilters(starts_from=since, one_off=True), limit=SHOWN, offset=0
        )
        ids = await series_ids_of(user, since)
        series_rows = await Series.objects().where(Series.id.is_in(ids)) if ids else []
        series_rows.sort(key=lambda s: (s.title.lower(), s.id))
        by_series, by_booking = await activity_ids([s.id for s in series_rows], [b.id for b in one_offs])
        views = [await series_view(s, None, since, by_series.get(s.id)) for s in series_rows]
        labels = await space_labels(booking.space for booking in one_offs)
        to_record, to_record_total = await waiting_for(user, clock.now(), TO_RECORD_SHOWN, 0)
        return await page(
            request,
            "my_bookings.html.j2",
            nav="mine",
            one_offs=one_offs,
            series_views=views,
            shown=len(one_offs),
            labels=labels,
            total=total,
            listings=by_booking,
            money=await money_of_bookings([b.id for b in one_offs]),
            cancellable=CANCELLABLE,
            now=clock.now(),
            cancelled=await self._cancelled_name(user, request.query_params.get("cancelled")),
            listed=request.query_params.get("listed"),
            to_record=to_record,
            to_record_total=to_record_total,
            to_record_days=WAITING_DAYS,
            recorded=await recorded_notice(user, request.query_params.get("recorded")),
        )

    async def _cancelled_name(self, user: User, raw: str | None) -> str | None:
        """The booking just cancelled, by title and time; nothing for one the reader has no part in."""
        booking_id = query_int(raw)
        if booking_id is None:
            return None
        try:
            booking = await get_booking(booking_id)
        except DomainError:
            return None
        if not (await standing(user, booking)).sees_private:
            return None
        labels = await space_labels([booking.space])
        return booking_named(booking.title, booking.starts_at, booking.ends_at, labels[booking.space].timezone)

    @get("/bookings/{booking_id:int}/cancel", name="my_booking_cancel_confirm")
    async def confirm_cancel(self, request: Request[Any, Any, Any], booking_id: FromPath[int]) -> Template | Redirect:
        """The step before cancelling a one-off: what will be cancelled, a reason, and the button."""
        user = current_user(request)
        assert user is not None
        # Standing first: the redirect names the booking's series and date, which strangers must not learn.
        booking, found = await readable_booking(user, booking_id)
        if not found.sees_private:
            raise Forbidden(
                gettext("Only whoever booked it, its group's organisers or the venue's managers may cancel it.")
            )
        if booking.series is not None:
            day = local_day(booking, (await space_labels([booking.space]))[booking.space].timezone)
            pairs = [("from", day.isoformat()), ("to", day.isoformat())]
            return Redirect(f"/my/series/{booking.series}/cancel?{query_string(pairs)}", status_code=303)
        labels = await space_labels([booking.space])
        return await page(
            request,
            "my_cancel_confirm.html.j2",
            nav="mine",
            heading=gettext("Cancel %(booking)s?") % {"booking": booking.title}
            if booking.title
            else gettext("Cancel this booking?"),
            names=[booking_named(booking.title, booking.starts_at, booking.ends_at, labels[booking.space].timezone)]
            if booking.status in CANCELLABLE
            else [],
            action=f"/my/bookings/{booking.id}/cancel",
            hidden={},
            back="/my/bookings",
        )

    @post("/bookings/{booking_id:int}/cancel", status_code=303, opt={MULTI_LINE_FIELDS: {"reason"}})
    async def cancel(self, request: Request[Any, Any, Any], booking_id: FromPath[int]) -> Redirect:
        user = current_user(request)
        assert user is not None
        form = await request.form()
        reason = str(form.get("reason", "")).strip()[:5000]
        booking = await get_booking(booking_id)
        if booking.series is not None:
            await cancel_occurrence(user, booking.series, str(booking.id), reason)
        else:
            await cancel_booking(user, booking.id, reason)
        return Redirect(f"/my/bookings?cancelled={booking_id}", status_code=303)

    @get("/series/{series_id:int}", name="my_series")
    async def series(self, request: Request[Any, Any, Any], series_id: FromPath[int]) -> Template:
        """A series once, with all its dates a page at a time."""
        user = current_user(request)
        assert user is not None
        series = await series_to_show(user, series_id)
        raw_page = request.query_params.get("page", "")
        by_series, _ = await activity_ids([series.id], [])
        view = await series_view(series, query_int(raw_page), clock.now_exact() - RECENT, by_series.get(series.id))
        cancelled: list[str] = []
        if request.query_params.get("cancelled_from"):
            first, last = (
                form_date(request.query_params.get("cancelled_from"), "cancelled_from"),
                form_date(request.query_params.get("cancelled_to"), "cancelled_to"),
            )
            if first is not None and last is not None:
                cancelled = await cancelled_names(series, first, last)
        return await page(
            request,
            "my_series.html.j2",
            nav="mine",
            view=view,
            cancelled=cancelled,
            listed=request.query_params.get("listed"),
        )

    @get("/series/{series_id:int}/cancel", name="my_series_cancel_confirm")
    async def confirm_series_cancel(self, request: Request[Any, Any, Any], series_id: FromPath[int]) -> Template:
        """The step before cancelling dates of a series: exactly the dates that will be cancelled."""
        user = current_user(request)
        assert user is not None
        first, last = range_of(request.query_params)
        series, found = await dates_to_cancel(user, series_id, first, last)
        tz = series.timezone
        span = (
            short_day(first)
            if first == last
            else gettext("%(first)s to %(last)s") % {"first": short_day(first), "last": short_day(last)}
        )
        return await page(
            request,
            "my_cancel_confirm.html.j2",
            nav="mine",
            heading=gettext("Cancel %(series)s, %(dates)s?") % {"series": series.title, "dates": span}
            if series.title
            else gettext("Cancel weekly booking, %(dates)s?") % {"dates": span},
            names=[booking_named(b.title, b.starts_at, b.ends_at, tz) for b in found],
            action=f"/my/series/{series.id}/cancel",
            hidden={"from": first.isoformat(), "to": last.isoformat()},
            back=f"/my/series/{series.id}",
        )

    @post("/series/{series_id:int}/cancel", status_code=303, opt={MULTI_LINE_FIELDS: {"reason"}})
    async def cancel_series_dates(self, request: Request[Any, Any, Any], series_id: FromPath[int]) -> Redirect:
        user = current_user(request)
        assert user is not None
        form = await request.form()
        first, last = range_of(form)
        reason = str(form.get("reason", "")).strip()[:5000]
        await cancel_dates(user, series_id, first, last, reason)
        pairs = [("cancelled_from", first.isoformat()), ("cancelled_to", last.isoformat())]
        return Redirect(f"/my/series/{series_id}?{query_string(pairs)}", status_code=303)

    @get("/series/{series_id:int}/listing", name="my_series_listing")
    async def series_listing(self, request: Request[Any, Any, Any], series_id: FromPath[int]) -> Template:
        return await self._listing_page(request, await owner_of_series(series_id))

    @post(
        "/series/{series_id:int}/listing",
        status_code=303,
        opt={MULTI_LINE_FIELDS: LISTING_MULTI_LINE},
    )
    async def save_series_listing(
        self, request: Request[Any, Any, Any], series_id: FromPath[int]
    ) -> Template | Redirect:
        return await self._save_listing(request, await owner_of_series(series_id))

    @get("/bookings/{booking_id:int}/listing", name="my_booking_listing")
    async def booking_listing(self, request: Request[Any, Any, Any], booking_id: FromPath[int]) -> Template:
        return await self._listing_page(request, await owner_of_booking(booking_id))

    @post(
        "/bookings/{booking_id:int}/listing",
        status_code=303,
        opt={MULTI_LINE_FIELDS: LISTING_MULTI_LINE},
    )
    async def save_booking_listing(
        self, request: Request[Any, Any, Any], booking_id: FromPath[int]
    ) -> Template | Redirect:
        return await self._save_listing(request, await owner_of_booking(booking_id))

    async def _listing_of(self, request: Request[Any, Any, Any], owner: Owner) -> tuple[User, Activity | None]:
        user = current_user(request)
        assert user is not None
        if not await may_change(user, owner):
            raise Forbidden(
                gettext(
                    "Only whoever may change this series (its booker, its group's organisers or the venue's "
                    "managers) may change its listing."
                )
                if owner.booking is None
                else gettext(
                    "Only whoever may change this booking (its booker, its group's organisers or the venue's "
                    "managers) may change its listing."
                )
            )
        if owner.series is not None:
            taken = Activity.series == owner.series.id
        else:
            assert owner.booking is not None
            taken = Activity.booking == owner.booking.id
        return user, await Activity.objects().where(taken).first()

    async def _listing_page(
        self,
        request: Request[Any, Any, Any],
        owner: Owner,
        listing: ListingChoice | None = None,
        problems: list[str] | None = None,
        status_code: int = 200,
    ) -> Template:
        _, activity = await self._listing_of(request, owner)
        subject = owner.series if owner.series is not None else owner.booking
        assert subject is not None
        if listing is None:
            listing = ListingChoice.of(activity) if activity else ListingChoice(listing_title=subject.title)
        path = f"/my/{'series' if owner.series is not None else 'bookings'}/{subject.id}"
        return await page(
            request,
            "my_listing.html.j2",
            status_code=status_code,
            nav="mine",
            owner=owner,
            subject=subject,
            activity=activity,
            live=await is_live(owner),
            listing=listing,
            action=f"{path}/listing",
            back=path if owner.series is not None else "/my/bookings",
            problems=problems or [],
        )

    async def _save_listing(self, request: Request[Any, Any, Any], owner: Owner) -> Template | Redirect:
        user, activity = await self._listing_of(request, owner)
        listing = ListingChoice.read(await request.form())
        subject = owner.series if owner.series is not None else owner.booking
        assert subject is not None
        try:
            columns = listing.columns(default_title=subject.title)
            if activity is None:
                await attach_activity(user, owner, columns)
            else:
                await change_activity(user, activity.id, columns)
        except DomainError as error:
            return await self._listing_page(request, owner, listing, [error.detail], domain_status(error))
        if owner.series is not None:
            return Redirect(f"/my/series/{subject.id}?listed=1", status_code=303)
        return Redirect(f"/my/bookings?listed={subject.id}", status_code=303)
