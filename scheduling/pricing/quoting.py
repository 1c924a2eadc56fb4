"""Quoting a time someone asks about: read in the venue's zone and checked as a booking would be, then priced
at the tier that applies (``resolve_tier``). Nothing is held or written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from scheduling.availability.free_time import check_window
from scheduling.bookings.rules import require_plausible
from scheduling.pricing.quotes import ChosenExtra, Quote, quote, resolve_tier
from venues.core.errors import InvalidInput
from venues.core.timezones import booked_utc
from venues.models import Extra
from venues.spaces.bookable import load_bookable


@dataclass(frozen=True)
class QuotedTime:
    """The time as it would be booked (UTC) and what it would cost."""

    space_id: int
    starts_at: datetime
    ends_at: datetime
    quote: Quote


async def chosen_extras(venue_id: int, wanted: Sequence[tuple[int, int]], field: str = "extras") -> list[ChosenExtra]:
    """``(extra_id, quantity)`` pairs as the venue's extras: each must be the venue's, not archived, listed once
    (one query)."""
    ids = [extra_id for extra_id, _ in wanted]
    found = {extra.id: extra for extra in await Extra.objects().where(Extra.id.is_in(ids))} if ids else {}
    chosen = []
    for index, (extra_id, quantity) in enumerate(wanted):
        extra = found.get(extra_id)
        if extra is None or extra.venue != venue_id or extra.archived:
            raise InvalidInput(f"{field}[{index}].extra_id", f"Extra {extra_id} is not one this venue offers.")
        if ids.index(extra_id) != index:
            raise InvalidInput(f"{field}[{index}].extra_id", f"Extra {extra_id} is listed more than once.")
        if quantity < 1:
            raise InvalidInput(f"{field}[{index}].quantity", "Ask for at least one.")
        chosen.append(ChosenExtra(extra, quantity))
    return chosen


async def quote_time(
    space_id: int,
    starts_at: datetime,
    ends_at: datetime,
    tier_id: int | None = None,
    group_id: int | None = None,
    extras: Sequence[tuple[int, int]] = (),
) -> QuotedTime:
    """The price of ``space_id`` for ``[starts_at, ends_at)`` (naive times are the venue's wall clock) at
    ``tier_id``, else the group's agreed tier, else the standard one, with ``extras`` as (extra_id, quantity)."""
    require_plausible(starts_at, "starts_at")
    require_plausible(ends_at, "ends_at")
    bookable = await load_bookable(space_id)
    starts_utc = booked_utc(starts_at, bookable.tz, "starts_at")
    ends_utc = booked_utc(ends_at, bookable.tz, "ends_at")
    check_window(starts_utc, ends_utc, "starts_at", "ends_at")
    tier = await resolve_tier(bookable.venue.id, tier_id, group_id)
    chosen = await chosen_extras(bookable.venue.id, extras)
    priced = await quote(bookable.space, tier, starts_utc, ends_utc, chosen)
    return QuotedTime(bookable.space.id, starts_utc, ends_utc, priced)
