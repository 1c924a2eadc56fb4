"""/my/bookings: what I asked for and my groups' bookings, with their status, and cancelling one."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.auth import requires_login
from api.pages.rendering import current_user, page
from scheduling.booking_lists import BookingFilters, bookings_of, space_labels
from scheduling.booking_status import HOLDS_TIME
from scheduling.bookings import cancel_booking

SHOWN = 100
RECENT = timedelta(days=7)


class MyBookingPages(Controller):
    path = "/my"
    guards = [requires_login]

    @get("/bookings", name="my_bookings")
    async def bookings(self, request: Request[Any, Any, Any]) -> Template:
        user = current_user(request)
        assert user is not None
        since = datetime.now(timezone.utc) - RECENT
        found, total = await bookings_of(user, BookingFilters(starts_from=since), limit=SHOWN, offset=0)
        labels = await space_labels(booking.space for booking in found)
        return await page(
            request,
            "my_bookings.html.j2",
            nav="mine",
            bookings=found,
            labels=labels,
            total=total,
            cancellable=set(str(status) for status in HOLDS_TIME),
            cancelled=request.query_params.get("cancelled"),
        )

    @post("/bookings/{booking_id:int}/cancel", status_code=303)
    async def cancel(self, request: Request[Any, Any, Any], booking_id: FromPath[int]) -> Redirect:
        user = current_user(request)
        assert user is not None
        form = await request.form()
        await cancel_booking(user, booking_id, str(form.get("reason", "")).strip()[:5000])
        return Redirect(f"/my/bookings?cancelled={booking_id}", status_code=303)
