"""The desk's answer to confirming a request its venue's own hours or closures leave out: why, and "Confirm anyway"."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.response import Template

from api.pages.support.rendering import page
from scheduling.bookings.access import get_booking
from venues.core.errors import RuleViolation
from venues.lookups import get_venue


async def confirm_anyway_page(
    request: Request[Any, Any, Any], booking_id: int, reason: str, refused: RuleViolation
) -> Template:
    """A 422 page naming the booking and the reason, with a form that confirms it with the override."""
    booking = await get_booking(booking_id)
    venue = await get_venue(booking.venue)
    return await page(
        request,
        "desk_confirm_anyway.html.j2",
        status_code=422,
        nav="desk",
        venue=venue,
        booking=booking,
        refusal=refused.detail,
        reason=reason,
    )
