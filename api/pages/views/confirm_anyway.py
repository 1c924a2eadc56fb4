"""The desk's answer to confirming a request its venue's own hours or closures leave out: why, and "Confirm anyway".

One page for a single request and for a series request's dates: it names what was
asked, says why the opening leaves it out (each date, for a series), and repeats
the form with the override and whatever the manager had chosen (note, tier, dates).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from litestar import Request
from litestar.response import Template

from api.pages.support.rendering import page
from api.pages.support.wording import booking_named
from scheduling.bookings.access import get_booking
from scheduling.models import Series
from venues.core.errors import RuleViolation
from venues.core.i18n import _, ngettext
from venues.lookups import get_venue


async def confirm_anyway_page(
    request: Request[Any, Any, Any], booking_id: int, reason: str, refused: RuleViolation
) -> Template:
    """A 422 page naming the booking and the reason, with a form that confirms it with the override."""
    booking = await get_booking(booking_id)
    venue = await get_venue(booking.venue)
    named = booking_named(booking.title, booking.starts_at, booking.ends_at, venue.timezone)
    return await _page(request, venue, named, f"/desk/bookings/{booking.id}/confirm", reason, refused, [])


async def confirm_dates_anyway_page(
    request: Request[Any, Any, Any],
    series: Series,
    reason: str,
    refused: RuleViolation,
    dates: Sequence[str],
    tier_id: int | None,
) -> Template:
    """The same for a series request: the dates left out, each with why, and the form again for the ticked dates."""
    venue = await get_venue(series.venue)
    hidden = [("date", day) for day in dates] + ([("tier_id", str(tier_id))] if tier_id is not None else [])
    named = ngettext("%(title)s: %(num)d date ticked", "%(title)s: %(num)d dates ticked", len(dates)) % {
        "title": series.title or _("Series"),
        "num": len(dates),
    }
    return await _page(request, venue, named, f"/desk/series/{series.id}/confirm", reason, refused, hidden)


async def _page(
    request: Request[Any, Any, Any],
    venue: Any,
    named: str,
    action: str,
    reason: str,
    refused: RuleViolation,
    hidden: list[tuple[str, str]],
) -> Template:
    left_out = list(refused.extra.get("dates") or [])
    return await page(
        request,
        "desk_confirm_anyway.html.j2",
        status_code=422,
        nav="desk",
        venue=venue,
        named=named,
        action=action,
        refusal=refused.detail,
        left_out=left_out,
        hidden=hidden,
        reason=reason,
    )
