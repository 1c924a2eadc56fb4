"""Quoting a time someone asks about: read in the venue's zone and checked as a booking would be, then priced
at the tier that applies (``resolve_tier``). Nothing is held or written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from scheduling.availability.free_time import check_window
from scheduling.bookings.rules import require_plausible
from scheduling.extras.holds import checked_choices
from scheduling.pricing.quotes import ChosenExtra, Quote, quote, resolve_tier
from venues.core.timezones import booked_utc
from venues.spaces.bookable import load_bookable


@dataclass(frozen=True)
class QuotedTime:
    """The time as it would be booked (UTC) and what it would cost."""

    space_id: int
    starts_at: datetime
    ends_at: datetime
    quote: Quote


async def quote_time(
    space_id: int,
    starts_at: datetime,
    ends_at: datetime,
    tier_id: int | None = None,
    group_id: int | None = None,
    extras: Sequence[tuple[int, int]] = (),
) -> QuotedTime:
    """The price of ``space_id`` for ``[starts_at, ends_at)`` (naive times are the venue's wall clock) at
    ``tier_id``, else the group's agreed tier, else the standard one, with ``extras`` as (extra_id, quantity), checked as a request's are (``checked_choices``)."""
    require_plausible(starts_at, "starts_at")
    require_plausible(ends_at, "ends_at")
    bookable = await load_bookable(space_id)
    starts_utc = booked_utc(starts_at, bookable.tz, "starts_at")
    ends_utc = booked_utc(ends_at, bookable.tz, "ends_at")
    check_window(starts_utc, ends_utc, "starts_at", "ends_at")
    tier = await resolve_tier(bookable.venue.id, tier_id, group_id)
    chosen = [ChosenExtra(c.extra, c.quantity) for c in await checked_choices(bookable.venue.id, extras)]
    priced = await quote(bookable.space, tier, starts_utc, ends_utc, chosen)
    return QuotedTime(bookable.space.id, starts_utc, ends_utc, priced)
