"""Changing a booking that still holds time: moving it (re-checked under the overlap guard) or editing details."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from scheduling.bookings.access import get_booking, standing
from scheduling.bookings.audit import diff, record
from scheduling.bookings.rules import capacity_violations, check_booking, enforce, require_plausible
from scheduling.bookings.status import HOLDS_TIME, BookingStatus, WrongStatus
from scheduling.bookings.workflow import PUBLISHED, price_for, save_changes, snapshot
from scheduling.holds.guard import claiming
from scheduling.holds.occupancy import hold_for, release, write_hold
from scheduling.models import Booking
from scheduling.pricing.quotes import resolve_tier
from scheduling.recurrence.schedule import touch_series
from venues.core import clock
from venues.core.database import write_transaction
from venues.core.errors import Forbidden
from venues.core.timezones import booked_utc
from venues.models import User
from venues.publication import touch_venue
from venues.spaces.bookable import load_bookable

EDITABLE = frozenset(
    {
        "starts_at",
        "ends_at",
        "title",
        "purpose",
        "attendance",
        "is_public",
        "booker_name",
        "booker_email",
        "booker_phone",
        "tier_id",
    }
)


async def change_booking(
    actor: User,
    booking_id: int,
    fields: dict[str, Any],
    override_rules: bool = False,
    reason: str = "",
    now: datetime | None = None,
    alongside: Callable[[Booking], Awaitable[None]] | None = None,
) -> Booking:
    """Apply ``fields`` (a subset of ``EDITABLE``); a new time replaces the occupancy in the same transaction.

    The booker and the group's organisers may edit their booking, and move it
    while it is still a request (or when the space needs no approval); moving
    a confirmed booking of an approval space, changing its tier and overriding
    rules are for the venue's managers. ``alongside`` runs in the same
    transaction when something changed (a series records the change to itself).
    """
    now = now or clock.now()
    for key in ("starts_at", "ends_at"):
        if key in fields:
            require_plausible(fields[key], key)
    booking = await get_booking(booking_id)
    found = await standing(actor, booking)
    if not found.sees_private:
        raise Forbidden("Only the booker, the group's organisers or the venue's managers may change this booking.")
    if booking.status not in HOLDS_TIME:
        raise WrongStatus(f"This booking is {booking.status}; only requested or confirmed bookings can be changed.")
    if (override_rules or "tier_id" in fields) and not found.manages:
        raise Forbidden("Only this venue's managers may override rules or change the price tier.")
    bookable = await load_bookable(booking.space)
    tz = bookable.tz
    starts_at = booked_utc(fields.get("starts_at", booking.starts_at), tz, "starts_at")
    ends_at = booked_utc(fields.get("ends_at", booking.ends_at), tz, "ends_at")
    moved = (starts_at, ends_at) != (booking.starts_at, booking.ends_at)
    if moved and not found.manages and booking.status == BookingStatus.confirmed and bookable.space.requires_approval:
        raise Forbidden("This booking is confirmed: ask the venue's managers to move it.")

    values: dict[str, Any] = {key: value for key, value in fields.items() if key in EDITABLE - {"tier_id"}}
    values.update(starts_at=starts_at, ends_at=ends_at)
    if "tier_id" in fields:
        values["tier"] = (await resolve_tier(bookable.venue.id, fields["tier_id"], booking.group)).id
    attendance = values.get("attendance", booking.attendance)
    overridden: list[str] = []
    if moved:
        overridden = await check_booking(bookable, starts_at, ends_at, attendance, now, override_rules)
        if overridden:
            values["rules_overridden"] = True
        if booking.series is not None:
            values["detached"] = True
    elif attendance != booking.attendance:
        enforce(capacity_violations(bookable, attendance))

    before = snapshot(booking)
    changes = diff(before, {**before, **values})
    if not changes:
        return booking
    if booking.status == BookingStatus.confirmed and (
        "starts_at" in changes or "ends_at" in changes or "tier" in changes
    ):
        tier_id = values.get("tier", booking.tier)
        values.update(await price_for(bookable, tier_id, booking.group, starts_at, ends_at))
    touches_public = bool(PUBLISHED & changes.keys())

    async def write() -> None:
        await save_changes(booking, values, now)
        event = diff(before, snapshot(booking))
        if overridden:
            event["overridden_rules"] = [[], overridden]
        await record(booking.id, actor.id, "changed", event, reason)
        if alongside is not None:
            await alongside(booking)
        elif booking.series is not None and touches_public:
            await touch_series(booking.series, now)
        # Even a change only to private fields bumps the booking's SEQUENCE and LAST-MODIFIED, which every
        # feed showing it prints (a space feed shows every booking holding time): cached feeds must go.
        await touch_venue(booking.venue)

    if moved:
        hold = hold_for(bookable, starts_at, ends_at)
        async with claiming(hold, tz, reveal=found.manages, exclude_booking_id=booking.id):
            await release(booking.id)
            await write_hold(booking.id, hold, bookable)
            await write()
    else:
        async with write_transaction():
            await write()
    return booking
