"""/bookings/{id}/attendance: what happened at a session, said in a few taps on a phone after it (an organiser)
or at the desk (a manager); and /desk/venues/{id}/attendance: the venue's sessions waiting for a record.

The form works without the script (a "Held" / "Didn't happen" choice and number inputs); the page script only
adds − and + buttons beside the numbers. A series date is filled in from last time. After saving, the person goes
back where they came from (My bookings, the booking, the desk) with a message saying what was recorded.
Everything goes through ``scheduling.attendance`` as the API does.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.auth import requires_login
from api.errors import domain_status
from api.pages.support.rendering import current_user, form_int, page, query_int, query_string
from api.pages.support.wording import booking_named
from api.venues.guards import manages_path_venue
from scheduling.attendance.records import (
    MAX_HEADCOUNT,
    SessionAttendance,
    checked_counts,
    clear_record,
    record_of,
    record_session,
    session_attendance,
)
from scheduling.attendance.waiting import WAITING_DAYS, recently_recorded, waiting_at_venue
from scheduling.bookings.access import get_booking, standing
from scheduling.models import Booking, SessionRecord
from venues.core import clock
from venues.core.errors import DomainError, InvalidInput
from venues.core.i18n import gettext
from venues.lookups import get_venue
from venues.models import User

BACK = ("booking", "mine", "desk")
DESK_PAGE = 25
RECENT_SHOWN = 20


def back_to(back: str, booking: Booking) -> str:
    """Where the person came from: a fixed set of pages, never an address from the query string."""
    if back == "mine":
        return "/my/bookings"
    if back == "desk":
        return f"/desk/venues/{booking.venue}/attendance"
    return f"/bookings/{booking.id}"


def counts_said(record: SessionRecord) -> str:
    """``23 came, 4 for the first time`` or ``did not happen``."""
    if not record.held:
        return gettext("did not happen")
    if record.first_timers is not None:
        return gettext("%(headcount)s came, %(first_timers)s for the first time") % {
            "headcount": record.headcount,
            "first_timers": record.first_timers,
        }
    return gettext("%(headcount)s came") % {"headcount": record.headcount}


async def recorded_notice(user: User | None, raw: str | None) -> str | None:
    """``Youth club, Tue 5 Jan 2027 18:00–20:00: 23 came.`` for the session just recorded (``?recorded=<id>``);
    nothing for a booking the reader may not record or one with no record."""
    booking_id = query_int(raw)
    if booking_id is None or user is None:
        return None
    try:
        booking = await get_booking(booking_id)
    except DomainError:
        return None
    if not (await standing(user, booking)).sees_private:
        return None
    record = await record_of(booking.id)
    if record is None:
        return None
    tz = (await get_venue(booking.venue)).timezone
    return gettext("Saved: %(booking)s: %(counts)s.") % {
        "booking": booking_named(booking.title, booking.starts_at, booking.ends_at, tz),
        "counts": counts_said(record),
    }


def form_from(seen: SessionAttendance) -> dict[str, str]:
    """The form as it starts: the record, else last time's counts, else empty (held is the usual answer)."""
    if seen.record is not None:
        record = seen.record
        return {
            "held": "yes" if record.held else "no",
            "headcount": "" if record.headcount is None else str(record.headcount),
            "first_timers": "" if record.first_timers is None else str(record.first_timers),
        }
    if seen.suggestion is not None:
        first = seen.suggestion.first_timers
        return {
            "held": "yes",
            "headcount": str(seen.suggestion.headcount),
            "first_timers": "" if first is None else str(first),
        }
    return {"held": "yes", "headcount": "", "first_timers": ""}


class AttendancePages(Controller):
    path = "/bookings/{booking_id:int}/attendance"
    guards = [requires_login]

    async def _page(
        self,
        request: Request[Any, Any, Any],
        seen: SessionAttendance,
        back: str,
        form: dict[str, str] | None = None,
        problem: str = "",
        status_code: int = 200,
    ) -> Template:
        venue = await get_venue(seen.booking.venue)
        found = seen.standing
        return await page(
            request,
            "attendance.html.j2",
            status_code=status_code,
            nav="desk" if back == "desk" else "mine",
            booking=seen.booking,
            venue=venue,
            seen=seen,
            found=found,
            back=back,
            back_url=back_to(back, seen.booking),
            form=form or form_from(seen),
            problem=problem,
            most=MAX_HEADCOUNT,
            cleared=request.query_params.get("cleared") == "1",
        )

    @get("/", name="booking_attendance")
    async def show(self, request: Request[Any, Any, Any], booking_id: FromPath[int]) -> Template:
        back = request.query_params.get("back", "booking")
        seen = await session_attendance(current_user(request), booking_id)
        return await self._page(request, seen, back if back in BACK else "booking")

    @post("/", status_code=303)
    async def save(self, request: Request[Any, Any, Any], booking_id: FromPath[int]) -> Redirect | Template:
        user = current_user(request)
        assert user is not None
        form = await request.form()
        back = str(form.get("back", "booking"))
        back = back if back in BACK else "booking"
        values = {key: str(form.get(key, "")).strip()[:40] for key in ("held", "headcount", "first_timers")}
        try:
            if values["held"] not in ("yes", "no"):
                raise InvalidInput("held", gettext("Choose whether the session happened."))
            held = values["held"] == "yes"
            # A session that did not happen has no counts: numbers left in the boxes are not sent with it.
            headcount = form_int(values["headcount"], "headcount") if held else None
            first_timers = form_int(values["first_timers"], "first_timers") if held else None
            record = await record_session(user, booking_id, checked_counts(held, headcount, first_timers))
        except DomainError as error:
            seen = await session_attendance(user, booking_id)
            return await self._page(request, seen, back, values, error.detail, domain_status(error))
        booking = await get_booking(record.booking)
        return Redirect(f"{back_to(back, booking)}?{query_string([('recorded', booking.id)])}", status_code=303)

    @post("/clear", status_code=303)
    async def clear(self, request: Request[Any, Any, Any], booking_id: FromPath[int]) -> Redirect:
        user = current_user(request)
        assert user is not None
        form = await request.form()
        back = str(form.get("back", "booking"))
        await clear_record(user, booking_id)
        pairs = [("back", back if back in BACK else "booking"), ("cleared", 1)]
        return Redirect(f"/bookings/{booking_id}/attendance?{query_string(pairs)}", status_code=303)


class DeskAttendancePages(Controller):
    path = "/desk/venues/{venue_id:int}/attendance"
    guards = [manages_path_venue]

    @get("/", name="desk_attendance")
    async def waiting(self, request: Request[Any, Any, Any], venue_id: FromPath[int]) -> Template:
        venue = await get_venue(venue_id)
        page_number = max(1, query_int(request.query_params.get("page"), 1) or 1)
        found, total = await waiting_at_venue(venue.id, clock.now(), DESK_PAGE, (page_number - 1) * DESK_PAGE)
        return await page(
            request,
            "desk_attendance.html.j2",
            nav="desk",
            tab="attendance",
            venue=venue,
            waiting=found,
            total=total,
            page_number=page_number,
            more=page_number * DESK_PAGE < total,
            recent=await recently_recorded(venue.id, RECENT_SHOWN),
            counts_said=counts_said,
            days=WAITING_DAYS,
            done=await recorded_notice(current_user(request), request.query_params.get("recorded")),
        )
