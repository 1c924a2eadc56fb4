"""/my/bookings: what I asked for and my groups' bookings, with their status, and cancelling one.

A date of a weekly booking is called off as the series API does it (only its organisers or
the venue's managers may), so the series keeps its record of the cancelled date.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.auth import requires_login
from api.pages.support.rendering import current_user, page
from api.text_input import MULTI_LINE_FIELDS
from scheduling.bookings.access import get_booking
from scheduling.bookings.lists import BookingFilters, bookings_of, space_labels
from scheduling.bookings.status import HOLDS_TIME
from scheduling.bookings.workflow import cancel_booking
from scheduling.models import Booking
from scheduling.series.changes import cancel_occurrence
from venues.core import clock

SHOWN = 500
RECENT = timedelta(days=7)


@dataclass(frozen=True)
class Entry:
    """A one-off booking, or the next date of a weekly one with how many more of its dates follow."""

    booking: Booking
    more_dates: int = 0


def entries(bookings: list[Booking]) -> list[Entry]:
    """One line per one-off booking and per series (its earliest date listed), in time order."""
    dates = Counter(booking.series for booking in bookings if booking.series is not None)
    seen: set[int] = set()
    found = []
    for booking in bookings:
        if booking.series is None:
            found.append(Entry(booking))
        elif booking.series not in seen:
            seen.add(booking.series)
            found.append(Entry(booking, dates[booking.series] - 1))
    return found


class MyBookingPages(Controller):
    path = "/my"
    guards = [requires_login]

    @get("/bookings", name="my_bookings")
    async def bookings(self, request: Request[Any, Any, Any]) -> Template:
        user = current_user(request)
        assert user is not None
        since = clock.now_exact() - RECENT
        found, total = await bookings_of(user, BookingFilters(starts_from=since), limit=SHOWN, offset=0)
        labels = await space_labels(booking.space for booking in found)
        return await page(
            request,
            "my_bookings.html.j2",
            nav="mine",
            entries=entries(found),
            shown=len(found),
            labels=labels,
            total=total,
            cancellable=set(str(status) for status in HOLDS_TIME),
            cancelled=request.query_params.get("cancelled"),
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
