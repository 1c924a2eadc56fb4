"""/bookings/{id}: one booking for those involved in it, with moving it and cancelling it.

A venue's managers see everything about a booking of their venue (booker and
contact, group, tier, price, purpose, series, history) and may move it to
another time or space of the venue; the booker and the group's organisers see
their own booking and may move or cancel it as the API lets them. To anyone
else the page is what an unknown id is: a 404. Moving goes through
``change_booking`` (a date of a series through ``change_occurrence``) and
cancelling through ``cancel_booking`` (``cancel_occurrence``), as the API does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.auth import requires_login
from api.errors import domain_status
from api.pages.attendance import counts_said, recorded_notice
from api.pages.support.rendering import checked, current_user, form_date, form_int, form_time, page
from api.pages.support.wording import booking_named, called_off, repeats
from api.pages.views.booking_history import history_lines
from api.text_input import MULTI_LINE_FIELDS
from scheduling.attendance.records import record_of
from scheduling.bookings.access import Standing, get_booking, standing
from scheduling.bookings.audit import history
from scheduling.bookings.changes import change_booking
from scheduling.bookings.lists import space_labels
from scheduling.bookings.status import HOLDS_TIME, BookingStatus
from scheduling.bookings.workflow import cancel_booking
from scheduling.extras.holds import chosen_by_booking
from scheduling.hire_answers.records import booking_record
from scheduling.holds.guard import Overlap
from scheduling.invoices.access import may_read_invoice
from scheduling.invoices.reading import invoices_of_booking
from scheduling.models import Booking, Deposit, Group, Invoice, Series
from scheduling.payments.balances import Balance, booking_balance
from scheduling.recurrence.rules import parse_rrule
from scheduling.series.access import called_off_counts
from scheduling.series.changes import cancel_occurrence, change_occurrence
from venues.core import clock
from venues.core.errors import DomainError, NotFound
from venues.core.i18n import gettext, lazy_gettext
from venues.core.i18n.content import shown
from venues.core.timezones import zone
from venues.lookups import get_space, get_venue
from venues.models import PriceTier, User, Venue
from venues.spaces.operations import list_spaces

MAX_REASON = 5000
DEPOSIT_WORDS = {
    "due": lazy_gettext("due, not received yet"),
    "held": lazy_gettext("held by the venue, returned after the booking"),
    "returned": lazy_gettext("returned"),
    "part_returned": lazy_gettext("partly returned"),
    "retained": lazy_gettext("kept by the venue"),
}
HISTORY_SHOWN = 200


async def involved_booking(user: User | None, booking_id: int) -> tuple[Booking, Standing]:
    """The booking and the caller's standing; a 404 for anyone not involved, as for an unknown id."""
    booking = await get_booking(booking_id)
    found = await standing(user, booking)
    if not found.sees_private:
        raise NotFound(gettext("There is no booking with id %(id)s.") % {"id": booking_id})
    return booking, found


@dataclass(frozen=True)
class Rights:
    """What this person may do with this booking here: the API's rules, worked out before offering a form."""

    move: bool
    change_space: bool
    cancel: bool


def rights(booking: Booking, found: Standing, requires_approval: bool, now: datetime) -> Rights:
    if booking.status not in HOLDS_TIME:
        return Rights(False, False, False)
    if booking.series is not None:
        # A date of a series is run by its group's organisers and the venue's managers, and only before it starts.
        runs = (found.manages or found.organises) and booking.starts_at > now
        may_move = runs and (found.manages or not (booking.status == BookingStatus.confirmed and requires_approval))
        return Rights(may_move, may_move and found.manages, runs)
    confirmed_needs_manager = booking.status == BookingStatus.confirmed and requires_approval
    may_move = found.manages or (found.acts_for_booker and not confirmed_needs_manager)
    return Rights(may_move, found.manages, found.manages or found.acts_for_booker)


def move_form(booking: Booking, tz_name: str) -> dict[str, str]:
    """The move form filled in with the booking as it stands, in venue time."""
    starts, ends = booking.starts_at.astimezone(zone(tz_name)), booking.ends_at.astimezone(zone(tz_name))
    return {
        "space_id": str(booking.space),
        "date": starts.date().isoformat(),
        "start": f"{starts:%H:%M}",
        "end": f"{ends:%H:%M}",
        "reason": "",
        "override_rules": "",
    }


def wanted_times(values: dict[str, str]) -> tuple[datetime, datetime]:
    """Naive venue times from the form; an end at or before the start is on the next day (00:00 is midnight).

    So a booking that runs past midnight keeps its shape when re-timed; a slip of the finger
    becomes a booking the space's longest-booking rule refuses, with the reason.
    """
    day = form_date(values["date"], "date")
    assert day is not None
    starts, ends = form_time(values["start"], "start"), form_time(values["end"], "end")
    end_day = day + timedelta(days=1) if ends <= starts else day
    return datetime.combine(day, starts), datetime.combine(end_day, ends)


async def clash_message(error: Overlap, tz_name: str) -> tuple[str, list[Booking]]:
    """``That time clashes with Choir, Tue 5 Jan, 10:00–12:00 (Main hall).`` for those who may know who holds it."""
    ids = sorted({clash["booking_id"] for clash in error.extra.get("clashes", []) if "booking_id" in clash})
    if not ids:
        return error.detail, []
    clashing = await Booking.objects().where(Booking.id.is_in(ids)).order_by(Booking.starts_at)
    labels = await space_labels(other.space for other in clashing)
    named = [
        f"{booking_named(other.title, other.starts_at, other.ends_at, tz_name)} ({labels[other.space].name})"
        for other in clashing
    ]
    text = gettext("That time clashes with %(bookings)s (set-up and clean-up times included). Nothing was changed.") % {
        "bookings": "; ".join(named)
    }
    return text, list(clashing)


async def booking_page(
    request: Request[Any, Any, Any],
    booking: Booking,
    found: Standing,
    form: dict[str, str] | None = None,
    problem: str = "",
    clashing: list[Booking] | None = None,
    status_code: int = 200,
) -> Template:
    venue = await get_venue(booking.venue)
    space = await get_space(booking.space)
    tz = venue.timezone
    group = await Group.objects().where(Group.id == booking.group).first() if booking.group is not None else None
    tier = await PriceTier.objects().where(PriceTier.id == booking.tier).first() if booking.tier is not None else None
    series = await Series.objects().where(Series.id == booking.series).first() if booking.series is not None else None
    now = clock.now()
    may = rights(booking, found, space.requires_approval, now)
    spaces = (await list_spaces(venue.id, include_archived=False, limit=100, offset=0))[0] if may.change_space else []
    rows, _ = await history(booking.id, HISTORY_SHOWN, 0)
    names = await _names(venue, rows)
    done = request.query_params.get("done")
    # A confirmed session that has started can be recorded by anyone this page is for (all of them may).
    record_due = booking.status == BookingStatus.confirmed and booking.starts_at <= now
    return await page(
        request,
        "booking_detail.html.j2",
        status_code=status_code,
        nav="desk" if found.manages else "mine",
        booking=booking,
        venue=venue,
        space=space,
        group=group,
        tier=tier,
        series=series,
        repeats=_series_words(series) + await _called_off(series, found),
        found=found,
        may=may,
        spaces=spaces,
        form=form or move_form(booking, tz),
        problem=problem,
        clashing=clashing or [],
        history=history_lines(rows, tz, names),
        done=done if done in ("moved", "cancelled") else None,
        week=_week_link(booking, venue),
        answer_at=_answer_link(booking, found, now),
        extras=(await chosen_by_booking([booking.id])).get(booking.id, []),
        hire=await booking_record(booking.id, booking.series),
        money=await booking_money(booking, current_user(request)),
        deposit_words=DEPOSIT_WORDS,
        record_due=record_due,
        attendance=await record_of(booking.id) if record_due else None,
        counts_said=counts_said,
        recorded=await recorded_notice(current_user(request), request.query_params.get("recorded")),
    )


@dataclass(frozen=True)
class BookingMoney:
    """What the booking has been invoiced, what is owed on it and its deposit, for those the page is for."""

    invoices: list[tuple[Invoice, bool]]  # each invoice or credit note, and whether the reader may open it
    balance: Balance
    deposit: Deposit | None


async def booking_money(booking: Booking, user: User | None) -> BookingMoney | None:
    """None when nothing was ever invoiced, paid or asked as a deposit (a free booking, a request)."""
    invoices = await invoices_of_booking(booking.id)
    deposit = await Deposit.objects().where(Deposit.booking == booking.id).first()
    balance = await booking_balance(booking.venue, booking.id)
    if not invoices and deposit is None and not balance.paid_minor:
        return None
    return BookingMoney([(i, await may_read_invoice(user, i)) for i in invoices], balance, deposit)


def _answer_link(booking: Booking, found: Standing, now: datetime) -> str | None:
    """Where a manager answers this request: its place in the venue's queue (a weekly request is answered
    as one series there), or None when it is not theirs to answer or no longer waiting."""
    if not found.manages or booking.status != BookingStatus.requested or booking.starts_at <= now:
        return None
    anchor = f"series-{booking.series}" if booking.series is not None else f"request-{booking.id}"
    return f"/desk/venues/{booking.venue}#{anchor}"


def _series_words(series: Series | None) -> str:
    if series is None:
        return ""
    try:
        rule = parse_rrule(series.rrule)
    except DomainError:
        return gettext("Repeats")
    return repeats(str(rule.freq), rule.interval, rule.by_day, rule.until, rule.count)


async def _called_off(series: Series | None, found: Standing) -> str:
    """`` (3 cancelled)`` for the series' managers, organisers and booker; nothing for anyone else."""
    if series is None or not found.sees_private:
        return ""
    return called_off((await called_off_counts([series.id])).get(series.id, {}))


def _week_link(booking: Booking, venue: Venue) -> str:
    day: date = booking.starts_at.astimezone(zone(venue.timezone)).date()
    return f"/desk/venues/{venue.id}/week?week={day.isoformat()}"


async def _names(venue: Venue, rows: list[dict[str, Any]]) -> dict[str, dict[int, str]]:
    """Names for the space, group and tier ids the history mentions (the venue's own, by one query each)."""
    spaces, _ = await list_spaces(venue.id, include_archived=True, limit=1000, offset=0)
    names: dict[str, dict[int, str]] = {"space": {space.id: shown(space, "name").text for space in spaces}}
    ids: dict[str, set[int]] = {"group": set(), "tier": set()}
    for row in rows:
        changes = row["changes"] if isinstance(row["changes"], dict) else {}
        for field in ids:
            for value in changes.get(field, []) if isinstance(changes.get(field), list) else []:
                if isinstance(value, int):
                    ids[field].add(value)
    names["group"] = (
        {
            row["id"]: shown(row, "name").text
            for row in await Group.select(Group.id, Group.name, Group.name_cy).where(Group.id.is_in(list(ids["group"])))
        }
        if ids["group"]
        else {}
    )
    names["tier"] = (
        {
            row["id"]: row["name"]
            for row in await PriceTier.select(PriceTier.id, PriceTier.name).where(PriceTier.id.is_in(list(ids["tier"])))
        }
        if ids["tier"]
        else {}
    )
    return names


def _form_values(form: Any, booking: Booking) -> dict[str, str]:
    def text(key: str, default: str = "") -> str:
        value = form.get(key)
        return str(value).strip()[:MAX_REASON] if value is not None else default

    return {
        "space_id": text("space_id", str(booking.space)),
        "date": text("date"),
        "start": text("start"),
        "end": text("end"),
        "reason": text("reason"),
        "override_rules": "on" if checked(form.get("override_rules")) else "",
    }


class BookingDetailPages(Controller):
    path = "/bookings"
    guards = [requires_login]

    @get("/{booking_id:int}", name="booking_detail")
    async def show(self, request: Request[Any, Any, Any], booking_id: FromPath[int]) -> Template:
        booking, found = await involved_booking(current_user(request), booking_id)
        return await booking_page(request, booking, found)

    @post("/{booking_id:int}/move", status_code=303, opt={MULTI_LINE_FIELDS: {"reason"}})
    async def move(self, request: Request[Any, Any, Any], booking_id: FromPath[int]) -> Redirect | Template:
        user = current_user(request)
        assert user is not None
        booking, found = await involved_booking(user, booking_id)
        values = _form_values(await request.form(), booking)
        try:
            starts_at, ends_at = wanted_times(values)
            fields: dict[str, Any] = {"starts_at": starts_at, "ends_at": ends_at}
            space_id = form_int(values["space_id"], "space_id", booking.space)
            if space_id != booking.space:
                fields["space_id"] = space_id
            override = found.manages and bool(values["override_rules"])
            if booking.series is not None:
                await change_occurrence(
                    user, booking.series, str(booking.id), fields, override, reason=values["reason"]
                )
            else:
                await change_booking(user, booking.id, fields, override, reason=values["reason"])
        except DomainError as error:
            problem, clashing = error.detail, list[Booking]()
            if isinstance(error, Overlap) and found.manages:
                problem, clashing = await clash_message(error, (await get_venue(booking.venue)).timezone)
            return await booking_page(
                request, await get_booking(booking.id), found, values, problem, clashing, domain_status(error)
            )
        return Redirect(f"/bookings/{booking.id}?done=moved", status_code=303)

    @get("/{booking_id:int}/cancel", name="booking_cancel")
    async def confirm_cancel(self, request: Request[Any, Any, Any], booking_id: FromPath[int]) -> Template:
        booking, found = await involved_booking(current_user(request), booking_id)
        venue = await get_venue(booking.venue)
        space = await get_space(booking.space)
        return await page(
            request,
            "booking_cancel.html.j2",
            nav="desk" if found.manages else "mine",
            booking=booking,
            venue=venue,
            space=space,
            may=rights(booking, found, space.requires_approval, clock.now()),
        )

    @post("/{booking_id:int}/cancel", status_code=303, opt={MULTI_LINE_FIELDS: {"reason"}})
    async def cancel(self, request: Request[Any, Any, Any], booking_id: FromPath[int]) -> Redirect:
        user = current_user(request)
        assert user is not None
        booking, _ = await involved_booking(user, booking_id)
        form = await request.form()
        if form.get("confirm") != "yes":
            # Only the confirm page's button says yes: anything else is shown what it would cancel first.
            return Redirect(f"/bookings/{booking.id}/cancel", status_code=303)
        reason = str(form.get("reason", "")).strip()[:MAX_REASON]
        if booking.series is not None:
            await cancel_occurrence(user, booking.series, str(booking.id), reason)
        else:
            await cancel_booking(user, booking.id, reason)
        return Redirect(f"/bookings/{booking.id}?done=cancelled", status_code=303)
